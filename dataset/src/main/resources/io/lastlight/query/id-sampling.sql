-- name: id-sampling
-- description: Evidence from id-space sampling (lastlight crawl --sample-ids N --id-range A-B): probes tried, valid (200), invalid (404/410), inconclusive, and the probed and valid id extremes. 'lastlight estimate users' turns it into estimates.
-- param: kind VARCHAR user [user|post] Which probes: user or post.
-- A number probed more than once counts once, by its latest definite answer (200, 404 or 410).
WITH probes AS (
    SELECT CAST(regexp_extract(target_uri, '/v3/uuidConversion/[a-z]+/([0-9]+)', 1) AS BIGINT) AS number,
           http_status, capture_time, warc_file, warc_offset
    FROM captures
    WHERE target_uri LIKE '%/v3/uuidConversion/' || $kind || '/%' AND parse_status <> 'not-capture'
),
latest AS (
    SELECT number,
           arg_max(http_status, (capture_time, warc_file, warc_offset)) FILTER (WHERE http_status IN (200, 404, 410)) AS status
    FROM probes GROUP BY number
)
SELECT $kind AS id_kind,
       count(*) FILTER (WHERE status IS NOT NULL) AS ids_tried,
       count(*) FILTER (WHERE status = 200) AS ids_valid,
       count(*) FILTER (WHERE status IN (404, 410)) AS ids_invalid,
       count(*) FILTER (WHERE status IS NULL) AS probes_inconclusive,
       min(number) AS min_probed, max(number) AS max_probed,
       max(number) FILTER (WHERE status = 200) AS max_valid_id
FROM latest
