-- name: user-counts
-- description: How many accounts the capture holds: profiles captured, accounts seen posting, accounts active in the last 30 days of the capture, banned, verified; and the platform's own figure where one was captured.
-- Notes:
--   profiles_captured counts distinct user ids with at least one profile observation (a profile page or a user
--   object embedded in a list); it equals the platform's reachable accounts only when the crawl completed.
--   platform_reported_users is the platform's own claim (platform_stats metric user_count, e.g. a Mastodon
--   instance's /api/v1/instance stats.user_count), from the latest capture that reported it, with that WARC
--   record in the note; NULL, saying so, when the crawl captured no such figure (Parler published none).
--   An account is (platform, instance, user_id): Mastodon-API servers number their own accounts, so equal ids of
--   two servers are two accounts (instance is null for Parler).
WITH span AS (SELECT max(capture_time) AS last_capture FROM captures),
posting AS (SELECT count(DISTINCT (platform, instance, author_id)) FILTER (WHERE author_id IS NOT NULL) AS n FROM posts),
active AS (
    SELECT count(DISTINCT (platform, instance, author_id)) FILTER (WHERE author_id IS NOT NULL) AS n FROM posts, span
    WHERE created_at >= span.last_capture - INTERVAL 30 DAY
),
reported AS (
    SELECT arg_max(value, (capture_time, warc_file, warc_offset)) AS value,
           arg_max(warc_file || '@' || CAST(warc_offset AS VARCHAR) || ' (' || CAST(capture_time AS VARCHAR) || ')',
                   (capture_time, warc_file, warc_offset)) AS record,
           count(*) AS captures
    FROM platform_stats WHERE metric = 'user_count'
)
SELECT 'profiles_captured' AS measure, count(*) AS value,
       'distinct accounts with a profile observation' AS note
FROM profiles
UNION ALL SELECT 'accounts_that_posted', (SELECT n FROM posting), 'distinct authors of captured posts'
UNION ALL SELECT 'accounts_active_last_30_days', (SELECT n FROM active),
       'authors of a captured post created in the 30 days before the last capture'
UNION ALL SELECT 'banned', count(*) FILTER (WHERE banned), 'captured profiles the platform showed as banned or suspended' FROM profiles
UNION ALL SELECT 'verified', count(*) FILTER (WHERE verified), 'captured profiles with a verified badge' FROM profiles
UNION ALL SELECT 'platform_reported_users', (SELECT value FROM reported),
       CASE WHEN (SELECT captures FROM reported) > 0
            THEN 'the platform''s own user_count, as reported in ' || (SELECT record FROM reported)
            ELSE 'not captured: the crawl fetched no figure the platform reports about itself (e.g. Mastodon /api/v1/instance stats.user_count)' END
