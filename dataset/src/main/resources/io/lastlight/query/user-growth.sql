-- name: user-growth
-- description: Sign-ups per period from captured profiles' join dates, the running total, and spikes: periods far above their trailing baseline.
-- param: period VARCHAR month [day|week|month] Period to group by: day, week or month.
-- param: window INTEGER 8 [>=1] Trailing baseline: how many preceding periods (28 is a good choice for days).
-- param: k DOUBLE 4 [>=0] Spike threshold in robust standard deviations above the baseline.
-- Spike rule: baseline = median of the previous `window` periods (empty periods count as 0), spread =
-- max(1.4826 x MAD of those periods, sqrt(baseline), 1) (MAD scaled to a normal sd; sqrt for Poisson noise
-- at small counts). A period is a spike when signups > baseline + k x spread and signups >= 2 x baseline;
-- periods with fewer than `window` predecessors are never flagged. Only captured profiles count, so the curve
-- is the capture's, not the platform's. Join dates with month precision are grouped only by month.
WITH joined AS (
    SELECT CAST(date_trunc($period, joined_at AT TIME ZONE 'UTC') AS DATE) AS period_start
    FROM profiles
    WHERE joined_at IS NOT NULL AND (joined_precision IS DISTINCT FROM 'month' OR $period = 'month')
),
counts AS (SELECT period_start, count(*) AS signups FROM joined GROUP BY period_start),
calendar AS (
    SELECT CAST(d AS DATE) AS period_start
    FROM (SELECT min(period_start) AS lo, max(period_start) AS hi FROM counts),
         generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP),
                         CASE $period WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END) AS g(d)
),
series AS (
    SELECT c.period_start, coalesce(n.signups, 0) AS signups, row_number() OVER (ORDER BY c.period_start) AS idx
    FROM calendar c LEFT JOIN counts n USING (period_start)
),
baseline AS (
    -- the trailing window as a join (a bound parameter cannot size a window frame portably)
    SELECT s.period_start, s.signups,
           CAST(sum(s.signups) OVER (ORDER BY s.period_start) AS BIGINT) AS cumulative,
           (SELECT count(*) FROM series t WHERE t.idx BETWEEN s.idx - $window AND s.idx - 1) AS history,
           (SELECT median(t.signups) FROM series t WHERE t.idx BETWEEN s.idx - $window AND s.idx - 1) AS baseline,
           (SELECT mad(t.signups) FROM series t WHERE t.idx BETWEEN s.idx - $window AND s.idx - 1) AS mad
    FROM series s
)
SELECT period_start, signups, cumulative,
       CAST(baseline AS DOUBLE) AS baseline,
       CAST(baseline + $k * greatest(1.4826 * mad, sqrt(baseline), 1) AS DOUBLE) AS threshold,
       coalesce(history >= $window AND signups > baseline + $k * greatest(1.4826 * mad, sqrt(baseline), 1)
                AND signups >= 2 * baseline, false) AS spike
FROM baseline
ORDER BY period_start
