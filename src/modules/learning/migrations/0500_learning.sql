-- Learning module: courses → lessons → quizzes, question bank with versions, contests (rules as data),
-- attempts (question set drawn once, answers append-only), rollups, cohorts and the coverage ledger,
-- certificates. "person_key" is the citizen's person key (principals.person_key) or 'roster:<id>' for a
-- pupil on a school roster; each person is counted once by it.

-- Units that learners belong to (school, commune, agency) and their size (denominator) per year.
CREATE TABLE learn_units (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('school', 'commune', 'agency'))
);

-- A cohort: a school's classes, an agency's officials, a commune's community team; size = the denominator.
CREATE TABLE learn_cohorts (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id    uuid NOT NULL REFERENCES learn_units (id) ON DELETE CASCADE,
  name       text NOT NULL,
  audience   text NOT NULL CHECK (audience IN ('pupils', 'students', 'officials', 'community', 'public')),
  year       integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  size       integer NOT NULL CHECK (size >= 0),
  UNIQUE (unit_id, name, year)
);

-- Pupils on a school roster (under 14, no account of their own): a one-time code, stored as a hash.
CREATE TABLE learn_roster (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id    uuid NOT NULL REFERENCES learn_cohorts (id) ON DELETE CASCADE,
  display_name text NOT NULL,
  code_hash    text NOT NULL UNIQUE,
  first_used_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learn_courses (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  title       text NOT NULL,
  summary     text NOT NULL DEFAULT '',
  audience    text NOT NULL CHECK (audience IN ('pupils', 'students', 'officials', 'community', 'public')),
  sequential  boolean NOT NULL DEFAULT true,
  status      text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'archived')),
  issuer      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A lesson: text, an optional image and video link, an optional guide embedded by reference to the guide's
-- published version (slug + publication time); stale_since is set when that guide is published again.
CREATE TABLE learn_lessons (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id    uuid NOT NULL REFERENCES learn_courses (id) ON DELETE CASCADE,
  position     integer NOT NULL CHECK (position >= 1),
  title        text NOT NULL,
  body         text NOT NULL DEFAULT '',
  image_url    text,
  video_url    text,
  guide_slug   text,
  guide_stamp  timestamptz,
  stale_since  timestamptz,
  task         text CHECK (task IN ('dossier')),
  pass_ratio   numeric(3,2) NOT NULL DEFAULT 0.6 CHECK (pass_ratio BETWEEN 0 AND 1),
  UNIQUE (course_id, position)
);
CREATE INDEX learn_lessons_guide ON learn_lessons (guide_slug) WHERE guide_slug IS NOT NULL;

-- Question bank. A contest or a quiz refers to (question_id, version), never to a copy.
CREATE TABLE learn_questions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code         text NOT NULL UNIQUE,
  tags         text[] NOT NULL DEFAULT '{}',
  difficulty   smallint NOT NULL DEFAULT 1 CHECK (difficulty BETWEEN 1 AND 3),
  current_version integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learn_questions_tags ON learn_questions USING gin (tags);

CREATE TABLE learn_question_versions (
  question_id uuid NOT NULL REFERENCES learn_questions (id) ON DELETE CASCADE,
  version     integer NOT NULL,
  type        text NOT NULL CHECK (type IN ('single', 'multiple', 'true_false', 'numeric')),
  text        text NOT NULL,
  options     jsonb NOT NULL DEFAULT '[]',
  answer      jsonb NOT NULL,
  reference   text NOT NULL DEFAULT '',
  guide_slug  text,
  guide_stamp timestamptz,
  stale_since timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (question_id, version)
);
CREATE INDEX learn_qv_guide ON learn_question_versions (guide_slug) WHERE guide_slug IS NOT NULL;

-- A lesson's quiz: question versions in order.
CREATE TABLE learn_lesson_questions (
  lesson_id   uuid NOT NULL REFERENCES learn_lessons (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  question_id uuid NOT NULL,
  version     integer NOT NULL,
  PRIMARY KEY (lesson_id, position),
  FOREIGN KEY (question_id, version) REFERENCES learn_question_versions (question_id, version)
);

-- Progress per learner (person key) and lesson; the dossier code of a "learn → do" task is recorded, not verified.
CREATE TABLE learn_progress (
  person_key   text NOT NULL,
  lesson_id    uuid NOT NULL REFERENCES learn_lessons (id) ON DELETE CASCADE,
  completed_at timestamptz NOT NULL DEFAULT now(),
  correct      integer NOT NULL DEFAULT 0,
  total        integer NOT NULL DEFAULT 0,
  dossier_code text,
  PRIMARY KEY (person_key, lesson_id)
);

-- Contests; `rules` holds the rule pack as data (see learning.rules.ts).
CREATE TABLE learn_contests (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  title       text NOT NULL,
  summary     text NOT NULL DEFAULT '',
  audience    text NOT NULL CHECK (audience IN ('pupils', 'students', 'officials', 'community', 'public')),
  opens_at    timestamptz NOT NULL,
  closes_at   timestamptz NOT NULL CHECK (closes_at > opens_at),
  rules       jsonb NOT NULL,
  issuer      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learn_rounds (
  contest_id  uuid NOT NULL REFERENCES learn_contests (id) ON DELETE CASCADE,
  no          integer NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  -- Participants of the round, counted once when the round is closed: the truth for the prediction question.
  truth       integer,
  closed_at   timestamptz,
  PRIMARY KEY (contest_id, no)
);

-- Organisers, jury and secretariat take no part.
CREATE TABLE learn_exclusions (
  contest_id  uuid NOT NULL REFERENCES learn_contests (id) ON DELETE CASCADE,
  person_key  text NOT NULL,
  role        text NOT NULL CHECK (role IN ('organiser', 'jury', 'secretariat')),
  PRIMARY KEY (contest_id, person_key)
);

CREATE TABLE learn_attempts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contest_id   uuid NOT NULL REFERENCES learn_contests (id) ON DELETE CASCADE,
  round_no     integer NOT NULL,
  person_key   text NOT NULL,
  principal_id uuid,
  roster_id    uuid REFERENCES learn_roster (id) ON DELETE SET NULL,
  holder_name  text NOT NULL,
  unit_id      uuid REFERENCES learn_units (id) ON DELETE SET NULL,
  token_hash   text NOT NULL,
  -- The question set, drawn once at the start: [{"q": question id, "v": version}]
  questions    jsonb NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ends_at      timestamptz NOT NULL,
  submitted_at timestamptz,
  prediction   bigint,
  correct      integer,
  total        integer NOT NULL,
  duration_ms  integer
);
CREATE INDEX learn_attempts_person ON learn_attempts (contest_id, person_key, round_no);

-- Answers are appended, never updated: the last one per question before ends_at counts.
CREATE TABLE learn_answers (
  id          bigserial PRIMARY KEY,
  attempt_id  uuid NOT NULL REFERENCES learn_attempts (id) ON DELETE CASCADE,
  question_id uuid NOT NULL,
  answer      jsonb NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learn_answers_attempt ON learn_answers (attempt_id, id);

-- Rollups written as attempts start and end (leaderboards and statistics read these, never scan attempts).
CREATE TABLE learn_round_people (
  contest_id  uuid NOT NULL,
  round_no    integer NOT NULL,
  person_key  text NOT NULL,
  unit_id     uuid,
  PRIMARY KEY (contest_id, round_no, person_key)
);
CREATE TABLE learn_contest_people (
  contest_id  uuid NOT NULL,
  person_key  text NOT NULL,
  unit_id     uuid,
  PRIMARY KEY (contest_id, person_key)
);
CREATE TABLE learn_unit_rollup (
  contest_id   uuid NOT NULL,
  unit_id      uuid NOT NULL,
  participants integer NOT NULL DEFAULT 0,
  PRIMARY KEY (contest_id, unit_id)
);
-- The attempt that counts for each person and round (first-of or best-of, per the rules).
CREATE TABLE learn_standings (
  contest_id  uuid NOT NULL,
  round_no    integer NOT NULL,
  person_key  text NOT NULL,
  attempt_id  uuid NOT NULL REFERENCES learn_attempts (id) ON DELETE CASCADE,
  PRIMARY KEY (contest_id, round_no, person_key)
);

-- Coverage ledger: who completed training, from which source; counted once per person key.
CREATE TABLE learn_completions (
  id           bigserial PRIMARY KEY,
  person_key   text NOT NULL,
  unit_id      uuid REFERENCES learn_units (id) ON DELETE SET NULL,
  audience     text NOT NULL CHECK (audience IN ('pupils', 'students', 'officials', 'community', 'public')),
  source       text NOT NULL CHECK (source IN ('course', 'attendance', 'bdhvs', 'onetouch')),
  source_ref   text NOT NULL,
  completed_on date NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_key, source, source_ref)
);
CREATE INDEX learn_completions_unit ON learn_completions (unit_id, completed_on);
CREATE INDEX learn_completions_aud ON learn_completions (audience, completed_on);

CREATE TABLE learn_certificates (
  code         text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('course', 'contest')),
  source_id    uuid NOT NULL,
  title        text NOT NULL,
  person_key   text NOT NULL,
  holder_name  text NOT NULL,
  issuer       text NOT NULL,
  issued_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  revoked_reason text,
  UNIQUE (kind, source_id, person_key)
);
