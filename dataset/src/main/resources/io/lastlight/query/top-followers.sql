-- name: top-followers
-- description: Accounts with the most followers. Rounded display counts ("3.2m") are shown with the interval of true values they imply.
-- param: limit INTEGER 10 [>=0] How many accounts to list.
-- instance: the server whose account it is (Mastodon-API servers number their own accounts; null for Parler).
SELECT row_number() OVER (ORDER BY followers_count DESC, username) AS rank,
       username, display_name, followers_count, followers_low, followers_high, followers_display,
       followers_low = followers_high AS exact, verified, user_id, instance
FROM profiles
WHERE followers_count IS NOT NULL
ORDER BY followers_count DESC, username
LIMIT $limit
