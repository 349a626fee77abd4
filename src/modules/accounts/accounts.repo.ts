import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';
import { ensureStaffPrincipal } from '../../platform/auth/principals.ts';

type Q = Db | Tx;

export function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Q, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recordSuccessfulLogin(db: Q, userId: string) {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: new Date() }).where('id', '=', userId).execute();
}

export async function listUsers(db: Q, q: string | undefined, limit: number, offset: number) {
  let query = db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'status', 'totp_enabled', 'last_login_at', 'locked_until'])
    .orderBy('email')
    .limit(limit)
    .offset(offset);
  if (q) query = query.where((eb) => eb.or([eb(sql`lower(email)`, 'like', `%${q.toLowerCase()}%`), eb(sql`vn_fold(full_name)`, 'like', sql`vn_fold(${`%${q}%`})`)]));
  return query.execute();
}

export async function rolesOfUsers(db: Q, userIds: string[]) {
  if (!userIds.length) return [];
  const res = await sql<{ userId: string; role: string; orgId: string; orgName: string }>`
    SELECT r.user_id AS "userId", r.role, r.org_id AS "orgId",
      (SELECT n.name FROM organisation_names n WHERE n.org_id = r.org_id ORDER BY n.valid_from DESC LIMIT 1) AS "orgName"
    FROM user_roles r WHERE r.user_id IN (${sql.join(userIds)}) ORDER BY r.role`.execute(db);
  return res.rows;
}

export async function insertUser(db: Q, u: { email: string; fullName: string; passwordHash: string }) {
  const row = await db.insertInto('users').values({ email: u.email, full_name: u.fullName, password_hash: u.passwordHash }).returning('id').executeTakeFirstOrThrow();
  // Every staff account is also a principal (same id) with a 'local' identity: one table of who acts.
  await ensureStaffPrincipal(db, { id: row.id, fullName: u.fullName });
  return row.id;
}

export async function grantRole(db: Q, userId: string, role: string, orgId: string) {
  await db.insertInto('user_roles').values({ user_id: userId, role, org_id: orgId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function revokeRole(db: Q, userId: string, role: string, orgId: string) {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).where('role', '=', role).where('org_id', '=', orgId).execute();
}

export async function listTokens(db: Q) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'scopes', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function listAudit(db: Q, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_label', 'action', 'entity_type', 'entity_id', 'before', 'after', 'ip', 'request_id'])
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  if (f.actor) q = q.where(sql`lower(actor_label)`, 'like', `%${f.actor.toLowerCase()}%`);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  // Day boundaries are Vietnamese days.
  if (f.from) q = q.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.to) q = q.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  return q.execute();
}

/** Active staff holding one of `roles` in an organisation (who an escalation or a letter is addressed to). */
export async function staffWithRoles(db: Q, orgId: string, roles: string[]): Promise<Array<{ id: string; email: string; name: string }>> {
  const res = await sql<{ id: string; email: string; name: string }>`SELECT DISTINCT u.id, u.email, u.full_name AS name FROM users u
    JOIN user_roles r ON r.user_id = u.id WHERE r.org_id = ${orgId} AND r.role = ANY(${roles}::text[]) AND u.status = 'active' ORDER BY u.email`.execute(db);
  return res.rows;
}
