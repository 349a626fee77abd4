-- Feedback: items (questions, complaints, difficulty reports, praise, support requests), their public and
-- internal timelines, ratings of services, a working-day calendar, rollups for metrics and the daily ledger.

CREATE TABLE fb_items (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code               text NOT NULL UNIQUE,
  kind               text NOT NULL CHECK (kind IN ('hoi-dap', 'phan-anh', 'kho-khan', 'khen-ngoi', 'ho-tro')),
  status             text NOT NULL DEFAULT 'received',
  channel            text NOT NULL DEFAULT 'web',
  service_code       text,
  service_name       text,
  field              text,
  commune            text,
  org_id             uuid NOT NULL,
  coordinating_org_ids uuid[] NOT NULL DEFAULT '{}',
  assigned_to        uuid,
  title              text NOT NULL,
  body               text NOT NULL,
  title_public       text NOT NULL,
  body_public        text NOT NULL,
  moderation         text NOT NULL DEFAULT 'pending' CHECK (moderation IN ('pending', 'approved', 'hidden')),
  moderation_reason  text,
  contact_name       text,
  contact_email      text,
  contact_phone      text,
  address            text,
  lat                double precision,
  long               double precision,
  transcript         jsonb,
  citizen_key        text NOT NULL,
  conversation_id    text,
  idempotency_key    text UNIQUE,
  submission_token   text UNIQUE,
  dedupe_hash        text NOT NULL,
  duplicates         integer NOT NULL DEFAULT 0,
  entered_by         uuid,
  received_day       date NOT NULL,
  due_day            date NOT NULL,
  paused_since       date,
  info_requested_count integer NOT NULL DEFAULT 0,
  escalation_level   integer NOT NULL DEFAULT 0,
  answer_draft       text,
  answer_public      text,
  answered_at        timestamptz,
  answered_day       date,
  answered_on_time   boolean,
  satisfied          boolean,
  reopened           integer NOT NULL DEFAULT 0,
  reopen_reason      text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fb_items_org_status_idx ON fb_items (org_id, status, created_at DESC);
CREATE INDEX fb_items_dedupe_idx ON fb_items (dedupe_hash, created_at DESC);
CREATE INDEX fb_items_open_due_idx ON fb_items (due_day) WHERE status IN ('received', 'in_progress', 'waiting_citizen', 'answer_pending');
CREATE INDEX fb_items_public_qa_idx ON fb_items (updated_at DESC) WHERE status IN ('answered', 'closed') AND moderation = 'approved';

-- Timeline: public entries are shown on /phan-anh/{code}; the rest only to staff. step_key makes a chasing
-- step or reminder happen at most once per item even when a job is retried.
CREATE TABLE fb_events (
  id          bigserial PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES fb_items (id),
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL,
  public      boolean NOT NULL DEFAULT false,
  note        text,
  actor_label text NOT NULL,
  step_key    text,
  UNIQUE (item_id, step_key)
);
CREATE INDEX fb_events_item_idx ON fb_events (item_id, id);

-- Ratings of a service after use: one per dossier code.
CREATE TABLE fb_ratings (
  id           bigserial PRIMARY KEY,
  service_code text,
  org_id       uuid,
  field        text,
  commune      text,
  channel      text NOT NULL DEFAULT 'web',
  score        smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  ease         smallint CHECK (ease BETWEEN 1 AND 5),
  speed        smallint CHECK (speed BETWEEN 1 AND 5),
  attitude     smallint CHECK (attitude BETWEEN 1 AND 5),
  clarity      smallint CHECK (clarity BETWEEN 1 AND 5),
  comment      text,
  dossier_code text UNIQUE,
  item_id      uuid,
  client_hash  text,
  day          date NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fb_ratings_day_idx ON fb_ratings (day, org_id);

-- Rollups, updated in the same transaction as the change that moves them (metrics never scan raw rows).
CREATE TABLE fb_rating_rollup (
  day          date NOT NULL,
  org_id       uuid NOT NULL,
  field        text NOT NULL DEFAULT '',
  ldi          boolean NOT NULL DEFAULT false,
  channel      text NOT NULL DEFAULT '',
  n            bigint NOT NULL DEFAULT 0,
  score_sum    bigint NOT NULL DEFAULT 0,
  satisfied    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_id, field, channel)
);
CREATE INDEX fb_rating_rollup_org_idx ON fb_rating_rollup (org_id, day);

CREATE TABLE fb_item_rollup (
  day          date NOT NULL,
  org_id       uuid NOT NULL,
  received     integer NOT NULL DEFAULT 0,
  acknowledged integer NOT NULL DEFAULT 0,
  answered     integer NOT NULL DEFAULT 0,
  on_time      integer NOT NULL DEFAULT 0,
  handling_days bigint NOT NULL DEFAULT 0,
  disliked     integer NOT NULL DEFAULT 0,
  reopened     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_id)
);

-- Append-only public ledger: one sealed row per day and agency, chained by hash.
CREATE TABLE fb_ledger (
  seq          bigserial PRIMARY KEY,
  day          date NOT NULL,
  org_id       uuid NOT NULL,
  received     integer NOT NULL,
  acknowledged integer NOT NULL,
  answered     integer NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  sealed_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (day, org_id)
);
CREATE FUNCTION fb_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fb_ledger is append-only';
END $$;
CREATE TRIGGER fb_ledger_no_update BEFORE UPDATE OR DELETE ON fb_ledger FOR EACH ROW EXECUTE FUNCTION fb_ledger_append_only();

-- Working-day calendar: holidays (off) and make-up working days (a Saturday or Sunday worked).
CREATE TABLE fb_calendar (
  day    date PRIMARY KEY,
  kind   text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name   text NOT NULL,
  source text NOT NULL DEFAULT 'seed'
);

-- Per-kind limits in working days (defaults from Decision 766), editable by admins.
CREATE TABLE fb_limits (
  step text PRIMARY KEY,
  days integer NOT NULL CHECK (days BETWEEN 1 AND 90)
);
INSERT INTO fb_limits (step, days) VALUES ('reject', 2), ('request_info', 5), ('answer', 15), ('publish', 2);

-- Handling time distribution (working days from receipt to answer) per month and agency, for medians.
CREATE TABLE fb_handling_hist (
  month   date NOT NULL,
  org_id  uuid NOT NULL,
  days    integer NOT NULL,
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, org_id, days)
);

CREATE SEQUENCE fb_item_code_seq;
