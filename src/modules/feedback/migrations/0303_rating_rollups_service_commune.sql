-- Rating rollups per service and commune (issue #5 item 1: ratings per service, agency, field, commune, channel and
-- period). Same shape as fb_rating_rollup / fb_rating_rollup_month: daily rows for the partial months at the edges of
-- a period, monthly rows for whole months. Updated in the same transaction as the rating (bumpRatingRollup).
-- service_code and commune are '' when the rating did not carry them.
CREATE TABLE fb_rating_rollup_sc (
  day          date NOT NULL,
  org_id       uuid NOT NULL,
  service_code text NOT NULL DEFAULT '',
  commune      text NOT NULL DEFAULT '',
  n            bigint NOT NULL DEFAULT 0,
  score_sum    bigint NOT NULL DEFAULT 0,
  satisfied    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_id, service_code, commune)
);
CREATE INDEX fb_rating_rollup_sc_org_idx ON fb_rating_rollup_sc (org_id, day);

CREATE TABLE fb_rating_rollup_sc_month (
  month        date NOT NULL,
  org_id       uuid NOT NULL,
  service_code text NOT NULL DEFAULT '',
  commune      text NOT NULL DEFAULT '',
  n            bigint NOT NULL DEFAULT 0,
  score_sum    bigint NOT NULL DEFAULT 0,
  satisfied    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, org_id, service_code, commune)
);
CREATE INDEX fb_rating_rollup_sc_month_org_idx ON fb_rating_rollup_sc_month (org_id, month);

-- Backfill from the ratings already stored.
INSERT INTO fb_rating_rollup_sc (day, org_id, service_code, commune, n, score_sum, satisfied)
SELECT day, org_id, coalesce(service_code, ''), coalesce(commune, ''), count(*), sum(score), count(*) FILTER (WHERE score >= 4)
FROM fb_ratings WHERE org_id IS NOT NULL
GROUP BY day, org_id, coalesce(service_code, ''), coalesce(commune, '');

INSERT INTO fb_rating_rollup_sc_month (month, org_id, service_code, commune, n, score_sum, satisfied)
SELECT date_trunc('month', day)::date, org_id, service_code, commune, sum(n), sum(score_sum), sum(satisfied)
FROM fb_rating_rollup_sc
GROUP BY 1, org_id, service_code, commune;
