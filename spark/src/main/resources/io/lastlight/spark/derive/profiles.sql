-- twin of io/lastlight/derive/profiles.sql sha256: 27fe40733c75364418e481572a6f8c1b000b54e48280ad40088b839755a61579
-- profiles: the latest observation of each user, a user being (platform, instance, user_id) (profile-endpoint observations win over embedded user objects,
-- then the latest capture; ties by file and row). Spark twin of io/lastlight/derive/profiles.sql: row values
-- become named structs, compared field by field as DuckDB compares row values.
-- platform_software: the software the captures of the server's self-description named for the host the chosen
-- observation came from (platform_stats metric software); a fork's own name wins over "mastodon", then the latest.
WITH software AS (
    SELECT regexp_extract(target_uri, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1) AS host,
           max(struct(detail <> 'mastodon' AS m, capture_time AS t, warc_file AS f, warc_offset AS o, detail AS d)).d
               AS platform_software
    FROM platform_stats WHERE metric = 'software' AND detail IS NOT NULL
    GROUP BY regexp_extract(target_uri, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1)
), agg AS (
    SELECT platform, instance, user_id, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           max(struct(source = 'profile' AS p, capture_time AS t, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS best
    FROM profile_observations GROUP BY platform, instance, user_id
)
SELECT o.*, a.first_seen, a.last_seen, a.observation_count, s.platform_software
FROM profile_observations o
JOIN agg a ON o.warc_file = a.best.f AND o.file_row_number = a.best.r
LEFT JOIN software s ON s.host = regexp_extract(o.target_uri, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)', 1)
