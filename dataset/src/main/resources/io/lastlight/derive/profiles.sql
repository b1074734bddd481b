-- profiles: the latest observation of each user, a user being (platform, instance, user_id): Mastodon-API servers
-- number their own accounts, so equal ids of two servers are two users (instance is null for Parler, and GROUP
-- BY takes nulls as one group). Observations from the profile endpoint win over user
-- objects embedded in lists (they are the platform's own account of the profile); among equals the
-- latest capture wins. first_seen/last_seen/observation_count span every observation.
-- One aggregation over the key columns picks the observation (ties broken by file and row, so the choice is
-- deterministic); the chosen full rows are joined in.
-- platform_software: what the captures of the server's self-description said about the host the chosen
-- observation came from (platform_stats metric software); a fork's own name wins over "mastodon" (Truth
-- Social's nodeinfo, if any, reads Mastodon while its instance version names it), then the latest capture.
-- The rows of one user share its user_id whatever their instance, so ranges of user_id never split a user:
-- partition by: profile_observations(user_id)
WITH software AS (
    SELECT regexp_extract(target_uri, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1) AS host,
           max((detail <> 'mastodon', capture_time, warc_file, warc_offset, detail))[5] AS platform_software
    FROM platform_stats WHERE metric = 'software' AND detail IS NOT NULL GROUP BY 1
), agg AS (
    SELECT platform, instance, user_id, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           max((source = 'profile', capture_time, warc_file, warc_offset, file_row_number)) AS best
    FROM profile_observations GROUP BY platform, instance, user_id
)
SELECT o.*, a.first_seen, a.last_seen, a.observation_count, s.platform_software
FROM profile_observations o
JOIN agg a ON o.warc_file = a.best[3] AND o.file_row_number = a.best[5]
LEFT JOIN software s ON s.host = regexp_extract(o.target_uri, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1)
