-- Daily snapshots of stats that only know "now" (a count of published guides, open items…): a stat provider
-- that returns a plain number has no history, so the platform job stats.snapshot records its value once a day
-- and a period's value is the last snapshot inside the period (issue 10: per-period values for every KPI).
CREATE TABLE stat_snapshots (
  stat_name   text NOT NULL,
  day         date NOT NULL,
  value       double precision,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stat_name, day)
);
