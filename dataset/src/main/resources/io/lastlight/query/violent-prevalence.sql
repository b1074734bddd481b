-- name: violent-prevalence
-- description: Share of posts the classifier flags as violent: overall (post-weighted and account-averaged), per day or per account, each with a Wilson 95% interval and the classifier version.
-- param: by VARCHAR overall [overall|day|week|month|account] What to break down by: overall, day, week, month or account.
-- param: min_posts INTEGER 5 [>=1] Accounts with fewer classified posts are excluded from the account average and marked below_min_posts (never ranked).
-- param: limit INTEGER 100000 [>=0] Rows to show (for by=account: eligible accounts first, by the interval's lower bound).
-- Rows counted: captured posts with a classification (violent IS NOT NULL: they have English text) that are not deleted (a deleted
-- post's text is gone). Echoes (reposts) count under the echoing account, like the platform's timelines.
-- Wilson score interval, z = 1.959964: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n).
-- Post-weighted: flagged posts / posts (n = posts). Account-averaged: the mean of per-account shares over
-- accounts with >= min_posts posts, with the Wilson interval for n = those accounts; since each share lies in
-- [0, 1], its variance is at most mean(1 - mean), so that interval is conservative. A raw rate is not a
-- corrected prevalence: the classifier's own errors are not in these intervals (see docs/classifier.md).
-- Days (weeks, months: their first day) are created_at in UTC; posts with month-precision dates are left out of these rows.
-- An account is (platform, instance, author_id): Mastodon-API servers number their own accounts (instance null for Parler).
WITH classified AS (
    SELECT p.platform, p.instance, p.post_id, p.author_id, p.created_at, p.created_precision, p.violent, p.classifier_version
    FROM posts p
    WHERE p.violent IS NOT NULL AND NOT p.deleted
),
version AS (SELECT string_agg(DISTINCT classifier_version, ', ' ORDER BY classifier_version) AS v FROM classified),
per_account AS (
    SELECT platform, instance, author_id, count(*) AS posts, count(*) FILTER (WHERE violent) AS flagged
    FROM classified GROUP BY platform, instance, author_id
),
per_day AS (
    SELECT CAST(date_trunc(CASE WHEN $by IN ('week', 'month') THEN $by ELSE 'day' END, created_at AT TIME ZONE 'UTC') AS DATE) AS day,
           count(*) AS posts, count(*) FILTER (WHERE violent) AS flagged
    FROM classified
    WHERE created_at IS NOT NULL AND created_precision IS DISTINCT FROM 'month'
    GROUP BY 1
),
rows AS (
    SELECT 0 AS ord1, CAST(0 AS DOUBLE) AS ord2, 'overall_post_weighted' AS level, CAST(NULL AS DATE) AS day,
           CAST(NULL AS VARCHAR) AS platform, CAST(NULL AS VARCHAR) AS instance,
           CAST(NULL AS VARCHAR) AS author_id, CAST(NULL AS BIGINT) AS accounts,
           count(*) AS posts, count(*) FILTER (WHERE violent) AS flagged,
           CAST(count(*) FILTER (WHERE violent) AS DOUBLE) / nullif(count(*), 0) AS share,
           CAST(count(*) AS DOUBLE) AS n, false AS below_min_posts
    FROM classified
    HAVING $by = 'overall'
    UNION ALL
    SELECT 0, 1, 'overall_account_averaged', NULL, NULL, NULL, NULL, count(*),
           CAST(sum(posts) AS BIGINT), CAST(sum(flagged) AS BIGINT), avg(CAST(flagged AS DOUBLE) / posts), CAST(count(*) AS DOUBLE), false
    FROM per_account
    WHERE posts >= $min_posts
    HAVING $by = 'overall'
    UNION ALL
    SELECT 1, epoch(day), $by, day, NULL, NULL, NULL, NULL, posts, flagged, CAST(flagged AS DOUBLE) / posts, CAST(posts AS DOUBLE), false
    FROM per_day
    WHERE $by IN ('day', 'week', 'month')
    UNION ALL
    SELECT 2, 0, 'account', NULL, platform, instance, author_id, NULL, posts, flagged, CAST(flagged AS DOUBLE) / posts, CAST(posts AS DOUBLE),
           posts < $min_posts
    FROM per_account
    WHERE $by = 'account'
),
wilson AS (
    SELECT *,
           (share + 1.959964 * 1.959964 / (2 * n)
              - 1.959964 * sqrt(share * (1 - share) / n + 1.959964 * 1.959964 / (4 * n * n))) / (1 + 1.959964 * 1.959964 / n) AS ci_low,
           (share + 1.959964 * 1.959964 / (2 * n)
              + 1.959964 * sqrt(share * (1 - share) / n + 1.959964 * 1.959964 / (4 * n * n))) / (1 + 1.959964 * 1.959964 / n) AS ci_high
    FROM rows
)
SELECT w.level, w.day, pr.username, w.author_id, w.accounts, w.posts, w.flagged, w.share,
       greatest(0.0, w.ci_low) AS ci_low, least(1.0, w.ci_high) AS ci_high,
       w.below_min_posts,
       CASE WHEN w.level = 'account' AND NOT w.below_min_posts
            THEN row_number() OVER (PARTITION BY w.level, w.below_min_posts ORDER BY w.ci_low DESC, w.posts DESC, w.author_id, w.instance) END AS rank_by_lower_bound,
       (SELECT v FROM version) AS classifier_version, w.instance
FROM wilson w
LEFT JOIN profiles pr ON w.level = 'account' AND pr.platform = w.platform
    AND pr.instance IS NOT DISTINCT FROM w.instance AND pr.user_id = w.author_id
ORDER BY w.ord1, w.below_min_posts, w.ord2, rank_by_lower_bound, w.posts DESC, w.author_id, w.instance
LIMIT $limit
