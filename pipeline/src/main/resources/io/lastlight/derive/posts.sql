-- posts: one row per post. Content comes from the latest observation that still had content (so a post
-- deleted later keeps its last known text); `deleted` comes from the latest observation of any kind.
-- version_count counts distinct contents seen (content_digest), so edits are visible.
WITH agg AS (
    SELECT platform, post_id,
           count(DISTINCT content_digest) FILTER (WHERE NOT deleted) AS version_count,
           min(capture_time) AS first_seen, max(capture_time) AS last_seen
    FROM post_observations GROUP BY platform, post_id
), best AS (
    SELECT * FROM post_observations
    QUALIFY row_number() OVER (PARTITION BY platform, post_id
        ORDER BY (NOT deleted) DESC, capture_time DESC, warc_file DESC, warc_offset DESC) = 1
), latest AS (
    SELECT platform, post_id, deleted AS latest_deleted FROM post_observations
    QUALIFY row_number() OVER (PARTITION BY platform, post_id
        ORDER BY capture_time DESC, warc_file DESC, warc_offset DESC) = 1
)
SELECT b.* EXCLUDE (deleted), l.latest_deleted AS deleted, a.version_count, a.version_count > 1 AS edited,
       a.first_seen, a.last_seen
FROM best b
JOIN latest l USING (platform, post_id)
JOIN agg a USING (platform, post_id)
