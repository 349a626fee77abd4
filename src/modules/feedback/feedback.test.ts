import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { anonymousVisitor, buildTestApp, DEMO, FORM, form, mergeCookies, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import type { FeedbackService } from './feedback.service.ts';
import * as metrics from './feedback.metrics.ts';
import { chase } from './feedback.chase.ts';
import { addDays } from './feedback.calendar.ts';
import { feedbackModule } from './index.ts';
import { CatalogueToken } from '../catalogue/api.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

let t: TestApp;
let svc: FeedbackService;
let skhcn: string;
let stp: string;
let centre: string;

/** A catalogue stand-in: procedure X.SKHCN belongs to SKHCN with STP coordinating. */
function fakeCatalogue() {
  const procs: Record<string, { id: string; code: string; name: string; field: string; responsibleOrgIds: string[] }> = {
    'X.SKHCN': { id: '1', code: 'X.SKHCN', name: 'Thủ tục thử nghiệm của Sở KH&CN', field: 'Khoa học, công nghệ', responsibleOrgIds: [skhcn, stp] },
    'X.DATDAI': { id: '2', code: 'X.DATDAI', name: 'Đăng ký đất đai thử nghiệm', field: 'Đất đai', responsibleOrgIds: [stp] },
  };
  return {
    getByCode: async (c: string) => procs[c],
    search: async (q: string) => ({ items: Object.values(procs).filter((p) => p.name.toLowerCase().includes(q.toLowerCase())) }),
  };
}

async function webSubmit(fields: Record<string, string>, token = `tok-${Math.random().toString(36).slice(2)}`) {
  const v = await anonymousVisitor(t.app, '/phan-anh/gui');
  const res = await t.app.inject({
    method: 'POST',
    url: '/phan-anh/gui',
    headers: { ...FORM, cookie: v.cookie },
    payload: form({ _csrf: v.csrf, _submission: token, kind: 'hoi-dap', website: '', ...fields }),
  });
  return { res, visitor: v, token };
}

const codeFrom = (location: string) => /\/phan-anh\/(PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3})/.exec(location)![1]!;
const keyFrom = (location: string) => new URL(location, 'http://x').searchParams.get('k') ?? '';

async function staff(email: string) {
  return sessionFor(t.database, email);
}

async function staffPost(s: { cookie: string; csrf: string }, url: string, data: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...data }) });
}

beforeAll(async () => {
  t = await buildTestApp();
  svc = t.app.deps.services.get(FeedbackServiceToken);
  skhcn = await orgId(t.database, 'SKHCN');
  stp = await orgId(t.database, 'STP');
  centre = await orgId(t.database, 'TT-PVHCC');
  t.app.deps.services.provide(CatalogueToken, fakeCatalogue());
});
afterAll(async () => t.close());

describe('the citizen journey (submit → receipt → answer → public page → verdict)', () => {
  it('works end to end through the web forms', async () => {
    const { res } = await webSubmit({
      serviceCode: 'X.SKHCN',
      title: 'Hỏi về thủ tục thử nghiệm',
      body: 'Tôi là Nguyễn Văn An, SĐT 0912345678. Xin hỏi thủ tục này cần giấy tờ gì?',
      contactName: 'Nguyễn Văn An',
      contactEmail: 'an@example.com',
    });
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    const code = codeFrom(location);
    const key = keyFrom(location);
    expect(key).not.toBe('');

    // The receipt page: the item was committed before it is shown.
    const receipt = await t.app.inject({ method: 'GET', url: location });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain(code);
    expect(receipt.body).toContain('Đã tiếp nhận');
    // Contact details and unmasked personal data never appear publicly.
    expect(receipt.body).not.toContain('an@example.com');
    expect(receipt.body).not.toContain('0912345678');
    expect(receipt.body).not.toContain('Nguyễn Văn An');

    // Routed to the responsible agency with the coordinating one recorded.
    const item = (await svc.publicView(code)).item;
    expect(item.orgId).toBe(skhcn);
    expect(item.coordinatingOrgIds).toEqual([stp]);
    expect(item.channel).toBe('web');

    // The officer sees it in the queue, takes it and drafts; the head approves.
    const officer = await staff(DEMO.officerSkhcn);
    const queue = await t.app.inject({ method: 'GET', url: '/quan-tri/phan-anh', headers: { cookie: officer.cookie } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(code);
    expect((await staffPost(officer, `/quan-tri/phan-anh/${code}/giao`)).statusCode).toBe(303);
    expect((await staffPost(officer, `/quan-tri/phan-anh/${code}/du-thao`, { answer: 'Ngắn' })).statusCode).toBe(422);
    expect((await staffPost(officer, `/quan-tri/phan-anh/${code}/du-thao`, { answer: 'Hồ sơ gồm tờ khai và bản sao giấy tờ tùy thân. Liên hệ 0221 3863 123.' })).statusCode).toBe(303);
    // An officer cannot approve.
    expect((await staffPost(officer, `/quan-tri/phan-anh/${code}/duyet`)).statusCode).toBe(403);
    const head = await staff(DEMO.headSkhcn);
    expect((await staffPost(head, `/quan-tri/phan-anh/${code}/duyet`)).statusCode).toBe(303);

    // Approving the answer publishes neither the question nor (before moderation) the answer to strangers;
    // the citizen's key shows the answer.
    const before = await t.app.inject({ method: 'GET', url: `/phan-anh/${code}` });
    expect(before.body).not.toContain('Hồ sơ gồm tờ khai');
    expect(before.body).not.toContain('Xin hỏi thủ tục này');
    expect((await t.app.inject({ method: 'GET', url: `/phan-anh/${code}?k=${key}` })).body).toContain('Hồ sơ gồm tờ khai');
    const editor = await staff(DEMO.editor);
    expect((await staffPost(editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve' })).statusCode).toBe(303);

    // Moderated: the public page shows the (masked) question and answer and the public timeline.
    const page = await t.app.inject({ method: 'GET', url: `/phan-anh/${code}` });
    expect(page.body).toContain('Xin hỏi thủ tục này');
    expect(page.body).toContain('Hồ sơ gồm tờ khai');
    expect(page.body).not.toContain('0221 3863 123');
    expect(page.body).toContain('Đã trả lời công khai');
    expect(page.body).not.toContain('(nội bộ)');

    // One e-mail, even if the approval is retried.
    const mails = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = 'an@example.com'`.execute(t.database.db);
    expect(mails.rows[0]!.n).toBe(1);
    // Sent by the feedback.answerMail handler of the feedback.item.answered event, delivered once.
    const deliveries = await sql<{ status: string }>`SELECT d.status FROM event_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.handler = 'feedback.answerMail' AND e.payload->>'code' = ${code}`.execute(t.database.db);
    expect(deliveries.rows).toEqual([{ status: 'done' }]);

    // The citizen (with the key) marks it unsatisfied and re-opens it once.
    const v = await anonymousVisitor(t.app, `/phan-anh/${code}?k=${key}`);
    const reopen = await t.app.inject({ method: 'POST', url: `/phan-anh/${code}/y-kien`, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, k: key, verdict: 'reopen', reason: 'Chưa nêu rõ số bản sao' }) });
    expect(reopen.statusCode).toBe(303);
    expect((await svc.publicView(code)).status).toBe('in_progress');
    // Without the key nobody else can.
    const forged = await t.app.inject({ method: 'POST', url: `/phan-anh/${code}/y-kien`, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, k: 'wrong', verdict: 'satisfied' }) });
    expect(forged.statusCode).toBe(403);
    await svc.draftAnswer({ ...(await actorOf(DEMO.officerSkhcn)) }, code, 'Cần một bản sao có chứng thực giấy tờ tùy thân.');
    await svc.approveAnswer(await actorOf(DEMO.headSkhcn), code);
    const again = await t.app.inject({ method: 'POST', url: `/phan-anh/${code}/y-kien`, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, k: key, verdict: 'reopen', reason: 'Lần hai' }) });
    expect(again.statusCode).toBe(409);
    const ok = await t.app.inject({ method: 'POST', url: `/phan-anh/${code}/y-kien`, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, k: key, verdict: 'satisfied' }) });
    expect(ok.statusCode).toBe(303);
    expect((await svc.publicView(code)).status).toBe('closed');
    // Two answers (first and after re-opening) → two distinct e-mails, never duplicates.
    const mails2 = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = 'an@example.com'`.execute(t.database.db);
    expect(mails2.rows[0]!.n).toBe(2);
  });

  it('keeps what the user typed and explains in Vietnamese on bad input (422)', async () => {
    const { res } = await webSubmit({ body: 'ngắn', contactEmail: 'khong-phai-email', title: 'Tiêu đề giữ lại' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Tiêu đề giữ lại');
    expect(res.body).toContain('khong-phai-email');
    expect(res.body).toContain('ít nhất 10 ký tự');
    expect(res.body).toContain('thư điện tử đúng dạng');
  });

  it('a double-clicked form (same one-time token) creates one item', async () => {
    const token = 'double-click-token-123';
    const a = await webSubmit({ body: 'Câu hỏi gửi hai lần do bấm đúp chuột vào nút gửi' }, token);
    const b = await webSubmit({ body: 'Câu hỏi gửi hai lần do bấm đúp chuột vào nút gửi' }, token);
    expect(codeFrom(a.res.headers.location as string)).toBe(codeFrom(b.res.headers.location as string));
  });

  it('merges duplicates (same text and contact within minutes) instead of losing them', async () => {
    const body = 'Phản ánh trùng lặp về việc trả kết quả chậm tại bộ phận một cửa';
    const a = await webSubmit({ kind: 'phan-anh', body, contactPhone: '0987654321' });
    const b = await webSubmit({ kind: 'phan-anh', body, contactPhone: '0987654321' });
    const code = codeFrom(a.res.headers.location as string);
    expect(codeFrom(b.res.headers.location as string)).toBe(code);
    expect((await svc.publicView(code)).item.duplicates).toBe(1);
  });

  it('rejects a filled honeypot with 400, not 500', async () => {
    const { res } = await webSubmit({ body: 'Nội dung của một chương trình tự động', website: 'http://spam.example' });
    expect(res.statusCode).toBe(400);
  });

  it('the home page links to feedback, ratings and the metrics', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('href="/phan-anh/gui"');
    expect(home.body).toContain('href="/danh-gia"');
  });

  it('an unknown tracking code is a 404 lookup page, a malformed one a 422 lookup page', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/phan-anh/PA-2020-999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/phan-anh/khong-co' })).statusCode).toBe(422);
  });
});

async function actorOf(email: string) {
  const s = await staff(email);
  const res = await t.app.inject({ method: 'GET', url: '/quan-tri/phan-anh', headers: { cookie: s.cookie } });
  expect(res.statusCode).toBe(200);
  const user = await t.database.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await sql<{ role: string; orgId: string }>`SELECT role, org_id AS "orgId" FROM user_roles WHERE user_id = ${user.id}`.execute(t.database.db);
  return { kind: 'user' as const, id: user.id, label: user.full_name, roles: roles.rows as Array<{ role: never; orgId: string }> };
}

describe('API intake and idempotency', () => {
  it('the same Idempotency-Key returns the same item; a new key creates another', async () => {
    const payload = { kind: 'kho-khan', body: 'Không tải được tệp đính kèm khi nộp hồ sơ trực tuyến' };
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { 'idempotency-key': 'client-key-0001' }, payload });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { 'idempotency-key': 'client-key-0001' }, payload });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().code).toBe(a.json().code);
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { 'idempotency-key': 'client-key-0002' }, payload: { ...payload, body: `${payload.body} (lần khác)` } });
    expect(c.statusCode).toBe(201);
    expect(c.json().code).not.toBe(a.json().code);
  });

  it('bad JSON input is a 4xx with a Vietnamese message', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { kind: 'khong-co', body: 'x' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.kind).toContain('Chọn loại');
  });

  it('createSupportRequest (assistant hand-over) creates a ho-tro item with the masked transcript', async () => {
    const r = await svc.createSupportRequest({
      transcript: [
        { role: 'user', text: 'Tôi cần làm lại căn cước, số cũ 033095001234' },
        { role: 'assistant', text: 'Bạn có thể nộp trực tuyến.' },
      ],
      contactEmail: 'ho.tro@example.com',
      channel: 'assistant',
      conversationId: 'conv-1',
    });
    expect(r.url).toBe(`/phan-anh/${r.code}`);
    const item = (await svc.publicView(r.code)).item;
    expect(item.kind).toBe('ho-tro');
    expect(item.channel).toBe('assistant');
    expect(JSON.stringify(item.transcript)).not.toContain('033095001234');
    // Retried hand-over of the same conversation → same item.
    const again = await svc.createSupportRequest({ transcript: [{ role: 'user', text: 'Tôi cần làm lại căn cước, số cũ 033095001234' }], channel: 'assistant', conversationId: 'conv-1' });
    expect(again.code).toBe(r.code);
  });
});

describe('permissions per role', () => {
  let code: string;
  beforeAll(async () => {
    code = (await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Phản ánh riêng của Sở KH&CN, liên hệ chị Mai 0911222333', serviceCode: 'X.SKHCN', contactEmail: 'mai@example.com', channel: 'web' })).code;
  });

  it('an officer of another agency cannot read private data; the responsible one and the Centre can', async () => {
    const other = await staff(DEMO.officerStp);
    // STP coordinates X.SKHCN, so use an item routed only to SKHCN:
    const own = (await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Chỉ Sở KH&CN xử lý, email bi.mat@example.com', orgId: skhcn, channel: 'web' })).code;
    const res = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/${own}`, headers: { cookie: other.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('bi.mat@example.com');
    const q = await t.app.inject({ method: 'GET', url: '/quan-tri/phan-anh?status=open', headers: { cookie: other.cookie } });
    expect(q.body).not.toContain(own);
    for (const email of [DEMO.officerSkhcn, DEMO.headSkhcn, DEMO.coordinator]) {
      const s = await staff(email);
      const ok = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/${own}`, headers: { cookie: s.cookie } });
      expect(ok.statusCode, email).toBe(200);
      expect(ok.body).toContain('bi.mat@example.com');
    }
    // A coordinating agency may read the items it coordinates.
    expect((await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/${code}`, headers: { cookie: other.cookie } })).statusCode).toBe(200);
  });

  it('viewers and collaborators cannot handle; anonymous users are sent to log in', async () => {
    for (const email of [DEMO.viewer, DEMO.collaborator]) {
      const s = await staff(email);
      expect((await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/${code}`, headers: { cookie: s.cookie } })).statusCode, email).toBe(403);
      expect((await staffPost(s, `/quan-tri/phan-anh/${code}/giao`)).statusCode, email).toBe(403);
    }
    const anon = await t.app.inject({ method: 'GET', url: '/quan-tri/phan-anh' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toContain('/dang-nhap');
  });

  it('a collaborator enters an item on behalf of a citizen with the channel recorded (audited)', async () => {
    const s = await staff(DEMO.collaborator);
    const page = await t.app.inject({ method: 'GET', url: '/quan-tri/phan-anh/nhap', headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    const res = await staffPost(s, '/quan-tri/phan-anh/nhap', { _submission: 'intake-1', channel: 'buu-dien', kind: 'kho-khan', body: 'Người dân tại bưu điện không đăng nhập được VNeID' });
    expect(res.statusCode).toBe(303);
    const c = /PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}/.exec(res.headers.location as string)![0];
    const item = (await svc.publicView(c)).item;
    expect(item.channel).toBe('buu-dien');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'feedback.intake' AND entity_id = ${item.id}`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
    // The officer lands on the receipt slip (code, the citizen's key, the tracking address), not on a 403.
    expect(res.headers.location).toBe(`/quan-tri/phan-anh/bien-nhan/${c}`);
    const slip = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: s.cookie } });
    expect(slip.statusCode).toBe(200);
    expect(slip.body).toContain(c);
    expect(item.citizenKey.length).toBeGreaterThan(8);
    expect(slip.body).toContain(item.citizenKey);
    expect(slip.body).toContain(`/phan-anh/${c}?k=${encodeURIComponent(item.citizenKey)}`);
    expect(slip.body).toContain('Giấy biên nhận');
    expect(slip.body).toContain('class="no-print"');
    // The key on the slip opens the citizen's own tracking page.
    const track = await t.app.inject({ method: 'GET', url: `/phan-anh/${c}?k=${encodeURIComponent(item.citizenKey)}` });
    expect(track.statusCode).toBe(200);
    // The slip does not widen access: the collaborator still cannot open the case itself.
    expect((await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/${c}`, headers: { cookie: s.cookie } })).statusCode).toBe(403);
    // Another officer with the intake right sees the code, never the citizen's key; without it: 403.
    const other = await staff(DEMO.coordinator);
    const otherSlip = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/bien-nhan/${c}`, headers: { cookie: other.cookie } });
    expect(otherSlip.statusCode).toBe(200);
    expect(otherSlip.body).toContain(c);
    expect(otherSlip.body).not.toContain(item.citizenKey);
    expect((await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/bien-nhan/${c}`, headers: { cookie: (await staff(DEMO.viewer)).cookie } })).statusCode).toBe(403);
    // The viewer may not enter items.
    const v = await staff(DEMO.viewer);
    expect((await staffPost(v, '/quan-tri/phan-anh/nhap', { _submission: 'intake-2', channel: 'hotline', kind: 'hoi-dap', body: 'Không được phép nhập thay người dân' })).statusCode).toBe(403);
  });

  it('only an editor of the agency (or the Centre) moderates; edited text is masked again', async () => {
    const editorStp = await staff(DEMO.editorStp);
    expect((await staffPost(editorStp, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve' })).statusCode).toBe(403);
    const editor = await staff(DEMO.editor);
    const res = await staffPost(editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve', titlePublic: 'Phản ánh về Sở', bodyPublic: 'Liên hệ chị Mai 0911222333 để biết thêm' });
    expect(res.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: `/phan-anh/${code}` });
    expect(page.body).toContain('Phản ánh về Sở');
    expect(page.body).not.toContain('0911222333');
    expect(page.body).not.toContain('mai@example.com');
    // Hiding needs a reason.
    expect((await staffPost(editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'hide' })).statusCode).toBe(422);
  });
});

describe('routing and reassignment', () => {
  it('routes by service, defaults to the Centre, and reassigns with a reason', async () => {
    const a = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', body: 'Câu hỏi không rõ thủ tục nào cả', channel: 'web' });
    expect((await svc.publicView(a.code)).item.orgId).toBe(centre);
    const b = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', body: 'Câu hỏi về đăng ký đất đai thử nghiệm', serviceCode: 'X.DATDAI', channel: 'web' });
    expect((await svc.publicView(b.code)).item.orgId).toBe(stp);
    const coord = await staff(DEMO.coordinator);
    expect((await staffPost(coord, `/quan-tri/phan-anh/${a.code}/chuyen`, { orgId: skhcn, reason: '' })).statusCode).toBe(422);
    expect((await staffPost(coord, `/quan-tri/phan-anh/${a.code}/chuyen`, { orgId: skhcn, reason: 'Thuộc thẩm quyền Sở KH&CN' })).statusCode).toBe(303);
    const v = await svc.publicView(a.code, { key: a.citizenKey });
    expect(v.item.orgId).toBe(skhcn);
    expect(v.events.some((e) => e.kind === 'reassigned' && e.note === 'Thuộc thẩm quyền Sở KH&CN')).toBe(true);
    // notes stay off the public timeline until the item is published
    expect((await svc.publicView(a.code)).events.find((e) => e.kind === 'reassigned')?.note).toBeNull();
    // An STP officer cannot reassign an SKHCN item.
    const o = await staff(DEMO.officerStp);
    expect((await staffPost(o, `/quan-tri/phan-anh/${a.code}/chuyen`, { orgId: stp, reason: 'Không có quyền chuyển' })).statusCode).toBe(403);
  });
});

describe('deadlines, pause and the chasing ladder', () => {
  it('pauses the clock while waiting for the citizen and resumes it', async () => {
    const r = await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Cần bổ sung thông tin để xử lý phản ánh', orgId: skhcn, channel: 'web' });
    const officer = await actorOf(DEMO.officerSkhcn);
    const due0 = (await svc.publicView(r.code)).dueDay;
    // Simulate: paused 10 days ago.
    await svc.requestInfo(officer, r.code, 'Đề nghị cung cấp mã hồ sơ');
    const pausedSince = addDays(todayInVietnam(), -14);
    await sql`UPDATE fb_items SET paused_since = ${pausedSince}::date WHERE code = ${r.code}`.execute(t.database.db);
    expect((await svc.publicView(r.code)).status).toBe('waiting_citizen');
    await expect(svc.resume({ ...SYSTEM_ACTOR, kind: 'anonymous' }, r.code, { key: 'sai', text: 'Mã hồ sơ là H31.1' })).rejects.toThrow();
    await svc.resume({ ...SYSTEM_ACTOR, kind: 'anonymous' }, r.code, { key: r.citizenKey, text: 'Mã hồ sơ là H31.1' });
    const after = await svc.publicView(r.code);
    expect(after.status).toBe('received');
    // 14 calendar days paused = 10 working days (no holidays in a normal fortnight; at least 8 in any case).
    const cal = await svc.calendar();
    const { workingDaysBetween } = await import('./feedback.calendar.ts');
    expect(workingDaysBetween(cal, due0, after.dueDay)).toBe(workingDaysBetween(cal, pausedSince, todayInVietnam()));
    expect(after.dueDay > due0).toBe(true);
  });

  it('reminds before the deadline, then escalates officer → head → Centre, each step once', async () => {
    const r = await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Phản ánh để thử thang đôn đốc quá hạn', orgId: skhcn, channel: 'web' });
    const cal = await svc.calendar();
    const today = todayInVietnam();
    const { addWorkingDays } = await import('./feedback.calendar.ts');
    const setDue = (d: string) => sql`UPDATE fb_items SET due_day = ${d}::date WHERE code = ${r.code}`.execute(t.database.db);
    const kinds = async () => (await sql<{ kind: string }>`SELECT e.kind FROM fb_events e JOIN fb_items i ON i.id = e.item_id WHERE i.code = ${r.code} ORDER BY e.id`.execute(t.database.db)).rows.map((x) => x.kind);

    await setDue(addWorkingDays(cal, today, 1));
    await chase(t.app.deps, svc, today);
    expect(await kinds()).toContain('reminder');

    // Due date 2 working days ago → officer level only.
    const back = (n: number) => {
      let d = today;
      let left = n;
      while (left > 0) {
        d = addDays(d, -1);
        if (addWorkingDays(cal, d, 1) <= today && (cal.workdays.has(d) || (!cal.holidays.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())))) left--;
      }
      return d;
    };
    await setDue(back(2));
    await chase(t.app.deps, svc, today);
    let k = await kinds();
    expect(k).toContain('escalated_officer');
    expect(k).toContain('overdue');
    expect(k).not.toContain('escalated_head');
    expect((await t.app.inject({ method: 'GET', url: `/phan-anh/${r.code}` })).body).toContain('Đã quá hạn trả lời');

    await setDue(back(6));
    await chase(t.app.deps, svc, today);
    await chase(t.app.deps, svc, today); // a retried job adds nothing
    k = await kinds();
    expect(k.filter((x) => x === 'escalated_head')).toHaveLength(1);
    expect(k.filter((x) => x === 'escalated_centre')).toHaveLength(1);
    // The Centre-level step is addressed to the Centre's coordinator in person, once.
    const coordId = (await t.database.db.selectFrom('users').select('id').where('email', '=', DEMO.coordinator).executeTakeFirstOrThrow()).id;
    const notes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${coordId} AND title LIKE ${'%' + r.code + '%cấp Trung tâm%'}`.execute(t.database.db);
    expect(notes.rows[0]!.n).toBe(1);
    void centre;
    // Items waiting for moderation longer than the publication limit are flagged once.
    await sql`UPDATE fb_items SET moderation = 'pending', received_day = ${back(6)}::date WHERE code = ${r.code}`.execute(t.database.db);
    await chase(t.app.deps, svc, today);
    await chase(t.app.deps, svc, today);
    expect((await kinds()).filter((x) => x === 'publish_overdue')).toHaveLength(1);
    await sql`UPDATE fb_items SET received_day = ${today}::date WHERE code = ${r.code}`.execute(t.database.db);
    // The job is registered and runs through deps.jobs.
    await t.app.deps.jobs.runNow('feedback.chase');
  });

  it('the Centre generates a DOCX chasing letter; an agency officer may not', async () => {
    const coord = await staff(DEMO.coordinator);
    const res = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${skhcn}.docx`, headers: { cookie: coord.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const o = await staff(DEMO.officerSkhcn);
    expect((await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${skhcn}.docx`, headers: { cookie: o.cookie } })).statusCode).toBe(403);
  });

  it('admins edit the calendar; others cannot', async () => {
    const admin = await staff(DEMO.admin);
    expect((await staffPost(admin, '/quan-tri/phan-anh/lich', { day: '14/02/2026', kind: 'workday', name: 'Làm bù' })).statusCode).toBe(303);
    expect((await staffPost(admin, '/quan-tri/phan-anh/lich', { day: '31/02/2026', kind: 'workday', name: 'Sai ngày' })).statusCode).toBe(422);
    const cal = await svc.calendar();
    expect(cal.workdays.has('2026-02-14')).toBe(true);
    const coord = await staff(DEMO.coordinator);
    expect((await staffPost(coord, '/quan-tri/phan-anh/lich', { day: '15/02/2026', kind: 'workday', name: 'Làm bù' })).statusCode).toBe(403);
  });
});

describe('ratings', () => {
  it('accepts 1–5 with drivers, one per dossier code, and feeds the rollups', async () => {
    const before = await metrics.ratingTotals(t.database.db, {});
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', payload: { score: 5, ease: 4, speed: 5, attitude: 5, clarity: 4, serviceCode: 'X.DATDAI', dossierCode: 'H31.25-000123' } });
    expect(a.statusCode).toBe(201);
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', payload: { score: 1, dossierCode: 'h31.25-000123' } });
    expect(dup.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/ratings', payload: { score: 7 } })).statusCode).toBe(400);
    await t.app.inject({ method: 'POST', url: '/api/v1/ratings', payload: { score: 2, serviceCode: 'X.SKHCN' } });
    const after = await metrics.ratingTotals(t.database.db, {});
    expect(after.n - before.n).toBe(2);
    expect(after.satisfied - before.satisfied).toBe(1);
    const ldi = await feedbackModule.stats!['feedback.satisfactionLandConstrInvest']!(t.app.deps, { orgId: stp });
    expect(ldi).toMatchObject({ value: 100, n: 1, minSample: 30 });
  });

  it('period totals from monthly + daily rollups equal a count of the raw rows, for any period', async () => {
    const hy = await orgId(t.database, 'HY');
    const { insertRating, bumpRatingRollup } = await import('./feedback.repo.ts');
    const days = ['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-15', '2025-01-31', '2025-02-01', '2025-02-27', '2025-02-28', '2025-03-01', '2025-03-31'];
    let i = 0;
    for (const day of days) {
      for (const score of [5, 3, 4]) {
        await insertRating(t.database.db, { serviceCode: null, orgId: hy, field: 'Đất đai', commune: null, channel: 'web', score, ease: null, speed: null, attitude: null, clarity: null, comment: null, dossierCode: `SYN-${i++}-X`, itemId: null, clientHash: null, day });
        await bumpRatingRollup(t.database.db, { day, orgId: hy, field: 'Đất đai', ldi: true, channel: 'web', score });
      }
    }
    const periods = [
      { from: '2025-01-01', to: '2025-01-31' },
      { from: '2024-12-31', to: '2025-03-01' },
      { from: '2025-01-15', to: '2025-02-28' },
      { from: '2025-02-01', to: '2025-02-27' },
      { from: '2024-01-01', to: '2025-12-31' },
      { from: '2025-03-31', to: '2025-03-31' },
    ];
    for (const p of periods) {
      const raw = await sql<{ n: number; s: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE score >= 4)::int AS s FROM fb_ratings
        WHERE org_id = ${hy} AND day BETWEEN ${p.from}::date AND ${p.to}::date`.execute(t.database.db);
      const got = await metrics.ratingTotals(t.database.db, { ...p, orgId: hy });
      expect([got.n, got.satisfied], JSON.stringify(p)).toEqual([raw.rows[0]!.n, raw.rows[0]!.s]);
      const byOrg = await metrics.ratingsByOrg(t.database.db, { ...p, orgId: hy });
      expect([byOrg.all.n, byOrg.ldi.n, byOrg.perOrg[0]?.n ?? 0]).toEqual([raw.rows[0]!.n, raw.rows[0]!.n, raw.rows[0]!.n]);
    }
  });

  it('the web rating form works without JavaScript and keeps input on error', async () => {
    const v = await anonymousVisitor(t.app, '/danh-gia');
    const bad = await t.app.inject({ method: 'POST', url: '/danh-gia', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, comment: 'Giữ góp ý này', score: '' }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Giữ góp ý này');
    const ok = await t.app.inject({ method: 'POST', url: '/danh-gia', headers: { ...FORM, cookie: mergeCookies(v.cookie, bad) }, payload: form({ _csrf: v.csrf, score: '4', ease: '4' }) });
    expect(ok.statusCode).toBe(303);
  });
});

describe('metrics, ledger and public Q&A', () => {
  it('stats come from rollups and match the items', async () => {
    const today = todayInVietnam();
    const totals = await metrics.itemTotals(t.database.db, { from: today, to: today });
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fb_items WHERE received_day = ${today}::date`.execute(t.database.db);
    expect(totals.received).toBe(raw.rows[0]!.n);
    expect(await feedbackModule.stats!['feedback.ackRate']!(t.app.deps, { from: today, to: today })).toMatchObject({ value: 100, n: raw.rows[0]!.n });
    const onTime = await feedbackModule.stats!['feedback.onTimeRate']!(t.app.deps, { from: today, to: today, orgId: skhcn });
    expect(onTime).toMatchObject({ value: 100 });
    expect(await feedbackModule.stats!['feedback.satisfactionRate']!(t.app.deps, { from: '2000-01-01', to: '2000-01-02' })).toEqual({ value: null, n: 0, minSample: 30 });
  });

  it('the public metrics page, CSV and XLSX show the league table', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Xếp hạng cơ quan');
    expect(page.body).toContain('Sở Khoa học và Công nghệ');
    const csv = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu.csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Sở Khoa học và Công nghệ');
    const xlsx = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Xếp hạng')!.rowCount).toBeGreaterThan(1);
  });

  it('seals days into an append-only hash chain that detects tampering', async () => {
    const today = todayInVietnam();
    await sql`INSERT INTO fb_item_rollup (day, org_id, received, acknowledged, answered) VALUES (${addDays(today, -2)}::date, ${skhcn}, 3, 3, 1), (${addDays(today, -1)}::date, ${stp}, 2, 2, 0)`.execute(t.database.db);
    const n = await metrics.sealLedger(t.database.db, today);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(await metrics.sealLedger(t.database.db, today)).toBe(0);
    expect(await metrics.verifyLedger(t.database.db)).toBeNull();
    await expect(sql`UPDATE fb_ledger SET received = 0`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM fb_ledger`.execute(t.database.db)).rejects.toThrow(/append-only/);
    const page = await t.app.inject({ method: 'GET', url: '/phan-anh/so-cai' });
    expect(page.body).toContain('Chuỗi mã băm toàn vẹn');
    const json = (await t.app.inject({ method: 'GET', url: '/api/v1/feedback/ledger' })).json();
    expect(json.brokenAt).toBeNull();
    // Anyone can recompute the chain from the published rows.
    const rows = [...json.rows].reverse();
    let prev = json.genesis;
    for (const r of rows) {
      expect(r.hash).toBe(metrics.ledgerHash(prev, r));
      prev = r.hash;
    }
  });

  it('answered questions are searchable without diacritics and listed for the assistant', async () => {
    const r = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', title: 'Đổi giấy phép lái xe quá hạn', body: 'Giấy phép lái xe quá hạn thì đổi thế nào?', orgId: skhcn, channel: 'web' });
    const heard: string[] = [];
    t.app.deps.events.addCacheListeners([defineCacheListener({ events: ['feedback.item.answered', 'feedback.item.moderated'], drop: (e) => void heard.push(e!.payload!.code) })]);
    await svc.draftAnswer(await actorOf(DEMO.officerSkhcn), r.code, 'Bạn nộp hồ sơ đổi giấy phép lái xe trên Cổng dịch vụ công.');
    await svc.approveAnswer(await actorOf(DEMO.headSkhcn), r.code);
    expect(heard).toEqual([r.code]);
    // not listed until a moderator approves the question's public text
    expect((await svc.listPublishedAnswers()).find((x) => x.code === r.code)).toBeUndefined();
    await svc.moderate(await actorOf(DEMO.editor), r.code, { action: 'approve' });
    expect(heard).toEqual([r.code, r.code]);
    const page = await t.app.inject({ method: 'GET', url: '/hoi-dap?q=giay%20phep%20lai%20xe' });
    expect(page.body).toContain('Đổi giấy phép lái xe quá hạn');
    const list = await svc.listPublishedAnswers();
    expect(list.find((x) => x.code === r.code)?.answer).toContain('Cổng dịch vụ công');
  });
});
