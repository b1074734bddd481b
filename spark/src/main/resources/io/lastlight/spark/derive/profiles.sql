-- twin of io/lastlight/derive/profiles.sql sha256: f9ffc9d0d36d61b27d0d8e59dd9e5ecb622182a0904b7c14d4aa1caacfb97085
-- profiles: the latest observation of each user (profile-endpoint observations win over embedded user objects,
-- then the latest capture; ties by file and row). Spark twin of io/lastlight/derive/profiles.sql: row values
-- become named structs, compared field by field as DuckDB compares row values.
WITH agg AS (
    SELECT platform, user_id, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           max(struct(source = 'profile' AS p, capture_time AS t, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS best
    FROM profile_observations GROUP BY platform, user_id
)
SELECT o.*, a.first_seen, a.last_seen, a.observation_count
FROM profile_observations o
JOIN agg a ON o.warc_file = a.best.f AND o.file_row_number = a.best.r
