-- Roles are scoped to an organisation: a user may be an officer of one agency and a viewer of another.
CREATE TABLE user_roles (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('admin', 'coordinator', 'agency_head', 'agency_officer', 'editor', 'collaborator', 'viewer')),
  org_id     uuid NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role, org_id)
);
CREATE INDEX user_roles_org_idx ON user_roles (org_id);
