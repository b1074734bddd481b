-- name: posts-captured
-- description: Posts in the dataset: all, original, echoes (reposts), replies, deleted, and how many accounts wrote them.
SELECT count(*) AS posts,
       count(*) FILTER (WHERE NOT is_repost AND NOT is_reply) AS original,
       count(*) FILTER (WHERE is_repost) AS echoes,
       count(*) FILTER (WHERE is_reply) AS replies,
       count(*) FILTER (WHERE deleted) AS deleted,
       count(DISTINCT author_id) AS authors
FROM posts
