-- post_versions: each distinct content (content_digest) of each post, from observations that had content;
-- the pointer columns name the first capture that showed the version.
SELECT o.platform, o.post_id, o.content_digest, o.text, o.html, o.links, o.media_ids, o.hashtags,
       a.first_seen, a.last_seen, a.observation_count,
       o.warc_file, o.warc_offset, o.warc_record_id, o.capture_time
FROM (
    SELECT * FROM post_observations WHERE NOT deleted
    QUALIFY row_number() OVER (PARTITION BY platform, post_id, content_digest
        ORDER BY capture_time, warc_file, warc_offset) = 1
) o
JOIN (
    SELECT platform, post_id, content_digest, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count
    FROM post_observations WHERE NOT deleted
    GROUP BY platform, post_id, content_digest
) a USING (platform, post_id, content_digest)
