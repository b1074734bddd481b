-- name: user-growth
-- description: Sign-ups per period from profiles' join dates, with the running total. Only captured profiles count.
-- param: period VARCHAR month Period to group by: day, week or month.
SELECT CAST(date_trunc($period, joined_at AT TIME ZONE 'UTC') AS DATE) AS period_start,
       count(*) AS signups,
       sum(count(*)) OVER (ORDER BY CAST(date_trunc($period, joined_at AT TIME ZONE 'UTC') AS DATE)) AS cumulative
FROM profiles
WHERE joined_at IS NOT NULL
GROUP BY 1
ORDER BY 1
