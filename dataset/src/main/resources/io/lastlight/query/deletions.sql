-- name: deletions
-- description: Deleted posts and banned or deleted accounts, per day or per author, with how many are backed by evidence captures (seen present, then seen gone).
-- param: by VARCHAR day [day|author] Break down by day (the day a deletion was first seen) or by author.
-- param: limit INTEGER 100000 [>=0] Rows to show (by=author: most deletions first).
-- A deletion happened somewhere in (last_seen_present, first_seen_gone]: the day is the day it was first seen
-- gone (UTC), so a deletion can be up to the capture interval older than its day. evidence_complete counts
-- deletions with both captures recorded (the present and the gone WARC record), the ones a journalist can
-- verify with 'lastlight evidence'; evidence_captures counts the distinct WARC records behind the rows.
-- item_type 'profile' rows are banned, suspended or deleted accounts (reason says which).
-- An author is (platform, instance, author_id): Mastodon-API servers number their own accounts (instance null for Parler).
WITH d AS (
    SELECT platform, instance, item_type, item_id, author_id, reason, last_seen_present, first_seen_gone,
           CAST(first_seen_gone AT TIME ZONE 'UTC' AS DATE) AS day,
           present_record_id IS NOT NULL AND gone_record_id IS NOT NULL AS complete,
           present_record_id, gone_record_id
    FROM deletions
),
rows AS (
    SELECT 'day' AS level, day, CAST(NULL AS VARCHAR) AS platform, CAST(NULL AS VARCHAR) AS instance, CAST(NULL AS VARCHAR) AS author_id,
           count(*) FILTER (WHERE item_type = 'post') AS deleted_posts,
           count(*) FILTER (WHERE item_type = 'profile') AS banned_accounts,
           count(*) FILTER (WHERE complete) AS evidence_complete,
           count(DISTINCT present_record_id) + count(DISTINCT gone_record_id) AS evidence_captures,
           min(last_seen_present) AS earliest_last_seen_present, max(first_seen_gone) AS latest_first_seen_gone,
           string_agg(DISTINCT reason, ', ' ORDER BY reason) AS reasons
    FROM d WHERE $by = 'day' GROUP BY day
    UNION ALL
    SELECT 'author', NULL, platform, instance, author_id,
           count(*) FILTER (WHERE item_type = 'post'),
           count(*) FILTER (WHERE item_type = 'profile'),
           count(*) FILTER (WHERE complete),
           count(DISTINCT present_record_id) + count(DISTINCT gone_record_id),
           min(last_seen_present), max(first_seen_gone),
           string_agg(DISTINCT reason, ', ' ORDER BY reason)
    FROM (SELECT * REPLACE (CASE WHEN item_type = 'profile' THEN coalesce(author_id, item_id) ELSE author_id END AS author_id) FROM d)
    WHERE $by = 'author' GROUP BY platform, instance, author_id
)
SELECT r.level, r.day, p.username, r.author_id, r.deleted_posts, r.banned_accounts, r.evidence_complete, r.evidence_captures,
       r.earliest_last_seen_present, r.latest_first_seen_gone, r.reasons, r.instance
FROM rows r LEFT JOIN profiles p ON r.level = 'author' AND p.platform = r.platform
    AND p.instance IS NOT DISTINCT FROM r.instance AND p.user_id = r.author_id
ORDER BY r.day, r.deleted_posts + r.banned_accounts DESC, r.author_id, r.instance
LIMIT $limit
