-- Plans (provincial implementation plans as data), annual reporting cycles, task reports, KPIs and their values.

CREATE TABLE plans (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug          text NOT NULL UNIQUE,            -- the plan file's `id`
  title         text NOT NULL,
  province_code text NOT NULL,
  basis         text NOT NULL DEFAULT '',
  period_from   integer NOT NULL,
  period_to     integer NOT NULL,
  report_due    text NOT NULL DEFAULT '12-10',   -- MM-DD
  report_due_text text NOT NULL DEFAULT '',
  document      jsonb NOT NULL,                  -- the whole parsed file (purposes, requirements, VI, funding…)
  checksum      text NOT NULL,
  imported_at   timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plan_targets (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id     uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ref         text NOT NULL,                     -- II.1.1 …
  year        integer NOT NULL,
  text        text NOT NULL,
  value       numeric NOT NULL,
  value_max   numeric,
  unit        text NOT NULL,
  kpi_code    text,
  position    integer NOT NULL,
  UNIQUE (plan_id, ref)
);

CREATE TABLE plan_tasks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id        uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ref            text NOT NULL,                  -- IV.1.a …
  section        text NOT NULL,                  -- IV.1
  section_title  text NOT NULL,
  text           text NOT NULL,
  timeframe      text NOT NULL DEFAULT '',
  lead           text[] NOT NULL DEFAULT '{}',   -- organisation or group codes, as written in IV
  coordinating   text[] NOT NULL DEFAULT '{}',
  lead_vi        text[] NOT NULL DEFAULT '{}',   -- as worked out from VI
  coordinating_vi text[] NOT NULL DEFAULT '{}',
  discrepancy    text,
  position       integer NOT NULL,
  edited_at      timestamptz,                    -- set when staff edit the task in the UI (import keeps edits)
  UNIQUE (plan_id, ref)
);

CREATE TABLE plan_cycles (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id     uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  year        integer NOT NULL,
  due_date    date NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_by   uuid,
  opened_at   timestamptz NOT NULL DEFAULT now(),
  unresolved  jsonb NOT NULL DEFAULT '[]'::jsonb, -- group codes that named no unit (flagged for the Centre)
  report_meta jsonb NOT NULL DEFAULT '{}'::jsonb, -- provincial report: number, date, narrative, signer
  UNIQUE (plan_id, year)
);

CREATE TABLE plan_reports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id     uuid NOT NULL REFERENCES plan_cycles (id) ON DELETE CASCADE,
  task_id      uuid NOT NULL REFERENCES plan_tasks (id) ON DELETE CASCADE,
  org_id       uuid NOT NULL,
  role         text NOT NULL CHECK (role IN ('lead', 'coordinating')),
  state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
  status       text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'not_reported')),
  progress     integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  outputs      jsonb NOT NULL DEFAULT '{}'::jsonb,
  narrative    text NOT NULL DEFAULT '',
  evidence     jsonb NOT NULL DEFAULT '[]'::jsonb,
  review_comment text,
  submitted_at timestamptz,
  submitted_by uuid,
  reviewed_at  timestamptz,
  reviewed_by  uuid,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle_id, task_id, org_id)
);
CREATE INDEX plan_reports_org_idx ON plan_reports (org_id, cycle_id);

CREATE TABLE kpis (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code            text NOT NULL UNIQUE,
  name_vi         text NOT NULL,
  name_en         text,
  numerator_def   text NOT NULL DEFAULT '',
  denominator_def text NOT NULL DEFAULT '',
  unit            text NOT NULL DEFAULT '%',
  direction       text NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
  target_2025     numeric,
  target_2025_max numeric,
  target_2030     numeric,
  threshold       numeric,
  source          text NOT NULL DEFAULT 'manual',
  stat_name       text,                           -- manifest stats key when the value is computed
  legal_ref       text NOT NULL DEFAULT '',
  ref_verified    boolean NOT NULL DEFAULT false,
  frequency       text NOT NULL DEFAULT 'year',
  owner_org_id    uuid,
  cutoff_rule     text NOT NULL DEFAULT '',
  formula_version integer NOT NULL DEFAULT 1,
  valid_from      date NOT NULL DEFAULT '2025-01-01',
  published       boolean NOT NULL DEFAULT true,
  position        integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kpi_values (
  id          bigserial PRIMARY KEY,
  kpi_id      uuid NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
  period      text NOT NULL,                      -- YYYY, YYYY-Qn or YYYY-MM
  org_id      uuid,                               -- null = the whole province
  org_key     text GENERATED ALWAYS AS (coalesce(org_id::text, '')) STORED,
  numerator   numeric,
  denominator numeric,
  value       numeric NOT NULL,
  source      text NOT NULL DEFAULT 'import',
  batch_id    uuid,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kpi_id, period, org_key)
);

-- A KPI import waits here between preview and commit.
CREATE TABLE kpi_import_batches (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name  text NOT NULL,
  rows       jsonb NOT NULL,
  errors     jsonb NOT NULL,
  status     text NOT NULL DEFAULT 'preview' CHECK (status IN ('preview', 'committed')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
