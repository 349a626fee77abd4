-- Content module: guides (with versions), materials library, QR scan counts.
-- Workflow state is an explicit column changed only by the service's transition functions.
-- `data` is the working copy editors change; `published_data` is what the public sees (NULL = not public).
CREATE TABLE content_guides (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
  owner_org_id       uuid NOT NULL REFERENCES organisations(id),
  author_id          uuid REFERENCES users(id),
  last_editor_id     uuid REFERENCES users(id),
  reviewer_id        uuid REFERENCES users(id),
  is_sample          boolean NOT NULL DEFAULT false,
  title              text NOT NULL,
  topic              text NOT NULL,
  data               jsonb NOT NULL,
  published_data     jsonb,
  search_text        text NOT NULL DEFAULT '',
  version            integer NOT NULL DEFAULT 1,
  scheduled_at       timestamptz,
  published_at       timestamptz,
  first_published_at timestamptz,
  view_count         integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_guides_public ON content_guides (first_published_at DESC) WHERE published_data IS NOT NULL;
CREATE INDEX content_guides_org ON content_guides (owner_org_id, status);
CREATE INDEX content_guides_scheduled ON content_guides (scheduled_at) WHERE scheduled_at IS NOT NULL;

-- One full snapshot per save: history and readable diffs.
CREATE TABLE content_guide_versions (
  guide_id   uuid NOT NULL REFERENCES content_guides(id) ON DELETE CASCADE,
  version    integer NOT NULL,
  data       jsonb NOT NULL,
  saved_by   uuid REFERENCES users(id),
  saved_by_label text NOT NULL,
  note       text,
  saved_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guide_id, version)
);

CREATE TABLE content_materials (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('infographic', 'video', 'leaflet', 'poster', 'radio_script', 'slides')),
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
  title          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  topic          text NOT NULL,
  audiences      text[] NOT NULL DEFAULT '{}',
  channels       text[] NOT NULL DEFAULT '{}',
  usage_rights   text NOT NULL DEFAULT '',
  external_url   text,
  script_text    text,
  file_key       text,
  file_name      text,
  file_type      text,
  file_size      integer,
  owner_org_id   uuid NOT NULL REFERENCES organisations(id),
  author_id      uuid REFERENCES users(id),
  last_editor_id uuid REFERENCES users(id),
  reviewer_id    uuid REFERENCES users(id),
  is_sample      boolean NOT NULL DEFAULT false,
  search_text    text NOT NULL DEFAULT '',
  view_count     integer NOT NULL DEFAULT 0,
  download_count integer NOT NULL DEFAULT 0,
  published_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_materials_public ON content_materials (published_at DESC) WHERE status = 'published';
CREATE INDEX content_materials_org ON content_materials (owner_org_id, status);

-- QR scans per guide, channel tag and day (Vietnam calendar day).
CREATE TABLE content_qr_scans (
  guide_id uuid NOT NULL REFERENCES content_guides(id) ON DELETE CASCADE,
  tag      text NOT NULL CHECK (tag ~ '^[a-z0-9-]{1,60}$'),
  day      date NOT NULL,
  scans    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (guide_id, tag, day)
);
