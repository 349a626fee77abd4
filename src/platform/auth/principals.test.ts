import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { modules as allModules } from '../../modules/index.ts';
import type { ModuleManifest } from '../modules.ts';
import { createTestDb, DEMO, FORM, form, sessionFor, type TestDb } from '../../test/helpers.ts';
import { can, grantableRoles, type Actor } from './permissions.ts';
import { linkOwner, ownedItems, ownerOf, owns, requireOwner } from './ownership.ts';
import { findByIdentity, upsertCitizen } from './principals.ts';

// A module that brings its own role and permission, as the learning or outreach modules will.
const trainingModule: ModuleManifest = {
  name: 'training-test',
  roles: [{ name: 'trainer', labelKey: 'accounts.roles.viewer' }],
  permissions: [{ name: 'training.teach', roles: ['trainer', 'admin'], scope: 'org' }],
};

describe('principals, module-registered roles and ownership', () => {
  let t: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await createTestDb();
    app = await buildApp({ config: t.config, database: t.database, logger: false, modules: [...allModules, trainingModule] });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('every staff account is a principal with a local identity, including accounts created later', async () => {
    const db = t.database.db;
    const users = await db.selectFrom('users').select(['id', 'full_name']).execute();
    expect(users.length).toBeGreaterThan(3);
    for (const u of users) {
      const p = await findByIdentity(db, 'local', u.id);
      expect(p).toMatchObject({ id: u.id, kind: 'staff', displayName: u.full_name, userId: u.id, personKey: null });
    }
  });

  it('an admin grants a role a module registered; the database has no closed list; unknown roles are refused', async () => {
    expect(grantableRoles().map((r) => r.name)).toEqual(expect.arrayContaining(['admin', 'viewer', 'trainer']));
    expect(grantableRoles().map((r) => r.name)).not.toContain('citizen');
    const admin = await sessionFor(t.database, DEMO.admin);
    const page = await app.inject({ url: '/quan-tri/tai-khoan', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('<option value="trainer"');
    const orgId = /<option value="([0-9a-f-]{36})"[^>]*>Sở Tư pháp<\/option>/.exec(page.body)![1]!;
    const post = (role: string, email: string) =>
      app.inject({
        method: 'POST',
        url: '/quan-tri/tai-khoan',
        headers: { ...FORM, cookie: admin.cookie },
        payload: form({ _csrf: admin.csrf, fullName: 'Giảng viên', email, role, orgId, password: 'mat-khau-du-dai-12' }),
      });
    expect((await post('trainer', 'giangvien@demo.dvc-hub.vn')).statusCode).toBe(303);
    const user = await t.database.db.selectFrom('users').select('id').where('email', '=', 'giangvien@demo.dvc-hub.vn').executeTakeFirstOrThrow();
    const grant = await t.database.db.selectFrom('user_roles').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(grant).toMatchObject({ role: 'trainer', org_id: orgId });
    expect(await findByIdentity(t.database.db, 'local', user.id)).toMatchObject({ kind: 'staff', displayName: 'Giảng viên' });
    const trainer: Actor = { kind: 'user', id: user.id, label: 'gv', roles: [{ role: 'trainer', orgId }] };
    expect(can(trainer, 'training.teach', orgId)).toBe(true);
    expect(can(trainer, 'training.teach', '00000000-0000-0000-0000-000000000009')).toBe(false);
    // admin is registered province-wide by the accounts module: any organisation.
    const admin2: Actor = { kind: 'user', id: null, label: 'a', roles: [{ role: 'admin', orgId }] };
    expect(can(admin2, 'training.teach', '00000000-0000-0000-0000-000000000009')).toBe(true);
    const bad = await post('wizard', 'phuthuy@demo.dvc-hub.vn');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Giảng viên'); // the form keeps what was typed
  });

  it('boot fails with a clear message when a permission names a role no module registered', async () => {
    const broken: ModuleManifest = { name: 'broken-test', permissions: [{ name: 'broken.do', roles: ['nobody_role'], scope: 'province' }] };
    await expect(buildApp({ config: t.config, database: t.database, logger: false, modules: [...allModules, broken] })).rejects.toThrow(/broken\.do names unknown role nobody_role/);
  });

  it('the ownership helper: a citizen owns what they created or claimed, nobody else does', async () => {
    const db = t.database.db;
    const mk = (subject: string, personKey: string) =>
      db.transaction().execute((tx) => upsertCitizen(tx, { provider: 'https://sso.test', subject, personKey, displayName: 'Nguyễn Văn A' }));
    const a = await mk('sub-a', 'pk-a');
    expect(a.created).toBe(true);
    const again = await mk('sub-a', 'pk-a');
    expect(again).toMatchObject({ created: false, principal: { id: a.principal.id } });
    const b = await mk('sub-b', 'pk-b');
    const citizenA: Actor = { kind: 'citizen', id: a.principal.id, label: 'c', roles: [] };
    const citizenB: Actor = { kind: 'citizen', id: b.principal.id, label: 'c', roles: [] };
    expect(await linkOwner(db, a.principal.id, 'test.item', 'X1', 'signed_in')).toBe(true);
    expect(await linkOwner(db, a.principal.id, 'test.item', 'X1', 'claimed')).toBe(true); // repeated: still A's
    expect(await linkOwner(db, b.principal.id, 'test.item', 'X1', 'claimed')).toBe(false); // one owner per item
    expect(await ownerOf(db, 'test.item', 'X1')).toBe(a.principal.id);
    expect(await owns(db, citizenA, 'test.item', 'X1')).toBe(true);
    expect(await owns(db, citizenB, 'test.item', 'X1')).toBe(false);
    expect(await owns(db, { ...citizenA, kind: 'user' }, 'test.item', 'X1')).toBe(false);
    await expect(requireOwner(db, citizenB, 'test.item', 'X1')).rejects.toMatchObject({ status: 403 });
    expect((await ownedItems(db, a.principal.id, 'test.item')).map((i) => i.itemId)).toEqual(['X1']);
  });
});
