-- Catalogue of administrative procedures / online public services, imported from the national procedure
-- database (CSDL quốc gia về TTHC) and completed by the provincial Centre (responsible unit, DVCTT level).
CREATE TABLE procedures (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                  text NOT NULL CHECK (char_length(code) BETWEEN 1 AND 40),
  name                  text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 2000),
  field                 text NOT NULL DEFAULT '',
  procedure_type        text,
  dvctt_level           text CHECK (dvctt_level IN ('toan-trinh', 'mot-phan')),
  levels                text[] NOT NULL DEFAULT '{}',
  applicants_text       text,
  agency_text           text,
  competent_agency_text text,
  responsible_org_ids   uuid[] NOT NULL DEFAULT '{}',
  -- true once staff set the responsible unit by hand: later imports keep it.
  responsible_manual    boolean NOT NULL DEFAULT false,
  portal_url            text,
  submission_text       text,
  fees_text             text,
  time_text             text,
  documents_text        text,
  steps_text            text,
  conditions_text       text,
  result_text           text,
  legal_basis_text      text,
  decision              text,
  source                text NOT NULL DEFAULT 'csdl-quoc-gia',
  source_hash           text NOT NULL,
  -- when an import last changed the record's official text (the "record date" shown to citizens).
  synced_at             timestamptz NOT NULL DEFAULT now(),
  view_count            integer NOT NULL DEFAULT 0,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- Folded for search: "dang ky khai sinh" and "đăng ký khai sinh" match the same rows.
  search_text           text GENERATED ALWAYS AS (vn_fold(code || ' ' || name || ' ' || field)) STORED
);
CREATE UNIQUE INDEX procedures_code_key ON procedures (code);
CREATE INDEX procedures_field_idx ON procedures (field);
CREATE INDEX procedures_search_trgm_idx ON procedures USING gin (search_text gin_trgm_ops);
CREATE INDEX procedures_responsible_idx ON procedures USING gin (responsible_org_ids);
