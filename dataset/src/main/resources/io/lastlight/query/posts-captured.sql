-- name: posts-captured
-- description: Posts in the dataset: all, original, echoes (reposts), replies, deleted, and how many accounts wrote them.
-- A post is (platform, instance, post_id) and an author (platform, instance, author_id): Mastodon-API servers number
-- their own accounts and statuses, so equal ids of two servers count twice (instance is null for Parler).
SELECT count(*) AS posts,
       count(*) FILTER (WHERE NOT is_repost AND NOT is_reply) AS original,
       count(*) FILTER (WHERE is_repost) AS echoes,
       count(*) FILTER (WHERE is_reply) AS replies,
       count(*) FILTER (WHERE deleted) AS deleted,
       count(DISTINCT (platform, instance, author_id)) FILTER (WHERE author_id IS NOT NULL) AS authors
FROM posts
