import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { createMailer } from '../mail/mailer.ts';
import { markNotificationRead, notify, unreadNotifications } from './notify.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

describe('notify()', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  const count = async (table: 'notifications' | 'mail_outbox', key: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE dedupe_key = ${key}`.execute(t.database.db)).rows[0]!.n;

  it('writes the in-app notification and queues the e-mail in the caller’s transaction, once per key', async () => {
    const mailer = createMailer(t.database.db, t.config, silent);
    const n = { orgId: null, key: 'test:notify:1', title: 'Sắp đến hạn', body: 'Còn 3 ngày', link: '/quan-tri', email: { to: 'a@example.vn', text: 'Còn 3 ngày' } };
    expect(await t.database.db.transaction().execute((tx) => notify(tx, n, mailer))).toEqual({ inApp: true, emailed: true });
    expect(await t.database.db.transaction().execute((tx) => notify(tx, n, mailer))).toEqual({ inApp: false, emailed: false });
    expect(await count('notifications', 'test:notify:1')).toBe(1);
    expect(await count('mail_outbox', 'test:notify:1')).toBe(1);
    const row = (await sql<{ title: string; body: string; link: string }>`SELECT title, body, link FROM notifications WHERE dedupe_key = 'test:notify:1'`.execute(t.database.db)).rows[0];
    expect(row).toEqual({ title: 'Sắp đến hạn', body: 'Còn 3 ngày', link: '/quan-tri' });
  });

  it('nothing is left when the transaction rolls back', async () => {
    const mailer = createMailer(t.database.db, t.config, silent);
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await notify(tx, { key: 'test:notify:2', title: 'x', email: { to: 'b@example.vn', text: 'x' } }, mailer);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count('notifications', 'test:notify:2')).toBe(0);
    expect(await count('mail_outbox', 'test:notify:2')).toBe(0);
  });

  it('refuses an e-mail without a mailer', async () => {
    await expect(notify(t.database.db, { key: 'test:notify:3', title: 'x', email: { to: 'c@example.vn', text: 'x' } })).rejects.toThrow(/mailer/);
  });

  it('an agency’s notification is listed for its members and marked read only by one of them', async () => {
    const org = '00000000-0000-4000-8000-0000000000a1';
    const other = '00000000-0000-4000-8000-0000000000a2';
    const someone = '00000000-0000-4000-8000-0000000000b1';
    await notify(t.database.db, { orgId: org, key: 'test:notify:org', title: 'Quá hạn báo cáo' });
    const mine = await unreadNotifications(t.database.db, someone, [org]);
    expect(mine.map((n) => n.title)).toEqual(['Quá hạn báo cáo']);
    expect(await unreadNotifications(t.database.db, someone, [other])).toEqual([]);
    expect(await markNotificationRead(t.database.db, mine[0]!.id, someone, [other])).toBe(false);
    expect(await markNotificationRead(t.database.db, mine[0]!.id, someone, [org])).toBe(true);
    expect(await unreadNotifications(t.database.db, someone, [org])).toEqual([]);
  });
});
