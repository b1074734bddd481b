-- twin of io/lastlight/derive/post_versions.sql sha256: 6e3b67453fc9fe07a849b5d2355b2516091fa07b7f3815a72f0ead0a4682c565
-- post_versions: each distinct content of each post (platform, instance, post_id), from observations that had content; the pointer columns name
-- the first capture that showed the version. Spark twin of io/lastlight/derive/post_versions.sql.
WITH agg AS (
    SELECT platform, instance, post_id, content_digest, min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           count(*) AS observation_count,
           min(struct(capture_time AS t, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS pick
    FROM post_observations WHERE NOT deleted
    GROUP BY platform, instance, post_id, content_digest
)
SELECT o.platform, o.post_id, o.content_digest, o.text, o.html, o.links, o.media_ids, o.hashtags,
       a.first_seen, a.last_seen, a.observation_count,
       o.warc_file, o.warc_offset, o.warc_record_id, o.capture_time, o.instance
FROM post_observations o
JOIN agg a ON o.warc_file = a.pick.f AND o.file_row_number = a.pick.r
