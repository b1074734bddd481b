-- name: follower-distribution
-- description: How followers are distributed: percentiles, the share held by the top accounts, and a log-binned histogram. Rounded display counts ("3.2m") make every figure an interval [low, high].
-- param: top_share DOUBLE 0.01 [>0,<=1] Fraction of accounts (by followers) whose share of all followers is reported.
-- param: base DOUBLE 2 [>1] Base of the logarithmic histogram bins: [1, base), [base, base^2), ...
-- Columns: section (summary | concentration | histogram), statistic, value with value_low/value_high, and for
-- histogram bins bin_low (inclusive), bin_high (exclusive), accounts (by the nominal count), accounts_low
-- (accounts whose whole interval lies in the bin) and accounts_high (accounts whose interval touches the bin),
-- density = accounts / bin width (for log-log plots).
-- Bounds: a percentile of the true counts lies between the same percentile of the lows and of the highs; the
-- top share lies in [T(low) / (T(low) + R(high)), T(high) / (T(high) + R(low))], T = sum of the top k, R = the rest.
WITH f AS (
    SELECT followers_count AS v, followers_low AS lo, followers_high AS hi
    FROM profiles WHERE followers_count IS NOT NULL
),
n AS (SELECT count(*) AS accounts, greatest(1, CAST(ceil(count(*) * $top_share) AS BIGINT)) AS k FROM f),
ranked AS (
    SELECT v, lo, hi,
           row_number() OVER (ORDER BY v DESC) AS rv,
           row_number() OVER (ORDER BY lo DESC) AS rl,
           row_number() OVER (ORDER BY hi DESC) AS rh
    FROM f
),
share AS (
    SELECT sum(v) FILTER (WHERE rv <= n.k) AS tv, sum(v) FILTER (WHERE rv > n.k) AS restv,
           sum(lo) FILTER (WHERE rl <= n.k) AS tl, sum(lo) FILTER (WHERE rl > n.k) AS restl,
           sum(hi) FILTER (WHERE rh <= n.k) AS th, sum(hi) FILTER (WHERE rh > n.k) AS resth
    FROM ranked, n GROUP BY n.k
),
summary AS (
    SELECT 'summary' AS section,
           CASE WHEN q = 1.0 THEN 'max' ELSE 'p' || rtrim(rtrim(printf('%.3f', q * 100), '0'), '.') END AS statistic,
           value, value_low, value_high, q AS ord
    FROM (
        SELECT unnest([0.5, 0.9, 0.99, 0.999, 1.0]) AS q,
               unnest(quantile_disc(v, [0.5, 0.9, 0.99, 0.999, 1.0])) AS value,
               unnest(quantile_disc(lo, [0.5, 0.9, 0.99, 0.999, 1.0])) AS value_low,
               unnest(quantile_disc(hi, [0.5, 0.9, 0.99, 0.999, 1.0])) AS value_high
        FROM f
    )
),
bins AS (
    SELECT CASE WHEN v < 1 THEN -1 ELSE CAST(floor(ln(v) / ln($base) + 1e-9) AS INTEGER) END AS b,
           CASE WHEN lo < 1 THEN -1 ELSE CAST(floor(ln(lo) / ln($base) + 1e-9) AS INTEGER) END AS bl,
           CASE WHEN hi < 1 THEN -1 ELSE CAST(floor(ln(hi) / ln($base) + 1e-9) AS INTEGER) END AS bh
    FROM f
),
bin_ids AS (SELECT DISTINCT unnest(range(min(bl), max(bh) + 1)) AS b FROM bins),
hist AS (
    SELECT i.b,
           CASE WHEN i.b < 0 THEN 0 ELSE CAST(round(pow($base, i.b)) AS BIGINT) END AS bin_low,
           CASE WHEN i.b < 0 THEN 1 ELSE CAST(round(pow($base, i.b + 1)) AS BIGINT) END AS bin_high,
           (SELECT count(*) FROM bins x WHERE x.b = i.b) AS accounts,
           (SELECT count(*) FROM bins x WHERE x.bl = i.b AND x.bh = i.b) AS accounts_low,
           (SELECT count(*) FROM bins x WHERE x.bl <= i.b AND x.bh >= i.b) AS accounts_high
    FROM bin_ids i
),
rows AS (
    SELECT 1 AS s_ord, ord AS i_ord, section, statistic, CAST(value AS DOUBLE) AS value, CAST(value_low AS DOUBLE) AS value_low,
           CAST(value_high AS DOUBLE) AS value_high, CAST(NULL AS BIGINT) AS bin_low, CAST(NULL AS BIGINT) AS bin_high,
           (SELECT accounts FROM n) AS accounts, CAST(NULL AS BIGINT) AS accounts_low, CAST(NULL AS BIGINT) AS accounts_high,
           CAST(NULL AS DOUBLE) AS density
    FROM summary
    UNION ALL
    SELECT 2, 0, 'concentration', 'top_' || rtrim(rtrim(printf('%.3f', $top_share * 100), '0'), '.') || 'pct_share',
           tv / nullif(tv + restv, 0), tl / nullif(tl + resth, 0), th / nullif(th + restl, 0),
           NULL, NULL, (SELECT k FROM n), NULL, NULL, NULL
    FROM share
    UNION ALL
    SELECT 3, b, 'histogram', CASE WHEN b < 0 THEN '0' ELSE '[' || bin_low || ', ' || bin_high || ')' END,
           NULL, NULL, NULL, bin_low, bin_high, accounts, accounts_low, accounts_high,
           accounts / CAST(bin_high - bin_low AS DOUBLE)
    FROM hist
)
SELECT * EXCLUDE (s_ord, i_ord) FROM rows ORDER BY s_ord, i_ord
