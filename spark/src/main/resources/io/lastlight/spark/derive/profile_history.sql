-- twin of io/lastlight/derive/profile_history.sql sha256: 29c3e1fdd1bed72cd94f92f3acd57099b9cea332450943bdc97d4b1c66046d72
-- profile_history: counts per user (platform, instance, user_id) per capture time; the profile endpoint's observation wins, then the earliest
-- record in WARC order. Spark twin of io/lastlight/derive/profile_history.sql.
WITH pick AS (
    SELECT min(struct(source <> 'profile' AS p, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS k
    FROM profile_observations GROUP BY platform, instance, user_id, capture_time
)
SELECT o.* FROM profile_observations o
JOIN pick p ON o.warc_file = p.k.f AND o.file_row_number = p.k.r
