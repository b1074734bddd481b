-- posts: one row per post, a post being (platform, instance, post_id): Mastodon-API servers number their own
-- statuses, so equal ids of two servers are two posts (instance is null for Parler; GROUP BY takes nulls as one
-- group). Content comes from the latest observation that still had content (so a post
-- deleted later keeps its last known text); `deleted` comes from the latest observation of any kind.
-- version_count counts distinct contents seen (content_digest), so edits are visible.
-- One aggregation over narrow key columns picks both observations (ties broken by file and row, so the choice
-- is deterministic); only the chosen full rows are joined in. No window over full rows: at 10M posts a
-- window partitioned by post_id held every row in memory and ran DuckDB out of its fixed budget, while
-- grouped aggregates and hash joins spill to disk.
-- The rows of one post share its post_id whatever their instance, so ranges of post_id never split a post:
-- partition by: post_observations(post_id)
WITH versions AS (
    SELECT platform, instance, post_id, content_digest, bool_or(NOT deleted) AS had_content,
           min(capture_time) AS first_seen, max(capture_time) AS last_seen,
           max((NOT deleted, capture_time, warc_file, warc_offset, file_row_number)) AS best_key,
           max((capture_time, warc_file, warc_offset, file_row_number, deleted)) AS latest_key
    FROM post_observations GROUP BY platform, instance, post_id, content_digest
), agg AS (
    SELECT platform, instance, post_id,
           count(*) FILTER (WHERE had_content) AS version_count,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           max(best_key) AS best, max(latest_key) AS latest
    FROM versions GROUP BY platform, instance, post_id
)
SELECT o.* EXCLUDE (deleted), a.latest[5] AS deleted, a.version_count, a.version_count > 1 AS edited,
       a.first_seen, a.last_seen
FROM post_observations o
JOIN agg a ON o.warc_file = a.best[3] AND o.file_row_number = a.best[5]
