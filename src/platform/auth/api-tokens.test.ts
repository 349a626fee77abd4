import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { generateApiToken, verifyApiToken } from './api-tokens.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

async function issue(extra: { expires_at?: Date; revoked_at?: Date } = {}) {
  const g = generateApiToken();
  const row = await t.database.db
    .insertInto('api_tokens')
    .values({ name: 'Cổng dịch vụ công', token_prefix: g.prefix, token_hash: g.hash, scopes: ['feedback:write'], ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...g, id: row.id };
}

describe('verifyApiToken', () => {
  it('accepts a live token, returns its scopes and marks it used', async () => {
    const k = await issue();
    const v = await verifyApiToken(t.database.db, ` ${k.token} `);
    expect(v).toEqual({ id: k.id, name: 'Cổng dịch vụ công', scopes: ['feedback:write'], orgId: null });
    const used = await t.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', k.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeInstanceOf(Date);
  });

  it('refuses a wrong secret, a revoked, an expired and a malformed token', async () => {
    const k = await issue();
    const wrong = `dvc_${k.prefix}_${'x'.repeat(43)}`;
    expect(await verifyApiToken(t.database.db, wrong)).toBeNull();
    const revoked = await issue({ revoked_at: new Date() });
    expect(await verifyApiToken(t.database.db, revoked.token)).toBeNull();
    const expired = await issue({ expires_at: new Date(Date.now() - 1000) });
    expect(await verifyApiToken(t.database.db, expired.token)).toBeNull();
    for (const bad of ['', 'dvc_', `dvc_${k.prefix}`, k.token.replace('dvc_', 'abc_'), `${k.token}'; --`]) expect(await verifyApiToken(t.database.db, bad)).toBeNull();
    expect(await sql<{ n: number }>`select count(*)::int as n from api_tokens where last_used_at is not null and id = ${revoked.id}`.execute(t.database.db)).toMatchObject({ rows: [{ n: 0 }] });
  });
});
