-- profiles: the latest observation of each user. Observations from the profile endpoint win over user
-- objects embedded in lists (they are the platform's own account of the profile); among equals the
-- latest capture wins. first_seen/last_seen/observation_count span every observation.
SELECT o.*, a.first_seen, a.last_seen, a.observation_count
FROM (
    SELECT * FROM profile_observations
    QUALIFY row_number() OVER (PARTITION BY platform, user_id
        ORDER BY (source = 'profile') DESC, capture_time DESC, warc_file DESC, warc_offset DESC) = 1
) o
JOIN (
    SELECT platform, user_id, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count
    FROM profile_observations GROUP BY platform, user_id
) a USING (platform, user_id)
