-- name: capture-coverage
-- description: What the crawl fetched, per kind of item: captures, HTTP statuses, and how many parsed, failed to parse or were block pages.
-- The crawl's tiers live in the crawl's frontier, not in the dataset; the kind (profile, posts, followers,
-- following, post, id-probe ...) is the closest dataset-side proxy. 'ok' captures produced rows; 'error' ones
-- are malformed bodies (parse_error says why); 'blocked' are challenge or geoblock pages. Revisit records (an
-- unchanged payload stored by reference, e.g. `crawl --revisit`) are captures too: `revisits` counts them, and
-- `revisits_unresolved` those whose original response is not in the input WARC files (no rows). Records that
-- are not captures (warcinfo, request, metadata: parse_status 'not-capture') are left out; damaged stretches of a
-- file ('damaged') and responses without an HTTP message ('not-http', e.g. dns:) count under kind 'unknown'.
SELECT coalesce(item_kind, 'unknown') AS kind,
       count(*) AS captures,
       count(*) FILTER (WHERE http_status = 200) AS http_200,
       count(*) FILTER (WHERE http_status IN (404, 410)) AS http_gone,
       count(*) FILTER (WHERE http_status IS NULL OR (http_status <> 200 AND http_status NOT IN (404, 410))) AS http_other,
       count(*) FILTER (WHERE parse_status = 'ok') AS parsed_ok,
       count(*) FILTER (WHERE parse_status = 'error') AS parse_errors,
       count(*) FILTER (WHERE parse_status = 'blocked') AS blocked,
       CAST(sum(rows_extracted) AS BIGINT) AS rows_extracted,
       min(capture_time) AS first_capture, max(capture_time) AS last_capture,
       count(*) FILTER (WHERE record_type = 'revisit') AS revisits,
       count(*) FILTER (WHERE parse_status = 'revisit-unresolved') AS revisits_unresolved
FROM captures
WHERE parse_status <> 'not-capture'
GROUP BY 1
ORDER BY captures DESC, kind
