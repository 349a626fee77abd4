-- Monthly rating rollup: metrics for whole months read this (a few thousand rows for years of ratings) and
-- only the partial months at the edges of a period read the daily rollup.
CREATE TABLE fb_rating_rollup_month (
  month        date NOT NULL,
  org_id       uuid NOT NULL,
  field        text NOT NULL DEFAULT '',
  ldi          boolean NOT NULL DEFAULT false,
  channel      text NOT NULL DEFAULT '',
  n            bigint NOT NULL DEFAULT 0,
  score_sum    bigint NOT NULL DEFAULT 0,
  satisfied    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, org_id, field, channel)
);
CREATE INDEX fb_rating_rollup_month_org_idx ON fb_rating_rollup_month (org_id, month);
