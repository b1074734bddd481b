-- daily_signups: captured profiles per UTC join day, with the running total per platform.
WITH joined AS (
    SELECT platform, CAST(joined_at AT TIME ZONE 'UTC' AS DATE) AS day FROM profiles WHERE joined_at IS NOT NULL
)
SELECT platform, day, count(*) AS signups, sum(count(*)) OVER (PARTITION BY platform ORDER BY day) AS cumulative
FROM joined
GROUP BY platform, day
