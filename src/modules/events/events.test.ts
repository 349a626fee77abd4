import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';

describe('dead-letter page', () => {
  let t: TestApp;
  let eventId: number;
  beforeAll(async () => {
    t = await buildTestApp();
    // A delivery that failed on every attempt (its handler no longer exists on any node).
    const e = await sql<{ id: number }>`INSERT INTO events (type, payload, actor_label, fanned_out_at)
      VALUES ('content.guide.published', '{"slug":"xin-giay-phep-<b>"}', 'system', now()) RETURNING id`.execute(t.database.db);
    eventId = e.rows[0]!.id;
    await sql`INSERT INTO event_deliveries (event_id, handler, status, attempts, last_error)
      VALUES (${eventId}, 'gone.handler', 'dead', 6, 'SMTP <timeout>')`.execute(t.database.db);
  });
  afterAll(async () => t.close());

  it('lists dead letters to an admin, escaped, and hides them from other staff', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const res = await t.app.inject({ url: '/quan-tri/su-kien', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('gone.handler');
    expect(res.body).toContain('content.guide.published');
    expect(res.body).toContain('SMTP &lt;timeout');
    expect(res.body).not.toContain('<timeout>');
    expect(res.body).toContain('Lỗi hẳn: 1');
    const editor = await sessionFor(t.database, DEMO.editor);
    expect((await t.app.inject({ url: '/quan-tri/su-kien', headers: { cookie: editor.cookie } })).statusCode).toBe(403);
    const post = await t.app.inject({ method: 'POST', url: '/quan-tri/su-kien/gui-lai', headers: { cookie: editor.cookie, ...FORM }, payload: form({ _csrf: editor.csrf, eventId: String(eventId), handler: 'gone.handler' }) });
    expect(post.statusCode).toBe(403);
  });

  it('an admin requeues a dead letter (audited); it is tried again at once', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const res = await t.app.inject({ method: 'POST', url: '/quan-tri/su-kien/gui-lai', headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, eventId: String(eventId), handler: 'gone.handler' }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/quan-tri/su-kien?da=eventRequeued');
    const d = await sql<{ status: string; attempts: number; last_error: string }>`SELECT status, attempts, last_error FROM event_deliveries WHERE event_id = ${eventId}`.execute(t.database.db);
    // Tried once more right away; the handler is still missing, so it waits for its next retry.
    expect(d.rows[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d.rows[0]!.last_error).toContain('no handler "gone.handler"');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'events.delivery.requeue').execute();
    expect(audit).toEqual([{ action: 'events.delivery.requeue', entity_id: `${eventId}:gone.handler` }]);
    // Requeueing something that is not dead finds nothing.
    const again = await t.app.inject({ method: 'POST', url: '/quan-tri/su-kien/gui-lai', headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, eventId: String(eventId), handler: 'gone.handler' }) });
    expect(again.statusCode).toBe(404);
  });
});
