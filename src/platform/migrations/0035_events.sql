-- Transactional outbox for domain events (ADR 0007). A command writes its event row in the same transaction
-- as its changes; the events.deliver job fans each event out to the handlers that module manifests declare
-- (one event_deliveries row per (event, handler): the dedupe key) and runs them with retries and backoff.
-- A delivery that keeps failing becomes 'dead' and is listed on the staff page /quan-tri/su-kien.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  type        text NOT NULL CHECK (type ~ '^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$'),
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_label text NOT NULL,
  command     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Set when the dispatcher has created the delivery rows for every handler of this event type.
  fanned_out_at timestamptz
);
CREATE INDEX events_pending_fanout_idx ON events (id) WHERE fanned_out_at IS NULL;
CREATE INDEX events_type_idx ON events (type, created_at DESC);

CREATE TABLE event_deliveries (
  event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  handler         text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, handler)
);
CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX event_deliveries_dead_idx ON event_deliveries (updated_at DESC) WHERE status = 'dead';
