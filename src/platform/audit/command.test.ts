import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { runCommand } from './command.ts';
import { definePermissions, type Actor } from '../auth/permissions.ts';

const officer: Actor = { kind: 'user', id: null, label: 'officer@test', roles: [{ role: 'agency_officer', orgId: '00000000-0000-0000-0000-000000000001' }] };
const admin: Actor = { kind: 'user', id: null, label: 'admin@test', roles: [{ role: 'admin', orgId: '00000000-0000-0000-0000-000000000002' }] };

describe('runCommand', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    definePermissions([{ name: 'test.write', roles: ['admin', 'agency_officer'], scope: 'org' }]);
  });
  afterAll(async () => t.close());

  const auditCount = async (action: string) =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action])).rows[0].n);

  it('writes the change and its audit row in one transaction', async () => {
    await runCommand(t.database.db, admin, 'test.ok', async ({ tx, authorize, audit }) => {
      authorize('test.write');
      await tx.insertInto('notifications').values({ title: 'cmd-ok', user_id: null, org_id: null, dedupe_key: null, link: null, read_at: null }).execute();
      await audit({ entityType: 'notification', after: { title: 'cmd-ok' } });
    });
    expect(await auditCount('test.ok')).toBe(1);
    const row = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'test.ok').executeTakeFirstOrThrow();
    expect(row.actor_label).toBe('admin@test');
    expect(row.after).toEqual({ title: 'cmd-ok' });
  });

  it('rolls back both the change and the audit row when the work fails', async () => {
    await expect(
      runCommand(t.database.db, admin, 'test.fail', async ({ tx, authorize, audit }) => {
        authorize('test.write');
        await tx.insertInto('notifications').values({ title: 'cmd-fail', user_id: null, org_id: null, dedupe_key: null, link: null, read_at: null }).execute();
        await audit({ entityType: 'notification' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await auditCount('test.fail')).toBe(0);
    const n = await t.database.db.selectFrom('notifications').select('id').where('title', '=', 'cmd-fail').execute();
    expect(n).toHaveLength(0);
  });

  it('checks org-scoped permissions: an officer acts only for their own organisation', async () => {
    const body = async (orgId: string) =>
      runCommand(t.database.db, officer, 'test.scoped', async ({ authorize, audit }) => {
        authorize('test.write', orgId);
        await audit({ entityType: 'x', orgId });
      });
    await expect(body('00000000-0000-0000-0000-000000000001')).resolves.toBeUndefined();
    await expect(body('00000000-0000-0000-0000-000000000009')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a command that skipped the permission check or the audit', async () => {
    await expect(runCommand(t.database.db, admin, 'test.noauth', async ({ audit }) => audit({ entityType: 'x' }))).rejects.toThrow(/permission/);
    await expect(runCommand(t.database.db, admin, 'test.noaudit', async ({ authorize }) => authorize('test.write'))).rejects.toThrow(/audit/);
    expect(await auditCount('test.noauth')).toBe(0);
  });
});
