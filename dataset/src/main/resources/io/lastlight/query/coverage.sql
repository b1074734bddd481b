-- name: coverage
-- description: Per account, posts captured against the post count its profile showed; accounts with fewer captured than shown are truncated.
-- param: limit INTEGER 50 How many accounts to list, most-missing first.
WITH captured AS (SELECT author_id, count(*) AS n FROM posts GROUP BY author_id)
SELECT p.username, p.posts_display AS profile_posts, p.posts_low, p.posts_high,
       coalesce(c.n, 0) AS posts_captured,
       coalesce(c.n, 0) < p.posts_low AS truncated,
       p.posts_low - coalesce(c.n, 0) AS missing_at_least
FROM profiles p LEFT JOIN captured c ON c.author_id = p.user_id
WHERE p.posts_low IS NOT NULL
ORDER BY missing_at_least DESC, p.username
LIMIT $limit
