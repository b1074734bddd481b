-- twin of io/lastlight/derive/daily_signups.sql sha256: 650d4800e3968ea9162356a2a8eeb50903ce78ef8766c7b239c1a11a142c0633
-- daily_signups: captured profiles per UTC join day, with the running total per platform and instance. Spark twin of
-- io/lastlight/derive/daily_signups.sql (the job's session time zone is UTC, so to_date is the UTC day).
WITH joined AS (
    SELECT platform, instance, to_date(joined_at) AS day FROM profiles WHERE joined_at IS NOT NULL
)
SELECT platform, instance, day, count(*) AS signups, sum(count(*)) OVER (PARTITION BY platform, instance ORDER BY day) AS cumulative
FROM joined
GROUP BY platform, instance, day
