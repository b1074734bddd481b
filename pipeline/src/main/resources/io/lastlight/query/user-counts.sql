-- name: user-counts
-- description: How many accounts the capture holds: profiles captured, accounts seen posting, accounts active in the last 30 days of the capture, banned accounts.
WITH span AS (SELECT max(capture_time) AS last_capture FROM captures),
posting AS (SELECT count(DISTINCT author_id) AS n FROM posts),
active AS (
    SELECT count(DISTINCT author_id) AS n FROM posts, span
    WHERE created_at >= span.last_capture - INTERVAL 30 DAY
)
SELECT 'profiles_captured' AS measure, count(*) AS value FROM profiles
UNION ALL SELECT 'accounts_that_posted', (SELECT n FROM posting)
UNION ALL SELECT 'accounts_active_last_30_days', (SELECT n FROM active)
UNION ALL SELECT 'banned', count(*) FILTER (WHERE banned) FROM profiles
UNION ALL SELECT 'verified', count(*) FILTER (WHERE verified) FROM profiles
