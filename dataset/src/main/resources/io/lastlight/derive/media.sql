-- media: every media URL referenced by a post, with its latest capture where one exists; one row per server
-- (instance) whose posts reference it, as post_id and author_id are that server's ids.
WITH refs AS (
    SELECT platform, instance, unnest(media_ids) AS url, post_id, author_id FROM posts
), agg AS (
    SELECT platform, instance, url, min(post_id) AS post_id, arg_min(author_id, post_id) AS author_id, count(*) AS referenced_by
    FROM refs GROUP BY platform, instance, url
), cap AS (
    SELECT * FROM captures WHERE item_kind = 'media'
    QUALIFY row_number() OVER (PARTITION BY target_uri ORDER BY capture_time DESC, warc_file DESC, warc_offset DESC) = 1
)
SELECT a.platform, a.url, a.post_id, a.author_id, a.referenced_by, cap.warc_file IS NOT NULL AS captured,
       cap.http_status, cap.content_type, cap.payload_length AS bytes, cap.payload_digest,
       cap.warc_file, cap.warc_offset, cap.warc_record_id, cap.capture_time, a.instance
FROM agg a LEFT JOIN cap ON cap.target_uri = a.url
