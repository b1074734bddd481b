-- twin of io/lastlight/derive/profile_history.sql sha256: 55053cb9f9e9449cb9c8f4e5b4d4c6b7dd2730c2b096fd1b0b761b50d01b45d9
-- profile_history: counts per user per capture time; the profile endpoint's observation wins, then the earliest
-- record in WARC order. Spark twin of io/lastlight/derive/profile_history.sql.
WITH pick AS (
    SELECT min(struct(source <> 'profile' AS p, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS k
    FROM profile_observations GROUP BY platform, user_id, capture_time
)
SELECT o.* FROM profile_observations o
JOIN pick p ON o.warc_file = p.k.f AND o.file_row_number = p.k.r
