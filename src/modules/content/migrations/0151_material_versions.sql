-- Materials library: one snapshot of the editable metadata per save (history and readable diffs, like guides).
CREATE TABLE content_material_versions (
  material_id  uuid NOT NULL REFERENCES content_materials(id) ON DELETE CASCADE,
  version      integer NOT NULL CHECK (version > 0),
  snapshot     jsonb NOT NULL,
  author_id    uuid REFERENCES users(id),
  author_label text NOT NULL,
  note         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (material_id, version)
);

-- Existing materials start their history at version 1 with their current fields.
INSERT INTO content_material_versions (material_id, version, snapshot, author_id, author_label, note, created_at)
SELECT m.id, 1,
  jsonb_build_object(
    'kind', m.kind, 'title', m.title, 'description', m.description, 'topic', m.topic,
    'audiences', to_jsonb(m.audiences), 'channels', to_jsonb(m.channels), 'usageRights', m.usage_rights,
    'externalUrl', m.external_url, 'scriptText', m.script_text, 'fileName', m.file_name),
  m.last_editor_id, 'system', 'backfill', m.updated_at
FROM content_materials m
ON CONFLICT DO NOTHING;
