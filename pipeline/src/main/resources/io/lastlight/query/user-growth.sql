-- name: user-growth
-- description: Sign-ups per period from profiles' join dates, with the running total. Only captured profiles count.
-- param: period VARCHAR month Period to group by: day, week or month.
WITH joined AS (
    SELECT CAST(date_trunc($period, joined_at AT TIME ZONE 'UTC') AS DATE) AS period_start
    FROM profiles
    WHERE joined_at IS NOT NULL
)
SELECT period_start, count(*) AS signups, sum(count(*)) OVER (ORDER BY period_start) AS cumulative
FROM joined
GROUP BY period_start
ORDER BY period_start
