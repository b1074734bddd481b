-- twin of io/lastlight/derive/daily_signups.sql sha256: 797c39785c2c564f1d7b0368435b9a56c595150107b16fea5d088e1c903f12d4
-- daily_signups: captured profiles per UTC join day, with the running total per platform. Spark twin of
-- io/lastlight/derive/daily_signups.sql (the job's session time zone is UTC, so to_date is the UTC day).
WITH joined AS (
    SELECT platform, to_date(joined_at) AS day FROM profiles WHERE joined_at IS NOT NULL
)
SELECT platform, day, count(*) AS signups, sum(count(*)) OVER (PARTITION BY platform ORDER BY day) AS cumulative
FROM joined
GROUP BY platform, day
