-- name: violent-prevalence-adjusted
-- description: Violent-content prevalence corrected for classifier error, from imported annotations (lastlight label import): weighted precision, recall (TPR), FPR and the adjusted share (flagged - FPR)/(TPR - FPR), clipped to [0,1]; raw share with Wilson 95%. Bootstrap interval: lastlight label report.
-- Population: posts with a classifier label (posts with English text; see docs/classifier.md, Scope). Strata as in lastlight label sample; each annotated post
-- in stratum h weighs N_h / m_h (posts in the stratum / annotated posts in it). A post annotated more than once counts
-- with its latest import. Annotations made on another classifier version are left out (see annotations_other_version).
-- With no annotations imported yet, the adjusted figures are NULL (run lastlight label sample, then label import).
-- A post is (platform, instance, post_id): Mastodon-API servers number their own statuses, so an annotation counts for
-- the post of its own server (instance null-safe; null for Parler). Annotations imported before instances were
-- recorded (platform null) count for the post of their id when the dataset has exactly one; when several servers
-- have a post of that id they are left out and counted in annotations_ambiguous (import their CSV again with an
-- instance column).
WITH pop AS (
    SELECT platform, instance, post_id, violent, classifier_version,
           CASE WHEN violent THEN 'flagged' WHEN violent_score >= 0.1 THEN 'unflagged_high'
                WHEN violent_score > 0 THEN 'unflagged_low' ELSE 'unflagged_zero' END AS stratum
    FROM posts
    WHERE violent IS NOT NULL AND violent_score IS NOT NULL
),
version AS (
    SELECT min(classifier_version) AS classifier_version, count(DISTINCT classifier_version) AS versions FROM pop
),
strata AS (
    SELECT stratum, count(*) AS population FROM pop GROUP BY stratum
),
ids AS (
    SELECT post_id, count(*) AS n, min(platform) AS platform, min(instance) AS instance FROM posts GROUP BY post_id
),
keyed AS (
    SELECT a.* REPLACE (CASE WHEN a.platform IS NULL AND i.n = 1 THEN i.platform ELSE a.platform END AS platform,
                        CASE WHEN a.platform IS NULL AND i.n = 1 THEN i.instance ELSE a.instance END AS instance),
           coalesce(a.platform IS NULL AND i.n > 1, false) AS ambiguous
    FROM annotations a LEFT JOIN ids i ON a.platform IS NULL AND i.post_id = a.post_id
),
latest AS (
    SELECT * FROM keyed
    QUALIFY row_number() OVER (PARTITION BY platform, instance, post_id ORDER BY imported_at DESC, source_file DESC, source_line DESC) = 1
),
ann AS (
    SELECT l.stratum, l.human_label, l.classifier_label
    FROM latest l
    JOIN pop p ON p.platform = l.platform AND p.instance IS NOT DISTINCT FROM l.instance AND p.post_id = l.post_id
    WHERE l.classifier_version = (SELECT classifier_version FROM version)
),
annotated AS (
    SELECT stratum, count(*) AS m FROM ann GROUP BY stratum
),
weighted AS (
    SELECT a.human_label, a.classifier_label, s.population::DOUBLE / n.m AS w
    FROM ann a JOIN annotated n USING (stratum) JOIN strata s USING (stratum)
),
ht AS (
    SELECT coalesce(sum(w) FILTER (WHERE human_label AND classifier_label), 0) AS tp,
           coalesce(sum(w) FILTER (WHERE NOT human_label AND classifier_label), 0) AS fp,
           coalesce(sum(w) FILTER (WHERE human_label AND NOT classifier_label), 0) AS fn,
           coalesce(sum(w) FILTER (WHERE NOT human_label AND NOT classifier_label), 0) AS tn,
           count(*) AS used
    FROM weighted
),
raw AS (
    SELECT count(*) AS posts, count(*) FILTER (WHERE violent) AS flagged FROM pop
),
rates AS (
    SELECT raw.posts, raw.flagged, raw.flagged::DOUBLE / nullif(raw.posts, 0) AS f, ht.*,
           ht.tp / nullif(ht.tp + ht.fp, 0) AS precision,
           ht.tp / nullif(ht.tp + ht.fn, 0) AS tpr,
           coalesce(ht.fp / nullif(ht.fp + ht.tn, 0), 0) AS fpr
    FROM raw, ht
),
wilson AS (
    SELECT f, posts, 1.959963984540054 AS z FROM rates
)
SELECT v.classifier_version,
       r.posts,
       r.flagged,
       r.f AS raw_share,
       greatest(0, (w.f + w.z * w.z / (2 * w.posts) - w.z * sqrt(w.f * (1 - w.f) / w.posts + w.z * w.z / (4 * w.posts * w.posts))) / (1 + w.z * w.z / w.posts)) AS raw_ci_low,
       least(1, (w.f + w.z * w.z / (2 * w.posts) + w.z * sqrt(w.f * (1 - w.f) / w.posts + w.z * w.z / (4 * w.posts * w.posts))) / (1 + w.z * w.z / w.posts)) AS raw_ci_high,
       r.used AS annotations_used,
       (SELECT count(*) FROM latest) - r.used AS annotations_left_out,
       (SELECT count(*) FROM strata s WHERE NOT EXISTS (SELECT 1 FROM annotated n WHERE n.stratum = s.stratum)) AS strata_unannotated,
       r.tp, r.fp, r.fn, r.tn,
       r.precision,
       r.tpr AS recall,
       r.fpr,
       CASE WHEN r.used = 0 THEN NULL
            WHEN r.tp + r.fn = 0 THEN 0.0
            WHEN r.tpr - r.fpr <= 0 THEN NULL
            ELSE greatest(0, least(1, (r.f - r.fpr) / (r.tpr - r.fpr))) END AS adjusted_share,
       CASE WHEN r.used = 0 THEN 'no annotations for this classifier version yet: run lastlight label sample, fill in human_label, then lastlight label import'
            WHEN r.tpr - r.fpr <= 0 THEN 'the classifier does no better than chance on the annotations: no adjustment is possible'
            END AS note,
       (SELECT count(*) FROM latest WHERE ambiguous) AS annotations_ambiguous
FROM rates r, wilson w, version v
