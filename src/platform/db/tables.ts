import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types for the platform's own tables. Feature modules declare their tables next to their repo
 * and reach them with `db.withTables<ModuleTables>()`, so no module edits this file.
 */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  full_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  status: Generated<'active' | 'disabled'>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  /** accounts 0021: last accepted TOTP time step (replay guard) and the per-account TOTP failure counter. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  totp_failures: Generated<number>;
  totp_blocked_until: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string | null;
  csrf_token: string;
  mfa_passed: Generated<boolean>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  principal_id: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_sid: ColumnType<string | null, string | null | undefined, string | null>;
  acr: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PrincipalsTable {
  id: Generated<string>;
  kind: 'staff' | 'citizen';
  display_name: string;
  person_key: string | null;
  user_id: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
}

export interface PrincipalIdentitiesTable {
  provider: string;
  subject: string;
  principal_id: string;
  created_at: Generated<Date>;
}

export interface OwnedItemsTable {
  item_type: string;
  item_id: string;
  principal_id: string;
  how: 'signed_in' | 'claimed';
  linked_at: Generated<Date>;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_prefix: string;
  token_hash: string;
  scopes: string[];
  org_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
}

export interface MailOutboxTable {
  id: Generated<string>;
  dedupe_key: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string | null;
  org_id: string | null;
  dedupe_key: string | null;
  title: string;
  body: Generated<string>;
  link: string | null;
  created_at: Generated<Date>;
  read_at: Date | null;
}

export interface OrganisationsTable {
  id: Generated<string>;
  code: string;
  type: string;
  parent_id: string | null;
  area_code: string | null;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationNamesTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  short_name: string | null;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrganisationSuccessionsTable {
  predecessor_id: string;
  successor_id: string;
  kind: 'merge' | 'split' | 'reorganisation' | 'rename';
  effective: ColumnType<string, string, string>;
  legal_basis: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  org_id: string;
  created_at: Generated<Date>;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface PlatformTables {
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  notifications: NotificationsTable;
  organisations: OrganisationsTable;
  organisation_names: OrganisationNamesTable;
  organisation_successions: OrganisationSuccessionsTable;
  user_roles: UserRolesTable;
  principals: PrincipalsTable;
  principal_identities: PrincipalIdentitiesTable;
  owned_items: OwnedItemsTable;
  schema_migrations: SchemaMigrationsTable;
}
