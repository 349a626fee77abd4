-- One table of principals for everyone who acts: staff (backed by users) and citizens (signed in through the
-- national SSO). A principal has identities by (provider, subject): 'local' for a staff password account, the
-- OIDC issuer for the national portal. Citizens keep a minimal footprint: the display name and the person key
-- (a salted HMAC of the ID number, so later modules count a person once) — never the raw ID number.
CREATE TABLE principals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('staff', 'citizen')),
  display_name text NOT NULL,
  person_key   text UNIQUE,
  user_id      uuid UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'staff') = (user_id IS NOT NULL))
);

CREATE TABLE principal_identities (
  provider     text NOT NULL,
  subject      text NOT NULL,
  principal_id uuid NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, subject)
);
CREATE INDEX principal_identities_principal_idx ON principal_identities (principal_id);

-- Existing staff: the principal shares the user's id, so audit rows and grants keep pointing at the same key.
INSERT INTO principals (id, kind, display_name, user_id) SELECT id, 'staff', full_name, id FROM users;
INSERT INTO principal_identities (provider, subject, principal_id) SELECT 'local', id::text, id FROM users;

-- What a principal owns in other modules ("this citizen owns this item"), without those modules' tables
-- knowing about principals: (item_type, item_id) is the module's own key, e.g. ('feedback.item', <uuid>).
CREATE TABLE owned_items (
  item_type    text NOT NULL,
  item_id      text NOT NULL,
  principal_id uuid NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
  how          text NOT NULL CHECK (how IN ('signed_in', 'claimed')),
  linked_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_type, item_id)
);
CREATE INDEX owned_items_principal_idx ON owned_items (principal_id, item_type, linked_at DESC);

-- Citizen sessions live in the same store as staff sessions: principal instead of user, plus what the SSO said
-- (its session id for back-channel logout, the assurance level reached).
ALTER TABLE sessions ADD COLUMN principal_id uuid REFERENCES principals (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN oidc_sid text;
ALTER TABLE sessions ADD COLUMN acr text;
CREATE INDEX sessions_principal_idx ON sessions (principal_id) WHERE principal_id IS NOT NULL;
CREATE INDEX sessions_oidc_sid_idx ON sessions (oidc_sid) WHERE oidc_sid IS NOT NULL;
