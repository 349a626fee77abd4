import type { Db } from '../db/database.ts';
import type { Tx } from '../audit/command.ts';

type Q = Db | Tx;

/**
 * Principals: everyone who acts (staff and citizens), each with identities by (provider, subject). Staff
 * principals share their user's id; citizens are created on their first sign-in through the national SSO.
 * The SQL sits here because principals are a platform table every module may rely on.
 */
export interface Principal {
  id: string;
  kind: 'staff' | 'citizen';
  displayName: string;
  personKey: string | null;
  userId: string | null;
  createdAt: Date;
}

export const LOCAL_PROVIDER = 'local';

export async function ensureStaffPrincipal(db: Q, u: { id: string; fullName: string }): Promise<void> {
  await db
    .insertInto('principals')
    .values({ id: u.id, kind: 'staff', display_name: u.fullName, user_id: u.id })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('principal_identities')
    .values({ provider: LOCAL_PROVIDER, subject: u.id, principal_id: u.id })
    .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
    .execute();
}

function toPrincipal(r: { id: string; kind: 'staff' | 'citizen'; display_name: string; person_key: string | null; user_id: string | null; created_at: Date }): Principal {
  return { id: r.id, kind: r.kind, displayName: r.display_name, personKey: r.person_key, userId: r.user_id, createdAt: r.created_at };
}

export async function findPrincipal(db: Q, id: string): Promise<Principal | undefined> {
  const r = await db.selectFrom('principals').select(['id', 'kind', 'display_name', 'person_key', 'user_id', 'created_at']).where('id', '=', id).executeTakeFirst();
  return r && toPrincipal(r);
}

export async function findByIdentity(db: Q, provider: string, subject: string): Promise<Principal | undefined> {
  const r = await db
    .selectFrom('principal_identities as i')
    .innerJoin('principals as p', 'p.id', 'i.principal_id')
    .select(['p.id', 'p.kind', 'p.display_name', 'p.person_key', 'p.user_id', 'p.created_at'])
    .where('i.provider', '=', provider)
    .where('i.subject', '=', subject)
    .executeTakeFirst();
  return r && toPrincipal(r);
}

export async function identitiesOf(db: Q, principalId: string): Promise<Array<{ provider: string; subject: string; createdAt: Date }>> {
  const rows = await db.selectFrom('principal_identities').select(['provider', 'subject', 'created_at']).where('principal_id', '=', principalId).orderBy('created_at').execute();
  return rows.map((r) => ({ provider: r.provider, subject: r.subject, createdAt: r.created_at }));
}

/**
 * A citizen signed in: find them by (provider, subject), else by person key (same person, new subject — e.g.
 * the portal re-issued the account), else create them. The display name follows what the SSO says now.
 */
export async function upsertCitizen(tx: Tx, input: { provider: string; subject: string; personKey: string; displayName: string }): Promise<{ principal: Principal; created: boolean }> {
  let p = (await findByIdentity(tx, input.provider, input.subject)) ?? undefined;
  let created = false;
  if (!p) {
    const byKey = await tx.selectFrom('principals').select(['id', 'kind', 'display_name', 'person_key', 'user_id', 'created_at']).where('person_key', '=', input.personKey).executeTakeFirst();
    if (byKey) p = toPrincipal(byKey);
  }
  if (!p) {
    const r = await tx
      .insertInto('principals')
      .values({ kind: 'citizen', display_name: input.displayName, person_key: input.personKey })
      .returning(['id', 'kind', 'display_name', 'person_key', 'user_id', 'created_at'])
      .executeTakeFirstOrThrow();
    p = toPrincipal(r);
    created = true;
  } else {
    await tx.updateTable('principals').set({ display_name: input.displayName, last_seen_at: new Date() }).where('id', '=', p.id).execute();
    p = { ...p, displayName: input.displayName };
  }
  await tx
    .insertInto('principal_identities')
    .values({ provider: input.provider, subject: input.subject, principal_id: p.id })
    .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
    .execute();
  return { principal: p, created };
}

/** Erase a citizen principal: identities, ownership links and sessions go with it (ON DELETE CASCADE). */
export async function deleteCitizen(tx: Tx, principalId: string): Promise<boolean> {
  const res = await tx.deleteFrom('principals').where('id', '=', principalId).where('kind', '=', 'citizen').executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** A citizen by person key (HMAC of the ID number): how an agency reaches the person a dossier names. */
export async function findCitizenByPersonKey(db: Q, personKey: string): Promise<Principal | undefined> {
  const r = await db
    .selectFrom('principals')
    .select(['id', 'kind', 'display_name', 'person_key', 'user_id', 'created_at'])
    .where('person_key', '=', personKey)
    .where('kind', '=', 'citizen')
    .executeTakeFirst();
  return r && toPrincipal(r);
}
