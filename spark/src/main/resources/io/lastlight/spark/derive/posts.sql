-- twin of io/lastlight/derive/posts.sql sha256: b66c28008206afe1be4ab9cc80f6e6455fbc97f700e99f6b46ed47d68c25886b
-- posts: one row per post (platform, instance, post_id); content from the latest observation that had content, `deleted` from the latest
-- observation of any kind, version_count = distinct contents seen. Spark twin of io/lastlight/derive/posts.sql
-- (row values → named structs, EXCLUDE → EXCEPT, count(*) FILTER as in DuckDB).
WITH versions AS (
    SELECT platform, instance, post_id, content_digest, bool_or(NOT deleted) AS had_content,
           min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           max(struct(NOT deleted AS c, capture_time AS t, warc_file AS f, warc_offset AS o, file_row_number AS r)) AS best_key,
           max(struct(capture_time AS t, warc_file AS f, warc_offset AS o, file_row_number AS r, deleted AS d)) AS latest_key
    FROM post_observations GROUP BY platform, instance, post_id, content_digest
), agg AS (
    SELECT platform, instance, post_id,
           count(*) FILTER (WHERE had_content) AS version_count,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           max(best_key) AS best, max(latest_key) AS latest
    FROM versions GROUP BY platform, instance, post_id
)
SELECT o.* EXCEPT (deleted), a.latest.d AS deleted, a.version_count, a.version_count > 1 AS edited,
       a.first_seen, a.last_seen
FROM post_observations o
JOIN agg a ON o.warc_file = a.best.f AND o.file_row_number = a.best.r
