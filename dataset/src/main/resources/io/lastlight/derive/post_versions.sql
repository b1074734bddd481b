-- post_versions: each distinct content (content_digest) of each post (platform, instance, post_id: see
-- posts.sql), from observations that had content; the pointer columns name the first capture that showed the
-- version. One aggregation over the key columns picks that observation (ties broken by file and row); the chosen
-- full rows are joined in.
-- The rows of one post share its post_id whatever their instance, so ranges of post_id never split a post:
-- partition by: post_observations(post_id)
WITH agg AS (
    SELECT platform, instance, post_id, content_digest, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           min((capture_time, warc_file, warc_offset, file_row_number)) AS first
    FROM post_observations WHERE NOT deleted
    GROUP BY platform, instance, post_id, content_digest
)
SELECT o.platform, o.post_id, o.content_digest, o.text, o.html, o.links, o.media_ids, o.hashtags,
       a.first_seen, a.last_seen, a.observation_count,
       o.warc_file, o.warc_offset, o.warc_record_id, o.capture_time, o.instance
FROM post_observations o
JOIN agg a ON o.warc_file = a.first[2] AND o.file_row_number = a.first[4]
