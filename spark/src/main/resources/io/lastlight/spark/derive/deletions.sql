-- twin of io/lastlight/derive/deletions.sql sha256: c629e2ad159dfba7ed646556d6e52e1e52b9e65b12ce81aeae78b69cabaa5bbe
-- deletions: items seen present and later gone (deleted flag, banned flag, or a 404/410 tombstone; a username
-- tombstone matched to its user id); an item is (platform, instance, item_type, item_id), instances compared null-safe
-- (<=>: Parler's is null). Spark twin of io/lastlight/derive/deletions.sql (QUALIFY → row_number in a
-- subquery; the row-value comparison spelt out).
WITH post_present AS (
    SELECT platform, instance, post_id AS item_id, author_id, capture_time, warc_file, warc_offset, warc_record_id
    FROM post_observations WHERE NOT deleted
), post_gone AS (
    SELECT platform, instance, post_id AS item_id, 'deleted_flag' AS reason, capture_time, warc_file, warc_offset, warc_record_id
    FROM post_observations WHERE deleted
    UNION ALL
    SELECT platform, instance, item_id, reason, capture_time, warc_file, warc_offset, warc_record_id
    FROM tombstones WHERE item_type = 'post'
), profile_present AS (
    SELECT platform, instance, user_id AS item_id, user_id AS author_id, capture_time, warc_file, warc_offset, warc_record_id
    FROM profile_observations WHERE NOT coalesce(banned, false)
), usernames AS (
    SELECT DISTINCT platform, instance, lower(username) AS username, user_id FROM profile_observations WHERE username IS NOT NULL
), profile_gone AS (
    SELECT platform, instance, user_id AS item_id, 'banned' AS reason, capture_time, warc_file, warc_offset, warc_record_id
    FROM profile_observations WHERE banned
    UNION ALL
    SELECT platform, instance, item_id, reason, capture_time, warc_file, warc_offset, warc_record_id
    FROM tombstones WHERE item_type = 'profile'
    UNION ALL
    SELECT t.platform, t.instance, u.user_id, t.reason, t.capture_time, t.warc_file, t.warc_offset, t.warc_record_id
    FROM tombstones t JOIN usernames u ON u.platform = t.platform AND u.instance <=> t.instance AND u.username = lower(t.item_id)
    WHERE t.item_type = 'username'
), events AS (
    SELECT 'post' AS item_type, g.platform, g.instance, g.item_id, g.reason, g.capture_time, g.warc_file, g.warc_offset, g.warc_record_id,
           p.author_id, p.capture_time AS present_time, p.warc_file AS present_warc_file,
           p.warc_offset AS present_warc_offset, p.warc_record_id AS present_record_id
    FROM post_gone g JOIN post_present p ON p.platform = g.platform AND p.instance <=> g.instance AND p.item_id = g.item_id
    WHERE p.capture_time < g.capture_time
       OR (p.capture_time = g.capture_time AND (p.warc_file < g.warc_file OR (p.warc_file = g.warc_file AND p.warc_offset < g.warc_offset)))
    UNION ALL
    SELECT 'profile' AS item_type, g.platform, g.instance, g.item_id, g.reason, g.capture_time, g.warc_file, g.warc_offset, g.warc_record_id,
           p.author_id, p.capture_time, p.warc_file, p.warc_offset, p.warc_record_id
    FROM profile_gone g JOIN profile_present p ON p.platform = g.platform AND p.instance <=> g.instance AND p.item_id = g.item_id
    WHERE p.capture_time < g.capture_time
       OR (p.capture_time = g.capture_time AND (p.warc_file < g.warc_file OR (p.warc_file = g.warc_file AND p.warc_offset < g.warc_offset)))
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY platform, instance, item_type, item_id
        ORDER BY capture_time, warc_file, warc_offset, present_time DESC, present_warc_file DESC, present_warc_offset DESC) AS rn
    FROM events
)
SELECT platform, item_type, item_id, author_id, reason,
       present_time AS last_seen_present, capture_time AS first_seen_gone,
       present_warc_file, present_warc_offset, present_record_id,
       warc_file AS gone_warc_file, warc_offset AS gone_warc_offset, warc_record_id AS gone_record_id, instance
FROM ranked WHERE rn = 1
