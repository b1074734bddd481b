-- profiles: the latest observation of each user. Observations from the profile endpoint win over user
-- objects embedded in lists (they are the platform's own account of the profile); among equals the
-- latest capture wins. first_seen/last_seen/observation_count span every observation.
-- One aggregation over the key columns picks the observation (ties broken by file and row, so the choice is
-- deterministic); the chosen full rows are joined in.
-- partition by: profile_observations(user_id)
WITH agg AS (
    SELECT platform, user_id, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           max((source = 'profile', capture_time, warc_file, warc_offset, file_row_number)) AS best
    FROM profile_observations GROUP BY platform, user_id
)
SELECT o.*, a.first_seen, a.last_seen, a.observation_count
FROM profile_observations o
JOIN agg a ON o.warc_file = a.best[3] AND o.file_row_number = a.best[5]
