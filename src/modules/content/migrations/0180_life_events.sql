-- Life events (issue 14): curated "sự kiện cuộc sống" pages share the guides' table and workflow
-- (draft → review by a second person → published, one snapshot per save). `kind` tells them apart.
ALTER TABLE content_guides ADD COLUMN kind text NOT NULL DEFAULT 'guide' CHECK (kind IN ('guide', 'life_event'));
CREATE INDEX content_guides_kind_public ON content_guides (kind) WHERE published_data IS NOT NULL;
