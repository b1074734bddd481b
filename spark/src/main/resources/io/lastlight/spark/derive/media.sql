-- twin of io/lastlight/derive/media.sql sha256: dca0860ab5667bbb542e9286ec2a83b6179dc1d09c18cd9f71f9325a91ca8760
-- media: every media URL referenced by a post, with its latest capture where one exists; a row per instance. Spark twin of
-- io/lastlight/derive/media.sql (unnest → explode, arg_min → min_by, QUALIFY → row_number in a subquery).
WITH refs AS (
    SELECT platform, instance, explode(media_ids) AS url, post_id, author_id FROM posts
), agg AS (
    SELECT platform, instance, url, min(post_id) AS post_id, min_by(author_id, post_id) AS author_id, count(*) AS referenced_by
    FROM refs GROUP BY platform, instance, url
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY target_uri ORDER BY capture_time DESC, warc_file DESC, warc_offset DESC) AS rn
    FROM captures WHERE item_kind = 'media'
), cap AS (
    SELECT * FROM ranked WHERE rn = 1
)
SELECT a.platform, a.url, a.post_id, a.author_id, a.referenced_by, cap.warc_file IS NOT NULL AS captured,
       cap.http_status, cap.content_type, cap.payload_length AS bytes, cap.payload_digest,
       cap.warc_file, cap.warc_offset, cap.warc_record_id, cap.capture_time, a.instance
FROM agg a LEFT JOIN cap ON cap.target_uri = a.url
