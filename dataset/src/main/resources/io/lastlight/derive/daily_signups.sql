-- daily_signups: captured profiles per UTC join day, with the running total per platform and instance (each
-- Mastodon-API server has its own accounts; null for Parler).
WITH joined AS (
    SELECT platform, instance, CAST(joined_at AT TIME ZONE 'UTC' AS DATE) AS day FROM profiles WHERE joined_at IS NOT NULL
)
SELECT platform, instance, day, count(*) AS signups, sum(count(*)) OVER (PARTITION BY platform, instance ORDER BY day) AS cumulative
FROM joined
GROUP BY platform, instance, day
