-- Kho dữ liệu điện tử (issue 18): the citizen's personal document store. Owners are principals (platform
-- table); no foreign key to it, because the module erases its own rows (and the encrypted files in Storage)
-- when the citizen asks, before the principal goes.

-- One document: its metadata here, its bytes encrypted in Storage (envelope encryption: a random data key per
-- file, AES-256-GCM; the data key is stored wrapped by the master key named by key_id).
CREATE TABLE ds_documents (
  id            uuid PRIMARY KEY,
  owner_id      uuid NOT NULL,
  kind          text NOT NULL,
  title         text NOT NULL,
  file_name     text NOT NULL,
  mime          text NOT NULL,
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  sha256        text NOT NULL,
  storage_key   text NOT NULL UNIQUE,
  key_id        text NOT NULL,
  wrapped_key   text NOT NULL,
  valid_from    date,
  valid_until   date,
  source        text NOT NULL CHECK (source IN ('upload', 'delivered')),
  -- A delivered result: the issuing agency, the dossier and the officer who delivered it.
  issuer_org_id uuid,
  dossier_code  text,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from),
  CHECK ((source = 'delivered') = (issuer_org_id IS NOT NULL))
);
CREATE INDEX ds_documents_owner_idx ON ds_documents (owner_id, created_at DESC);

-- A purpose-bound share with an agency, consented to by the owner. Default deny: an officer reads a document
-- only through an active share of the officer's own agency that lists it.
CREATE TABLE ds_shares (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id       uuid NOT NULL,
  org_id         uuid NOT NULL,
  purpose        text NOT NULL,
  dossier_code   text NOT NULL,
  procedure_code text,
  legal_basis    text NOT NULL,
  until_date     date NOT NULL,
  until_result   boolean NOT NULL DEFAULT false,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'ended')),
  receipt        text NOT NULL,
  created_by     uuid NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz
);
CREATE INDEX ds_shares_owner_idx ON ds_shares (owner_id, created_at DESC);
CREATE INDEX ds_shares_org_idx ON ds_shares (org_id, status);

CREATE TABLE ds_share_documents (
  share_id    uuid NOT NULL REFERENCES ds_shares (id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES ds_documents (id) ON DELETE CASCADE,
  PRIMARY KEY (share_id, document_id)
);
CREATE INDEX ds_share_documents_doc_idx ON ds_share_documents (document_id);

-- What the citizen sees at /tai-khoan/kho/nhat-ky: every staff read or download (written in the same
-- transaction as the access), deliveries, and acts of a delegate. Names only the owner's own affairs.
CREATE TABLE ds_access_log (
  id            bigserial PRIMARY KEY,
  owner_id      uuid NOT NULL,
  document_id   uuid,
  document_name text NOT NULL,
  share_id      uuid,
  action        text NOT NULL CHECK (action IN ('staff_open', 'delivered', 'delegate_act')),
  org_id        uuid,
  org_name      text,
  actor_id      uuid,
  actor_role    text,
  actor_label   text,
  purpose       text,
  dossier_code  text,
  legal_basis   text,
  detail        text,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ds_access_log_owner_idx ON ds_access_log (owner_id, at DESC);
CREATE INDEX ds_access_log_actor_idx ON ds_access_log (actor_id, at DESC);

-- Authorisation for another citizen (a family member, a community digital team member) to act for the owner.
CREATE TABLE ds_delegations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id       uuid NOT NULL,
  delegate_id    uuid NOT NULL,
  delegate_name  text NOT NULL,
  owner_name     text NOT NULL,
  relation       text NOT NULL CHECK (relation IN ('family', 'community_team')),
  scopes         text[] NOT NULL,
  expires_at     date NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  CHECK (owner_id <> delegate_id)
);
CREATE INDEX ds_delegations_owner_idx ON ds_delegations (owner_id);
CREATE INDEX ds_delegations_delegate_idx ON ds_delegations (delegate_id);

-- In-app notices to the owner (a result delivered, a document opened by an agency).
CREATE TABLE ds_notices (
  id          bigserial PRIMARY KEY,
  owner_id    uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('delivered', 'opened')),
  document_id uuid,
  text_args   jsonb NOT NULL DEFAULT '{}',
  event_id    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  UNIQUE (event_id, kind)
);
CREATE INDEX ds_notices_owner_idx ON ds_notices (owner_id, created_at DESC);

-- National Kho synchronisation state per document (adapter contract: src/modules/datastore/README.md).
CREATE TABLE ds_sync (
  document_id uuid PRIMARY KEY REFERENCES ds_documents (id) ON DELETE CASCADE,
  national_id text,
  status      text NOT NULL CHECK (status IN ('pending', 'synced', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
