-- profile_history: counts per user per capture time. Where one capture time holds several observations of
-- a user (the profile endpoint and user objects embedded in lists), the profile endpoint's wins.
SELECT * FROM profile_observations
QUALIFY row_number() OVER (PARTITION BY platform, user_id, capture_time
    ORDER BY (source = 'profile') DESC, warc_file, warc_offset) = 1
