import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { buildTestApp, DEMO, FORM, form, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import type { FeedbackService } from './feedback.service.ts';
import { chase } from './feedback.chase.ts';
import { addDays } from './feedback.calendar.ts';
import { unzip } from '../../test/unzip.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

/**
 * The chasing job against a real SMTP server: escalations reach the right person (officer / head / Centre), by
 * notification and e-mail, can be marked read, and every overdue item is chased even far beyond one page of 500.
 */
const received: ParsedMail[] = [];
let smtp: SMTPServer;
let t: TestApp;
let svc: FeedbackService;
let skhcn: string;
let skhcnName: string;
const today = todayInVietnam();
const BULK = 520;

const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const notesFor = async (email: string, like: string) =>
  (await sql<{ title: string }>`SELECT title FROM notifications WHERE user_id = ${await userId(email)} AND title LIKE ${like} ORDER BY title`.execute(t.database.db)).rows.map((r) => r.title);
const mailTo = (email: string) => received.filter((m) => (m.to as { text: string }).text.includes(email));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => (received.push(m), cb()))
        .catch(cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  t = await buildTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  svc = t.app.deps.services.get(FeedbackServiceToken);
  skhcn = await orgId(t.database, 'SKHCN');
  skhcnName = await t.app.deps.services.get(OrganisationsToken).nameAsOf(skhcn, today);
}, 60_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('escalations reach the right person', () => {
  let code: string;

  it('head sees head level, the Centre sees Centre level, each by e-mail with the agency name', async () => {
    code = (await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Phản ánh quá hạn để thử đôn đốc từng người', orgId: skhcn, channel: 'web' })).code;
    await sql`UPDATE fb_items SET due_day = ${addDays(today, -21)}::date WHERE code = ${code}`.execute(t.database.db);
    expect(await chase(t.app.deps, svc, today)).toBe(3);

    const like = `%${code}%`;
    expect(await notesFor(DEMO.officerSkhcn, like)).toEqual([expect.stringContaining('cấp cán bộ xử lý')]);
    expect(await notesFor(DEMO.headSkhcn, like)).toEqual([expect.stringContaining('cấp lãnh đạo cơ quan')]);
    expect(await notesFor(DEMO.coordinator, like)).toEqual([expect.stringContaining('cấp Trung tâm Phục vụ hành chính công')]);
    for (const n of [...(await notesFor(DEMO.headSkhcn, like)), ...(await notesFor(DEMO.coordinator, like))]) {
      expect(n).toContain(skhcnName);
      expect(n).not.toContain(skhcn);
    }

    await t.app.deps.jobs.runNow('mail.deliver');
    await new Promise((r) => setTimeout(r, 300));
    for (const email of [DEMO.headSkhcn, DEMO.coordinator, DEMO.officerSkhcn]) {
      const mine = mailTo(email).filter((m) => m.text?.includes(code));
      expect(mine, email).toHaveLength(1);
      expect(mine[0]!.text).toContain(skhcnName);
    }
    expect(mailTo(DEMO.headSkhcn).find((m) => m.text?.includes(code))!.text).toContain('cấp lãnh đạo cơ quan');
    // A retried run takes no step and mails nothing more.
    expect(await chase(t.app.deps, svc, today)).toBe(0);
    await t.app.deps.jobs.runNow('mail.deliver');
    await new Promise((r) => setTimeout(r, 200));
    expect(mailTo(DEMO.headSkhcn).filter((m) => m.text?.includes(code))).toHaveLength(1);
  });

  it("an officer's home does not list the head's escalation; the head marks it read, others cannot", async () => {
    const officer = await sessionFor(t.database, DEMO.officerSkhcn);
    const officerHome = await t.app.inject({ method: 'GET', url: '/quan-tri', headers: { cookie: officer.cookie } });
    expect(officerHome.body).toContain(code);
    expect(officerHome.body).not.toContain('cấp lãnh đạo cơ quan');

    const head = await sessionFor(t.database, DEMO.headSkhcn);
    const home = await t.app.inject({ method: 'GET', url: '/quan-tri', headers: { cookie: head.cookie } });
    expect(home.body).toContain('cấp lãnh đạo cơ quan');
    const id = (await sql<{ id: string }>`SELECT id FROM notifications WHERE user_id = ${head.userId} AND title LIKE ${`%${code}%`}`.execute(t.database.db)).rows[0]!.id;
    const stranger = await t.app.inject({ method: 'POST', url: `/quan-tri/thong-bao/${id}/da-doc`, headers: { ...FORM, cookie: officer.cookie }, payload: form({ _csrf: officer.csrf }) });
    expect(stranger.statusCode).toBe(404);
    const read = await t.app.inject({ method: 'POST', url: `/quan-tri/thong-bao/${id}/da-doc`, headers: { ...FORM, cookie: head.cookie }, payload: form({ _csrf: head.csrf }) });
    expect(read.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/quan-tri', headers: { cookie: head.cookie } })).body).not.toContain(code);
  });
});

describe(`chasing more than one page (${BULK} overdue items)`, () => {
  it('every overdue item is escalated to the Centre, once; each person gets one e-mail listing theirs', async () => {
    // Deadlines spread over a week with many ties: the keyset (due day, id) must still visit every row once.
    // (Already published, so only the answer deadline is chased.)
    await sql`INSERT INTO fb_items (code, kind, org_id, title, body, title_public, body_public, citizen_key, dedupe_hash, moderation, received_day, due_day)
      SELECT 'PA-2099-' || lpad(g::text, 6, '0'), 'phan-anh', ${skhcn}::uuid, 'Phản ánh số ' || g, 'Nội dung', 'Phản ánh số ' || g, 'Nội dung', 'k' || g, 'h' || g, 'approved',
        ${addDays(today, -60)}::date, ${addDays(today, -20)}::date - (g % 7)
      FROM generate_series(1, ${BULK}) g`.execute(t.database.db);
    const outboxBefore = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox`.execute(t.database.db)).rows[0]!.n;
    const started = Date.now();
    expect(await chase(t.app.deps, svc, today)).toBe(BULK * 3);
    console.log(`chase: ${BULK} overdue items × 3 steps in ${Date.now() - started} ms`);

    const levels = await sql<{ level: number; n: number }>`SELECT escalation_level AS level, count(*)::int AS n FROM fb_items WHERE code LIKE 'PA-2099-%' GROUP BY 1`.execute(t.database.db);
    expect(levels.rows).toEqual([{ level: 3, n: BULK }]);
    const centreSteps = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fb_events e JOIN fb_items i ON i.id = e.item_id WHERE i.code LIKE 'PA-2099-%' AND e.kind = 'escalated_centre'`.execute(t.database.db);
    expect(centreSteps.rows[0]!.n).toBe(BULK);
    expect(await notesFor(DEMO.headSkhcn, 'Quá hạn % PA-2099-%')).toHaveLength(BULK);
    // One digest per person (officer, head, Centre staff), not 520 e-mails each.
    const mails = await sql<{ to: string; subject: string; text: string }>`SELECT to_address AS "to", subject, text_body AS text FROM mail_outbox WHERE text_body LIKE '%PA-2099-%'`.execute(t.database.db);
    expect(mails.rows.length).toBeLessThanOrEqual(5);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox`.execute(t.database.db)).rows[0]!.n - outboxBefore).toBe(mails.rows.length);
    const toHead = mails.rows.filter((m) => m.to === DEMO.headSkhcn);
    expect(toHead).toHaveLength(1);
    expect(toHead[0]!.subject).toContain(`(${BULK})`);
    expect(toHead[0]!.text).toContain('PA-2099-000520');
    expect(await chase(t.app.deps, svc, today)).toBe(0);
  }, 300_000);
});

describe('the chasing letter (NĐ 30/2020)', () => {
  it('lists every overdue item, carries a registered number, "Nơi nhận" and the margins; same day = same number', async () => {
    const coord = await sessionFor(t.database, DEMO.coordinator);
    const res = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${skhcn}.docx`, headers: { cookie: coord.cookie } });
    expect(res.statusCode).toBe(200);
    const xml = unzip(res.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Số: 01/TTPVHCC-PAKN');
    expect(xml).toContain(`Kính gửi: ${skhcnName}`);
    expect(xml).not.toContain(skhcn);
    expect(xml).toContain(`trả lời ${BULK + 1} phản ánh, kiến nghị đã quá hạn`);
    expect(xml).toContain('PA-2099-000520');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:titlePg/>');
    const runOf = (text: string) => xml.slice(xml.lastIndexOf('<w:r>', xml.indexOf(`>${text}<`)), xml.indexOf(`>${text}<`));
    expect(runOf('Nơi nhận:')).toMatch(/<w:b\/>[\s\S]*<w:i\/>[\s\S]*<w:sz w:val="24"\/>/);
    expect(runOf('- Lưu: VT, PAKN.')).toContain('<w:sz w:val="22"/>');
    expect(runOf('Độc lập - Tự do - Hạnh phúc')).toContain('<w:u w:val="single"/>');
    expect(new Set([...xml.matchAll(/w:rFonts w:ascii="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(['Times New Roman']));
    const again = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${skhcn}.docx`, headers: { cookie: coord.cookie } });
    expect(unzip(again.rawPayload).get('word/document.xml')!.toString('utf8')).toContain('Số: 01/TTPVHCC-PAKN');
  });

  it('is not produced when nothing is overdue (and uses up no number)', async () => {
    const coord = await sessionFor(t.database, DEMO.coordinator);
    const stp = await orgId(t.database, 'STP');
    const res = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${stp}.docx`, headers: { cookie: coord.cookie } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('không có phản ánh, kiến nghị nào quá hạn');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM fb_chasing_letters`.execute(t.database.db)).rows[0]!.n).toBe(1);
  });
});
