-- Assistant (trợ lý ảo): conversations, turns (personal data masked), feedback on answers, the staff-editable
-- synonym/abbreviation lexicon, and a fallback table for hand-over requests used only while the feedback
-- module (which owns support requests) is not installed.

CREATE TABLE assistant_conversations (
  id          text PRIMARY KEY,
  channel     text NOT NULL DEFAULT 'web',
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_at     timestamptz NOT NULL DEFAULT now(),
  handed_over boolean NOT NULL DEFAULT false
);

CREATE TABLE assistant_turns (
  id              bigserial PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
  question        text NOT NULL,            -- masked
  folded          text NOT NULL,            -- masked, folded, for grouping similar questions
  answer          text NOT NULL,
  action          text NOT NULL CHECK (action IN ('answer', 'clarify', 'handoff')),
  route_class     text NOT NULL,
  reason          text NOT NULL,
  confidence      real NOT NULL,
  citations       jsonb NOT NULL DEFAULT '[]',
  options         jsonb NOT NULL DEFAULT '[]',
  latency_ms      integer NOT NULL DEFAULT 0,
  mode            text NOT NULL DEFAULT 'extractive',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_turns_conv ON assistant_turns (conversation_id, id);
CREATE INDEX assistant_turns_created ON assistant_turns (created_at);

CREATE TABLE assistant_feedback (
  id          bigserial PRIMARY KEY,
  turn_id     bigint NOT NULL REFERENCES assistant_turns(id) ON DELETE CASCADE,
  helpful     boolean NOT NULL,
  reason      text,
  comment     text,                         -- masked
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_feedback_turn ON assistant_feedback (turn_id);

CREATE TABLE assistant_lexicon (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  term        text NOT NULL,
  term_folded text NOT NULL UNIQUE,
  expansion   text NOT NULL,
  weight      real NOT NULL DEFAULT 0.9 CHECK (weight > 0 AND weight <= 1),
  active      boolean NOT NULL DEFAULT true,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Gap groups staff have dismissed or turned into content (keyed by the group's signature).
CREATE TABLE assistant_gap_actions (
  signature   text PRIMARY KEY,
  action      text NOT NULL CHECK (action IN ('draft', 'lexicon', 'dismissed')),
  target      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Fallback for hand-over requests while the feedback module is absent (same fields it needs).
CREATE TABLE support_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code            text NOT NULL UNIQUE,
  transcript      jsonb NOT NULL,           -- masked
  contact_name    text,
  contact_email   text,
  contact_phone   text,
  channel         text NOT NULL CHECK (channel IN ('assistant', 'hotline')),
  conversation_id text,
  status          text NOT NULL DEFAULT 'new',
  created_at      timestamptz NOT NULL DEFAULT now()
);
