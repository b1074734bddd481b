-- name: coverage
-- description: Per account, posts captured against the post count its profile showed; accounts with fewer captured than shown are truncated, and those the platform refused to page further by policy are "truncated by platform policy (needs a token)".
-- param: limit INTEGER 50 [>=0] How many accounts to list, most-missing first.
-- A capture with parse_status 'policy' is an answer the platform gives only to logged-in users (e.g. Gab's 429 on
-- paging an account's statuses, or 401 on its follower lists without a token); the account it concerns is the
-- one its URL names (a path segment or a query value), so refused_by_policy counts those captures per account.
-- An account is (platform, instance, user_id): Mastodon-API servers number their own accounts (instance is the
-- server, null for Parler), so posts are matched to their author on the same server, and a refusal to the
-- account of that id on the server that refused.
WITH captured AS (SELECT platform, instance, author_id, count(*) AS n FROM posts GROUP BY platform, instance, author_id),
refused AS (
    SELECT host, part AS user_id, count(DISTINCT warc_file || ':' || warc_offset) AS n
    FROM (
        SELECT warc_file, warc_offset, lower(regexp_extract(target_uri, '^[^:]+://([^/?#]*@)?([^/?#]+)', 2)) AS host,
               unnest(list_concat(string_split(regexp_replace(target_uri, '^[^:]+://[^/]*|[?#].*$', '', 'g'), '/'),
                                  list_transform(string_split(regexp_extract(target_uri, '\?([^#]*)', 1), '&'),
                                                 x -> split_part(x, '=', 2)))) AS part
        FROM captures WHERE parse_status = 'policy'
    ) WHERE part <> '' GROUP BY host, part
)
SELECT p.username, p.posts_display AS profile_posts, p.posts_low, p.posts_high,
       coalesce(c.n, 0) AS posts_captured,
       coalesce(c.n, 0) < p.posts_low AS truncated,
       p.posts_low - coalesce(c.n, 0) AS missing_at_least,
       coalesce(r.n, 0) AS refused_by_policy,
       CASE WHEN coalesce(c.n, 0) < p.posts_low AND coalesce(r.n, 0) > 0 THEN 'truncated by platform policy (needs a token)'
            WHEN coalesce(c.n, 0) < p.posts_low THEN 'truncated'
       END AS why,
       p.instance
FROM profiles p LEFT JOIN captured c
    ON c.platform = p.platform AND c.instance IS NOT DISTINCT FROM p.instance AND c.author_id = p.user_id
LEFT JOIN refused r ON r.user_id = p.user_id AND (p.instance IS NULL OR r.host IN (p.instance, p.instance || ':443', p.instance || ':80'))
WHERE p.posts_low IS NOT NULL
ORDER BY missing_at_least DESC, p.username
LIMIT $limit
