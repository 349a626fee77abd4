-- Surveys (issue 17): instruments with versions, rounds, the sampling frame of completed dossiers, strata,
-- single-use invitations, responses and quotas. Owned by the surveys module; nobody else reads these tables.

CREATE TABLE sv_instruments (
  id          text PRIMARY KEY,                       -- slug, e.g. 'sipas-hai-long'
  kind        text NOT NULL CHECK (kind IN ('satisfaction', 'needs')),
  title_vi    text NOT NULL,
  title_en    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A version is frozen once a round uses it; an edit makes a new version.
CREATE TABLE sv_instrument_versions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instrument_id  text NOT NULL REFERENCES sv_instruments(id),
  version        int NOT NULL,
  questions      jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instrument_id, version)
);

-- A round: one instrument version, its dates, how people reach it, and (for sampled rounds) the design.
CREATE TABLE sv_surveys (
  id                    text PRIMARY KEY,             -- slug used in URLs and the API
  instrument_version_id uuid NOT NULL REFERENCES sv_instrument_versions(id),
  kind                  text NOT NULL CHECK (kind IN ('satisfaction', 'needs')),
  title_vi              text NOT NULL,
  title_en              text NOT NULL,
  status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  access                text NOT NULL CHECK (access IN ('invitation', 'public')),
  opens_on              date NOT NULL,
  closes_on             date NOT NULL CHECK (closes_on >= opens_on),
  period_from           date,                         -- the frame: dossiers with a result in this period
  period_to             date,
  design                jsonb,                        -- { e, p, method, floor, N, n0, n, total }
  seed                  text,                         -- published with the results
  drawn_at              timestamptz,
  published             boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sv_frame (
  survey_id    text NOT NULL REFERENCES sv_surveys(id) ON DELETE CASCADE,
  dossier_id   text NOT NULL,
  agency       text NOT NULL,
  field        text NOT NULL,
  field_group  text NOT NULL CHECK (field_group IN ('land', 'construction', 'investment', 'other')),
  procedure    text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('online-full', 'online-partial', 'in-person')),
  commune      text NOT NULL,
  result_date  date NOT NULL,
  phone        text,                                  -- only when the citizen agreed to be contacted
  email        text,
  stratum      text NOT NULL,
  PRIMARY KEY (survey_id, dossier_id)
);
CREATE INDEX sv_frame_stratum ON sv_frame (survey_id, stratum);

CREATE TABLE sv_strata (
  survey_id    text NOT NULL REFERENCES sv_surveys(id) ON DELETE CASCADE,
  key          text NOT NULL,
  agency       text NOT NULL,
  field_group  text NOT NULL,
  channel      text NOT NULL,
  frame_n      int NOT NULL,                          -- N_h
  sample_n     int NOT NULL,                          -- n_h
  floored      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (survey_id, key)
);

CREATE TABLE sv_invitations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id     text NOT NULL REFERENCES sv_surveys(id) ON DELETE CASCADE,
  dossier_id    text NOT NULL,
  stratum       text NOT NULL,
  token_hash    text NOT NULL UNIQUE,                 -- sha256 of the single-use token; the token is never stored
  draft         jsonb,                                -- answers saved to finish later
  status        text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'started', 'completed')),
  sent_at       timestamptz,
  reminders     int NOT NULL DEFAULT 0,
  reminded_at   timestamptz,
  completed_at  timestamptz,
  UNIQUE (survey_id, dossier_id)
);

CREATE TABLE sv_responses (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id      text NOT NULL REFERENCES sv_surveys(id) ON DELETE CASCADE,
  invitation_id  uuid UNIQUE REFERENCES sv_invitations(id),   -- one response per invitation
  stratum        text,
  person_key     text,                                         -- signed-in respondents of open surveys
  mode           text NOT NULL CHECK (mode IN ('web', 'phone', 'post-office', 'field')),
  interviewer    text,
  answers        jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sv_responses_person ON sv_responses (survey_id, person_key) WHERE person_key IS NOT NULL;
CREATE INDEX sv_responses_survey ON sv_responses (survey_id);

-- A quota: at most `max_n` responses whose answer to question_id is option_id (any answer when null).
CREATE TABLE sv_quotas (
  survey_id    text NOT NULL REFERENCES sv_surveys(id) ON DELETE CASCADE,
  id           text NOT NULL,
  question_id  text NOT NULL,
  option_id    text,
  max_n        int NOT NULL CHECK (max_n >= 0),
  filled       int NOT NULL DEFAULT 0,
  PRIMARY KEY (survey_id, id),
  CHECK (filled <= max_n)
);
