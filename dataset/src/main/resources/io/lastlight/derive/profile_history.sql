-- profile_history: counts per user (platform, instance, user_id: see profiles.sql) per capture time. Where one capture time holds several observations of
-- a user (the profile endpoint and user objects embedded in lists), the profile endpoint's wins, then the
-- earliest record in WARC order. One aggregation over narrow key columns picks the observation; only the
-- chosen full rows are joined in (a window over full rows would hold them all in memory).
-- The rows of one user share its user_id whatever their instance, so ranges of user_id never split a user:
-- partition by: profile_observations(user_id)
WITH pick AS (
    SELECT min((source <> 'profile', warc_file, warc_offset, file_row_number)) AS k
    FROM profile_observations GROUP BY platform, instance, user_id, capture_time
)
SELECT o.* FROM profile_observations o
JOIN pick p ON o.warc_file = p.k[2] AND o.file_row_number = p.k[4]
