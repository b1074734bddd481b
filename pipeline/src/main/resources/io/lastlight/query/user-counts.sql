-- name: user-counts
-- description: How many accounts the capture holds: profiles captured, accounts seen posting, accounts active in the last 30 days of the capture, banned, verified; and the platform's own figure where one was captured.
-- Notes:
--   profiles_captured counts distinct user ids with at least one profile observation (a profile page or a user
--   object embedded in a list); it equals the platform's reachable accounts only when the crawl completed.
--   platform_reported_users is the platform's self-reported total (e.g. a Mastodon instance's
--   /api/v1/instance stats.user_count). The dataset tables do not carry that figure, so the value is NULL; the
--   note says whether such a response was captured (then 'lastlight evidence' / the WARC record holds it).
WITH span AS (SELECT max(capture_time) AS last_capture FROM captures),
posting AS (SELECT count(DISTINCT author_id) AS n FROM posts),
active AS (
    SELECT count(DISTINCT author_id) AS n FROM posts, span
    WHERE created_at >= span.last_capture - INTERVAL 30 DAY
),
instance AS (
    SELECT count(*) AS n, min(warc_file || '@' || CAST(warc_offset AS VARCHAR)) AS first_record
    FROM captures
    WHERE http_status = 200 AND (target_uri LIKE '%/api/v1/instance%' OR target_uri LIKE '%/api/v2/instance%')
)
SELECT 'profiles_captured' AS measure, count(*) AS value,
       'distinct accounts with a profile observation' AS note
FROM profiles
UNION ALL SELECT 'accounts_that_posted', (SELECT n FROM posting), 'distinct authors of captured posts'
UNION ALL SELECT 'accounts_active_last_30_days', (SELECT n FROM active),
       'authors of a captured post created in the 30 days before the last capture'
UNION ALL SELECT 'banned', count(*) FILTER (WHERE banned), 'captured profiles the platform showed as banned or suspended' FROM profiles
UNION ALL SELECT 'verified', count(*) FILTER (WHERE verified), 'captured profiles with a verified badge' FROM profiles
UNION ALL SELECT 'platform_reported_users', CAST(NULL AS BIGINT),
       CASE WHEN (SELECT n FROM instance) > 0
            THEN 'instance statistics captured (' || (SELECT first_record FROM instance) || ') but not parsed into the dataset; read stats.user_count from that WARC record'
            ELSE 'not captured: the crawl fetched no platform statistics (e.g. Mastodon /api/v1/instance stats.user_count)' END
