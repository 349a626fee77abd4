import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import type { FeedbackService } from './feedback.service.ts';
import { CatalogueToken, type CatalogueApi } from '../catalogue/api.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

/**
 * Issue 9, points 1–2: nothing a citizen wrote is public without a moderation decision on the masked preview;
 * private data only for the lead agency, coordinating agencies and the Centre; moderators see masked text.
 */

let t: TestApp;
let svc: FeedbackService;
let skhcn: string;
let stp: string;

// What a citizen types: every string here must stay off every public surface.
const SECRETS = ['Nguyễn Văn Bảy', '0912 345 678', 'bay.nguyen@gmail.com', '033095001234', 'ngõ 7'];
const BODY = 'Tôi là Nguyễn Văn Bảy, SĐT 0912 345 678, CCCD 033095001234, nhà ở số 3 ngõ 7 phố Chùa Chuông. Xin hỏi thủ tục cấp phép thử nghiệm cần gì?';

beforeAll(async () => {
  t = await buildTestApp();
  svc = t.app.deps.services.get(FeedbackServiceToken);
  skhcn = await orgId(t.database, 'SKHCN');
  stp = await orgId(t.database, 'STP');
  // A catalogue stand-in: X.PRIV belongs to SKHCN with STP coordinating.
  t.app.deps.services.provide(CatalogueToken, {
    getByCode: async (c: string) => (c === 'X.PRIV' ? { id: '9', code: 'X.PRIV', name: 'Thủ tục thử nghiệm riêng tư', field: 'Khoa học', responsibleOrgIds: [skhcn, stp] } : undefined),
  } as unknown as CatalogueApi);
});
afterAll(async () => t.close());

const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
async function post(email: string, url: string, data: Record<string, string> = {}) {
  const s = await sessionFor(t.database, email);
  return t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...data }) });
}
async function actorOf(email: string): Promise<Actor> {
  const user = await t.database.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await sql<{ role: string; orgId: string }>`SELECT role, org_id AS "orgId" FROM user_roles WHERE user_id = ${user.id}`.execute(t.database.db);
  return { kind: 'user', id: user.id, label: user.full_name, roles: roles.rows };
}
let n = 0;
async function submit(extra: Record<string, unknown> = {}) {
  // a different text each time: the same text and contact within minutes is merged into the first item
  return svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', title: 'Hỏi về thủ tục thử nghiệm riêng tư', body: `${BODY} Lần ${++n}.`, serviceCode: 'X.PRIV', contactName: 'Nguyễn Văn Bảy', contactEmail: 'bay.nguyen@gmail.com', channel: 'web', ...extra });
}
/** Every public surface for one item: tracking page, JSON API, Q&A page and API, Open311, the assistant's source. */
async function publicSurfaces(code: string): Promise<string> {
  const parts = await Promise.all([
    get(`/phan-anh/${code}`),
    get(`/api/v1/feedback/${code}`),
    get('/hoi-dap?q=thu%20nghiem'),
    get('/api/v1/feedback/answers?q=thu%20nghiem'),
    get(`/open311/v2/requests/${code}.json`),
    get(`/open311/v2/requests.json?service_request_id=${code}`),
    get('/open311/v2/requests.json'),
    get('/phan-anh'),
  ]);
  return parts.map((r) => r.body).join('\n') + JSON.stringify(await svc.listPublishedAnswers());
}
async function answer(code: string) {
  await svc.draftAnswer(await actorOf(DEMO.officerSkhcn), code, 'Hồ sơ gồm đơn đề nghị và bản sao giấy tờ tùy thân; liên hệ Sở qua Tổng đài 1022.');
  await svc.approveAnswer(await actorOf(DEMO.headSkhcn), code);
}

describe('moderation rule: nothing a citizen wrote is public without a decision on the masked preview', () => {
  it('approving the answer does not approve the question: no surface shows it, the assistant does not index it', async () => {
    const { code, citizenKey } = await submit();
    await answer(code);
    const item = (await svc.publicView(code)).item;
    expect(item.moderation).toBe('pending');
    const all = await publicSurfaces(code);
    for (const s of [...SECRETS, 'Xin hỏi thủ tục cấp phép thử nghiệm', 'Hồ sơ gồm đơn đề nghị']) expect(all, s).not.toContain(s);
    const api = (await get(`/api/v1/feedback/${code}`)).json();
    expect([api.title, api.body, api.answer]).toEqual([null, null, null]);
    expect(api.status).toBe('answered');
    // the citizen's key shows the answer (for the verdict), still not the contact details
    const mine = await get(`/phan-anh/${code}?k=${citizenKey}`);
    expect(mine.body).toContain('Hồ sơ gồm đơn đề nghị');
    for (const s of SECRETS) expect(mine.body).not.toContain(s);
    expect((await get(`/api/v1/feedback/${code}?k=${citizenKey}`)).json().answer).toContain('Hồ sơ gồm đơn đề nghị');
    expect((await get(`/api/v1/feedback/${code}?k=sai-khoa`)).json().answer).toBeNull();
  });

  it('the moderator sees the masked preview with the masked spans marked, masks more, and only then it is public', async () => {
    // a nickname and a local landmark the masker cannot know: the moderator masks them by hand
    const { code } = await submit({ body: `${BODY} Hàng xóm hay gọi là Tèo Em ở đầu dốc Đá Mòn biết rõ.`, contactEmail: 'bay.nguyen@gmail.com' });
    await answer(code);
    const editor = await sessionFor(t.database, DEMO.editor);
    const page = await get(`/quan-tri/phan-anh/${code}`, editor.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<mark class="masked">[họ tên]</mark>');
    expect(page.body).toContain('<mark class="masked">[số điện thoại]</mark>');
    expect(page.body).toMatch(/Đã che \d+ đoạn thông tin cá nhân/);
    expect(page.body).toContain('name="maskMore"');
    // the editor (a moderator, no handling right) never sees the original or the contacts
    for (const s of SECRETS) expect(page.body, s).not.toContain(s);
    // a bad phrase keeps what was typed (422)
    const bad = await post(DEMO.editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve', maskMore: 'x' });
    expect(bad.statusCode).toBe(422);
    expect((await post(DEMO.editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve', maskMore: 'Tèo Em\ndốc Đá Mòn' })).statusCode).toBe(303);
    const all = await publicSurfaces(code);
    expect(all).toContain('Xin hỏi thủ tục cấp phép thử nghiệm');
    expect(all).toContain('Hồ sơ gồm đơn đề nghị');
    expect(all).toContain('[đã ẩn]');
    for (const s of [...SECRETS, 'Tèo Em', 'Đá Mòn']) expect(all, s).not.toContain(s);
    expect((await svc.listPublishedAnswers()).some((a) => a.code === code)).toBe(true);
    // hiding takes it off again, the assistant's source included
    const heard: string[] = [];
    t.app.deps.events.addCacheListeners([defineCacheListener({ events: ['feedback.item.moderated'], drop: (e) => void heard.push(e!.payload!.code) })]);
    await svc.moderate(await actorOf(DEMO.editor), code, { action: 'hide', reason: 'Nội dung trùng lặp' });
    expect(heard).toContain(code);
    expect((await svc.listPublishedAnswers()).some((a) => a.code === code)).toBe(false);
    expect((await get(`/phan-anh/${code}`)).body).not.toContain('Xin hỏi thủ tục cấp phép thử nghiệm');
  });

  it('a moderator edit is masked again; the citizen re-open reason never reaches the public timeline', async () => {
    const { code, citizenKey } = await submit();
    await answer(code);
    await svc.moderate(await actorOf(DEMO.editor), code, { action: 'approve', bodyPublic: 'Hỏi thủ tục, gọi tôi 0987 654 321' });
    expect((await get(`/phan-anh/${code}`)).body).not.toContain('0987 654 321');
    await svc.citizenVerdict(code, { key: citizenKey, satisfied: false, reopen: true, reason: 'Tôi là Nguyễn Văn Bảy, chưa rõ' });
    const timeline = (await get(`/api/v1/feedback/${code}`)).json().timeline as Array<{ kind: string; note: string | null }>;
    expect(timeline.find((e) => e.kind === 'reopened')?.note).toBeNull();
    expect(JSON.stringify(timeline)).not.toContain('chưa rõ');
  });

  it('a receipt code alone reveals only the status: no text, contact, answer or notes of a pending item', async () => {
    const { code } = await submit();
    await svc.requestInfo(await actorOf(DEMO.officerSkhcn), code, 'Đề nghị ông Nguyễn Văn Bảy bổ sung bản sao');
    const surfaces = await publicSurfaces(code);
    for (const s of [...SECRETS, 'Xin hỏi', 'bổ sung bản sao']) expect(surfaces, s).not.toContain(s);
    // a receipt code is random: neither its neighbours nor the codes issued just before and after it resolve
    expect(code).toMatch(/^PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    const before = (await submit()).code;
    const after = (await submit()).code;
    const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const neighbours = new Set<string>();
    const chars = code.replace(/-/g, '').slice(2);
    for (let i = 0; i < chars.length; i++) {
      for (const d of [-1, 1]) {
        const k = (ALPHABET.indexOf(chars[i]!) + d + ALPHABET.length) % ALPHABET.length;
        const c = chars.slice(0, i) + ALPHABET[k] + chars.slice(i + 1);
        neighbours.add(`PA-${c.slice(0, 3)}-${c.slice(3, 6)}-${c.slice(6)}`);
      }
    }
    expect(neighbours.size).toBe(18);
    for (const c of neighbours) {
      expect(c === before || c === after).toBe(false);
      expect((await get(`/api/v1/feedback/${c}`)).statusCode, c).toBe(404);
      // the tracking page: a one-character change breaks the check character, so nothing is even looked up
      expect((await get(`/phan-anh/${c}`)).statusCode, c).toBe(422);
    }
    expect((await sql<{ code: string }>`SELECT code FROM fb_items WHERE code = ANY(${[...neighbours]}::text[])`.execute(t.database.db)).rows).toEqual([]);
  });
});

describe('private data only for those who handle the item', () => {
  let code: string;
  beforeAll(async () => {
    code = (await submit()).code;
    await svc.assign(await actorOf(DEMO.officerSkhcn), code);
  });

  it('route matrix: lead agency, coordinating agency and the Centre see private data; admin and moderators masked text; others nothing', async () => {
    const cases: Array<[string, number, boolean]> = [
      [DEMO.officerSkhcn, 200, true], // lead agency
      [DEMO.headSkhcn, 200, true],
      [DEMO.officerStp, 200, true], // coordinating agency
      [DEMO.coordinator, 200, true], // provincial Centre
      [DEMO.admin, 200, false], // the system administrator administers the system, not cases: masked only
      [DEMO.editor, 200, false], // the Centre's editor moderates: masked only
      [DEMO.editorStp, 403, false], // another agency's editor
      [DEMO.viewer, 403, false],
      [DEMO.collaborator, 403, false],
    ];
    for (const [email, status, privateShown] of cases) {
      const s = await sessionFor(t.database, email);
      const res = await get(`/quan-tri/phan-anh/${code}`, s.cookie);
      expect(res.statusCode, email).toBe(status);
      for (const secret of ['bay.nguyen@gmail.com', 'Nguyễn Văn Bảy', '033095001234']) expect(res.body.includes(secret), `${email} ${secret}`).toBe(privateShown);
      // the internal timeline ("assigned" is internal) only with the private right
      if (status === 200) expect(res.body.includes('Giao cán bộ xử lý'), email).toBe(privateShown);
    }
    expect((await get(`/quan-tri/phan-anh/${code}`)).statusCode).toBe(303);
  });

  it('the system administrator gets masked text and no contacts: in the staff view, the queue and the audit log', async () => {
    const own = (await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', title: 'Phản ánh của ông Trần Văn Tám', body: 'Tôi là Trần Văn Tám, gọi 0987 654 321 hoặc tam.tran@gmail.com, CCCD 001203004005.', orgId: skhcn, contactName: 'Trần Văn Tám', contactPhone: '0987654321', contactEmail: 'tam.tran@gmail.com', channel: 'web' })).code;
    const admin = await actorOf(DEMO.admin);
    const view = await svc.staffView(admin, own);
    expect(view.showPrivate).toBe(false);
    expect(view.canContribute).toBe(false);
    expect(view.canHandle).toBe(false);
    expect(view.canApprove).toBe(false);
    expect([view.item.contactName, view.item.contactEmail, view.item.contactPhone, view.item.transcript]).toEqual([null, null, null, null]);
    expect(view.item.citizenKey).toBe('');
    for (const s of ['Trần Văn Tám', '0987 654 321', 'tam.tran@gmail.com', '001203004005']) expect(`${view.item.title} ${view.item.body}`, s).not.toContain(s);
    expect(view.events.every((e) => e.public)).toBe(true);
    const { rows } = await svc.queue(admin, { status: 'open', page: 1 });
    const row = rows.find((r) => r.code === own)!;
    expect(row.title).not.toContain('Trần Văn Tám');
    expect(row.contactEmail).toBeNull();
    // the same item, for the Centre (coordinator): the original
    expect((await svc.staffView(await actorOf(DEMO.coordinator), own)).item.contactEmail).toBe('tam.tran@gmail.com');
    // admin cannot act on the case
    await expect(svc.contribute(admin, own, 'Quản trị viên không xử lý hồ sơ')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(svc.draftAnswer(admin, own, 'Quản trị viên không dự thảo trả lời')).rejects.toBeInstanceOf(ForbiddenError);
    // a draft quoting the citizen reaches the admin-only audit log masked
    await svc.draftAnswer(await actorOf(DEMO.officerSkhcn), own, 'Kính gửi ông Trần Văn Tám, số 0987 654 321: Sở đã tiếp nhận.');
    const audit = await sql<{ after: unknown }>`SELECT after FROM audit_log WHERE action = 'feedback.draftAnswer' ORDER BY id DESC LIMIT 1`.execute(t.database.db);
    expect(JSON.stringify(audit.rows[0]?.after)).not.toContain('0987 654 321');
    // and through HTTP: the page shows neither the e-mail nor the phone
    const page = await get(`/quan-tri/phan-anh/${own}`, (await sessionFor(t.database, DEMO.admin)).cookie);
    expect(page.statusCode).toBe(200);
    for (const s of ['tam.tran@gmail.com', '0987654321', '001203004005']) expect(page.body, s).not.toContain(s);
  });

  it('queue titles: original for handlers, masked for moderators', async () => {
    const { code: c2 } = await submit({ title: 'Hỏi thay cho bà Lê Thị Mận', body: `${BODY} (lần 2)` });
    const editor = await sessionFor(t.database, DEMO.editor);
    const q = await get('/quan-tri/phan-anh?status=open&moderation=1', editor.cookie);
    expect(q.body).toContain(c2);
    expect(q.body).not.toContain('Lê Thị Mận');
    const officer = await sessionFor(t.database, DEMO.officerSkhcn);
    expect((await get('/quan-tri/phan-anh?status=open', officer.cookie)).body).toContain('Lê Thị Mận');
  });

  it('a coordinating agency reads and adds its contribution; the lead agency actions stay refused to it', async () => {
    const page = await get(`/quan-tri/phan-anh/${code}`, (await sessionFor(t.database, DEMO.officerStp)).cookie);
    expect(page.body).toContain(`/quan-tri/phan-anh/${code}/phoi-hop`);
    expect((await post(DEMO.officerStp, `/quan-tri/phan-anh/${code}/phoi-hop`, { contribution: 'x' })).statusCode).toBe(422);
    expect((await post(DEMO.officerStp, `/quan-tri/phan-anh/${code}/phoi-hop`, { contribution: 'Sở Tư pháp: hồ sơ cần bản sao chứng thực.' })).statusCode).toBe(303);
    const lead = await get(`/quan-tri/phan-anh/${code}`, (await sessionFor(t.database, DEMO.officerSkhcn)).cookie);
    expect(lead.body).toContain('Sở Tư pháp: hồ sơ cần bản sao chứng thực.');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'feedback.contribute' AND org_id = ${stp}`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
    expect((await post(DEMO.officerStp, `/quan-tri/phan-anh/${code}/du-thao`, { answer: 'Không phải cơ quan chủ trì nên không được dự thảo' })).statusCode).toBe(403);
    // the contribution is internal: never on the public page
    expect((await get(`/phan-anh/${code}`)).body).not.toContain('bản sao chứng thực');
  });

  it('service level: contribution refused outside the lead, coordinating agencies and the Centre; moderators get masked items', async () => {
    const own = (await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Chỉ Sở KH&CN xử lý, liên hệ 0911 222 333', orgId: skhcn, contactEmail: 'rieng@example.com', channel: 'web' })).code;
    await expect(svc.contribute(await actorOf(DEMO.officerStp), own, 'Không phối hợp việc này')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(svc.contribute(await actorOf(DEMO.editor), own, 'Biên tập viên không xử lý')).rejects.toBeInstanceOf(ForbiddenError);
    await svc.contribute(await actorOf(DEMO.coordinator), own, 'Trung tâm: đề nghị xử lý đúng hạn');
    await expect(svc.staffView(await actorOf(DEMO.officerStp), own)).rejects.toBeInstanceOf(ForbiddenError);
    const asEditor = await svc.staffView(await actorOf(DEMO.editor), own);
    expect(asEditor.showPrivate).toBe(false);
    expect(asEditor.item.contactEmail).toBeNull();
    expect(asEditor.item.body).not.toContain('0911 222 333');
    expect(asEditor.item.citizenKey).toBe('');
    expect(asEditor.events.every((e) => e.public)).toBe(true);
    const asLead = await svc.staffView(await actorOf(DEMO.officerSkhcn), own);
    expect(asLead.item.contactEmail).toBe('rieng@example.com');
    expect(asLead.events.some((e) => e.kind === 'contribution')).toBe(true);
  });
});
