-- Organisations with effective dates, name history and succession (the 2025 reorganisation removed districts).
CREATE TABLE organisations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  type        text NOT NULL,
  parent_id   uuid REFERENCES organisations (id),
  area_code   text,
  valid_from  date NOT NULL,
  valid_to    date,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX organisations_parent_idx ON organisations (parent_id);
CREATE INDEX organisations_type_idx ON organisations (type);

-- Names change over time (renames); reports resolve the name as of a date.
CREATE TABLE organisation_names (
  id          bigserial PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name        text NOT NULL,
  short_name  text,
  valid_from  date NOT NULL,
  valid_to    date
);
CREATE INDEX organisation_names_org_idx ON organisation_names (org_id, valid_from DESC);
CREATE INDEX organisation_names_fold_idx ON organisation_names USING gin (vn_fold(name) gin_trgm_ops);

CREATE TABLE organisation_successions (
  predecessor_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  successor_id   uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('merge', 'split', 'reorganisation', 'rename')),
  effective      date NOT NULL,
  legal_basis    text,
  PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX organisation_successions_successor_idx ON organisation_successions (successor_id);
