import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';

type Q = Db | Tx;

/** Sessions, audit and principal rows about one citizen: platform tables, read for the export only. */
export async function principalRow(db: Q, principalId: string) {
  return db.selectFrom('principals').select(['id', 'display_name', 'person_key', 'created_at', 'last_seen_at']).where('id', '=', principalId).where('kind', '=', 'citizen').executeTakeFirst();
}

export async function sessionsOf(db: Q, principalId: string) {
  return db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent', 'acr']).where('principal_id', '=', principalId).orderBy('created_at').execute();
}

export async function auditTrailOf(db: Q, principalId: string) {
  return db.selectFrom('audit_log').select(['at', 'action', 'entity_type', 'entity_id', 'ip']).where('actor_id', '=', principalId).orderBy('at').orderBy('id').execute();
}

/** Back-channel logout: end every local session the SSO session `sid` (or the subject `sub`) started. */
export async function deleteSessionsForSso(db: Q, provider: string, sel: { sid: string | null; sub: string | null }): Promise<number> {
  let n = 0;
  if (sel.sid) {
    const r = await db.deleteFrom('sessions').where('oidc_sid', '=', sel.sid).executeTakeFirst();
    n += Number(r.numDeletedRows);
  } else if (sel.sub) {
    const r = await db
      .deleteFrom('sessions')
      .where('principal_id', 'in', (eb) => eb.selectFrom('principal_identities').select('principal_id').where('provider', '=', provider).where('subject', '=', sel.sub!))
      .executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}
