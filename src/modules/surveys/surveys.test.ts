import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, sessionFor, anonymousVisitor, mergeCookies, csrfFrom, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { SurveysToken, type SurveysService } from './index.ts';
import { DEMO_NEEDS_ID, DEMO_ROUND_ID, DEMO_SEED, syntheticFrameCsv } from './surveys.demo.ts';

const today = todayInVietnam();
const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const period = { from: day(-120), to: day(-30) };
const fmt = (iso: string) => iso.split('-').reverse().join('/');

const fullAnswers = (overall: number) => ({
  kenh: 'toan-trinh',
  'yeu-to.tiep-can': 4,
  'yeu-to.thu-tuc': 4,
  'yeu-to.cong-chuc': 5,
  'yeu-to.ket-qua': 4,
  'yeu-to.gop-y': 3,
  'hai-long': overall,
});

describe('surveys', () => {
  let t: TestApp;
  let svc: SurveysService;
  beforeAll(async () => {
    t = await buildTestApp();
    svc = t.app.deps.services.get(SurveysToken);
  });
  afterAll(async () => t.close());

  /** A fresh sampled round with a frame of `size` dossiers, drawn and open. */
  async function round(id: string, size = 400, seed = 'test-seed') {
    await svc.createRound(SYSTEM_ACTOR, { id, instrumentId: 'sipas-hai-long', titleVi: `Đợt ${id}`, access: 'invitation', opensOn: day(-1), closesOn: day(30), periodFrom: period.from, periodTo: period.to });
    const imp = await svc.importFrame(SYSTEM_ACTOR, id, 'khung.csv', Buffer.from(syntheticFrameCsv(period, size, 5)));
    expect(imp.errors).toEqual([]);
    const d = await svc.draw(SYSTEM_ACTOR, id, { e: 0.1, floor: 5, seed });
    await svc.setStatus(SYSTEM_ACTOR, id, 'open');
    return d;
  }

  describe('frame import', () => {
    it('refuses a file with row errors, naming line, column and the problem in Vietnamese', async () => {
      await svc.createRound(SYSTEM_ACTOR, { id: 'frame-errors', instrumentId: 'sipas-hai-long', titleVi: 'Lỗi khung', access: 'invitation', opensOn: day(0), closesOn: day(10), periodFrom: period.from, periodTo: period.to });
      const csv = [
        'ma_ho_so,co_quan,linh_vuc,thu_tuc,kenh,xa,ngay_tra_ket_qua,dien_thoai,email',
        `H1,Sở Xây dựng,Hoạt động xây dựng,Cấp phép,toàn trình,Xã A,${fmt(period.from)},0912345678,`,
        `H2,Sở Xây dựng,Hoạt động xây dựng,Cấp phép,bằng bồ câu,Xã A,${fmt(period.from)},,`,
        `H1,Sở Xây dựng,Hoạt động xây dựng,Cấp phép,trực tiếp,Xã A,${fmt(period.from)},,`,
        `H3,,Đất đai,Đăng ký,một phần,Xã B,31/02/2026,12345,khong-phai-email`,
        `H4,Sở Tư pháp,Lý lịch tư pháp,Cấp phiếu,trực tiếp,Xã C,${fmt(day(0))},,`,
      ].join('\n');
      const res = await svc.importFrame(SYSTEM_ACTOR, 'frame-errors', 'khung.csv', Buffer.from(csv));
      expect(res.count).toBe(0);
      const by = (line: number) => res.errors.filter((e) => e.line === line).map((e) => e.column).sort();
      expect(by(2)).toEqual([]);
      expect(by(3)).toEqual(['kenh']);
      expect(by(4)).toEqual(['ma_ho_so']);
      expect(by(5)).toEqual(['co_quan', 'dien_thoai', 'email', 'ngay_tra_ket_qua']);
      expect(by(6)).toEqual(['ngay_tra_ket_qua']); // outside the period
      expect(res.errors.find((e) => e.line === 4)!.message).toContain('trùng với dòng 2');
      expect(await svc.frameCount('frame-errors')).toBe(0);
    });

    it('reads XLSX and refuses a missing header column', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Hồ sơ');
      ws.addRow(['Mã hồ sơ', 'Cơ quan', 'Lĩnh vực', 'Thủ tục', 'Kênh', 'Xã', 'Ngày trả kết quả']);
      ws.addRow(['X1', 'Sở Tài chính', 'Đầu tư tại Việt Nam', 'Chủ trương đầu tư', 'Trực tuyến toàn trình', 'Xã D', new Date(`${period.from}T00:00:00Z`)]);
      ws.addRow(['X2', 'Sở Tài chính', 'Đất đai', 'Giao đất', 'trực tiếp', 'Xã D', fmt(period.to)]);
      const data = Buffer.from(await wb.xlsx.writeBuffer());
      const ok = await svc.importFrame(SYSTEM_ACTOR, 'frame-errors', 'khung.xlsx', data);
      expect(ok).toEqual({ count: 2, errors: [] });
      const bad = await svc.importFrame(SYSTEM_ACTOR, 'frame-errors', 'khung.csv', Buffer.from('ma_ho_so,co_quan\nA,B\n'));
      expect(bad.errors.map((e) => e.column)).toEqual(['linh_vuc', 'thu_tuc', 'kenh', 'xa', 'ngay_tra_ket_qua']);
    });
  });

  describe('draw', () => {
    it('records the seed and design, allocates with floors and repeats exactly from the seed', async () => {
      const a = await round('draw-a', 400, 'same-seed');
      await round('draw-b', 400, 'same-seed');
      expect(a.seed).toBe('same-seed');
      expect(a.design.N).toBe(400);
      expect(a.invitations).toBe(a.strata.reduce((s, x) => s + x.n, 0));
      expect(a.strata.every((x) => x.n >= Math.min(5, x.N))).toBe(true);
      const sampled = async (id: string) => (await svc.invitationLinks(id)).map((l) => l.dossier_id).sort();
      expect(await sampled('draw-a')).toEqual(await sampled('draw-b'));
      await expect(svc.draw(SYSTEM_ACTOR, 'draw-a', { e: 0.1 })).rejects.toMatchObject({ code: 'surveys.errors.alreadyDrawn' });
    });
  });

  describe('collection', () => {
    it('takes one response per invitation even under concurrent submits', async () => {
      await round('conc', 300);
      const [first] = await svc.invitationLinks('conc');
      const token = new URL(first!.link).searchParams.get('ma')!;
      const tries = await Promise.allSettled(Array.from({ length: 6 }, () => svc.respond(SYSTEM_ACTOR, 'conc', { answers: fullAnswers(5), token })));
      expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      for (const r of tries.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'surveys.errors.alreadyAnswered' });
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_responses WHERE survey_id = 'conc'`.execute(t.database.db);
      expect(n.rows[0]!.n).toBe(1);
    });

    it('over HTTP: resumable link (save, reopen with answers), then submit once; a second submit is refused', async () => {
      const links = await svc.invitationLinks('conc');
      const path = new URL(links[1]!.link);
      const token = path.searchParams.get('ma')!;
      let res = await t.app.inject({ method: 'GET', url: `${path.pathname}${path.search}` });
      expect(res.statusCode).toBe(200);
      let cookie = mergeCookies('', res);
      res = await t.app.inject({ method: 'POST', url: '/khao-sat/conc', headers: { ...FORM, cookie }, payload: form({ _csrf: csrfFrom(res.body), ma: token, action: 'save', kenh: 'mot-phan', 'hai-long': '2' }) });
      expect(res.statusCode).toBe(200);
      res = await t.app.inject({ method: 'GET', url: `${path.pathname}${path.search}`, headers: { cookie } });
      expect(res.body).toMatch(/value="mot-phan" checked/);
      cookie = mergeCookies(cookie, res);
      // Missing required matrix rows → 422 with the form again
      res = await t.app.inject({ method: 'POST', url: '/khao-sat/conc', headers: { ...FORM, cookie }, payload: form({ _csrf: csrfFrom(res.body), ma: token, action: 'submit', kenh: 'mot-phan', 'hai-long': '2' }) });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Câu này cần trả lời');
      const csrf = csrfFrom(res.body);
      const full = form({ _csrf: csrf, ma: token, action: 'submit', ...Object.fromEntries(Object.entries(fullAnswers(2)).map(([k, v]) => [k, String(v)])), 'ly-do': ['tre-han', 'di-lai'] });
      res = await t.app.inject({ method: 'POST', url: '/khao-sat/conc', headers: { ...FORM, cookie }, payload: full });
      expect(res.statusCode).toBe(303);
      res = await t.app.inject({ method: 'POST', url: '/khao-sat/conc', headers: { ...FORM, cookie }, payload: full });
      expect(res.statusCode).toBe(409);
      const row = await sql<{ answers: Record<string, unknown>; mode: string }>`SELECT r.answers, r.mode FROM sv_responses r JOIN sv_invitations i ON i.id = r.invitation_id WHERE i.dossier_id = ${links[1]!.dossier_id}`.execute(t.database.db);
      expect(row.rows[0]!.answers['ly-do']).toEqual(['tre-han', 'di-lai']);
      expect(row.rows[0]!.mode).toBe('web');
    });

    it('records interviewer entries with the mode and the interviewer, only for sampled dossiers', async () => {
      const links = await svc.invitationLinks('conc');
      const s = await sessionFor(t.database, DEMO.coordinator);
      const post = (dossierId: string, mode = 'phone') =>
        t.app.inject({ method: 'POST', url: '/quan-tri/khao-sat/conc/phong-van', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, dossierId, mode, ...Object.fromEntries(Object.entries(fullAnswers(4)).map(([k, v]) => [k, String(v)])) }) });
      let res = await post(links[2]!.dossier_id, 'post-office');
      expect(res.statusCode).toBe(200);
      res = await post('KHONG-CO-TRONG-MAU');
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('không có trong mẫu');
      res = await post(links[2]!.dossier_id);
      expect(res.statusCode).toBe(409);
      const row = await sql<{ mode: string; interviewer: string }>`SELECT r.mode, r.interviewer FROM sv_responses r JOIN sv_invitations i ON i.id = r.invitation_id WHERE i.dossier_id = ${links[2]!.dossier_id}`.execute(t.database.db);
      expect(row.rows[0]).toEqual({ mode: 'post-office', interviewer: DEMO.coordinator });
      const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'surveys.response.interview'`.execute(t.database.db);
      expect(audit.rows[0]!.n).toBe(1);
    });

    it('checks quotas in the response transaction: a full quota refuses and records nothing', async () => {
      await svc.createRound(SYSTEM_ACTOR, { id: 'quota', instrumentId: 'nhu-cau-dvctt', titleVi: 'Hạn mức', access: 'public', opensOn: day(0), closesOn: day(5) });
      await svc.setStatus(SYSTEM_ACTOR, 'quota', 'open');
      await svc.setQuota(SYSTEM_ACTOR, 'quota', { id: 'chua-dung', questionId: 'da-dung', optionId: 'chua', max: 2 });
      const a = (x: string) => ({ 'da-dung': x, 'tro-ngai': ['mang'], kenh: 'mot-cua' });
      const tries = await Promise.allSettled(Array.from({ length: 4 }, () => svc.respond(SYSTEM_ACTOR, 'quota', { answers: a('chua') })));
      expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(2);
      expect(tries.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.code)).toEqual(['surveys.errors.quotaFull', 'surveys.errors.quotaFull']);
      await svc.respond(SYSTEM_ACTOR, 'quota', { answers: a('roi') });
      expect((await svc.quotas('quota'))[0]).toMatchObject({ filled: 2, max_n: 2 });
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_responses WHERE survey_id = 'quota'`.execute(t.database.db);
      expect(n.rows[0]!.n).toBe(3);
    });

    it('open link: API answers, validation as 422, spam honeypot, invitation survey needs a token', async () => {
      let res = await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${DEMO_NEEDS_ID}/responses`, payload: { answers: { 'da-dung': 'chua', 'tro-ngai': ['thiet-bi', 'khong-biet'], kenh: 'to-cnscd', 'so-lan': 2 } } });
      expect(res.statusCode).toBe(201);
      res = await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${DEMO_NEEDS_ID}/responses`, payload: { answers: { 'da-dung': 'khong-co-phuong-an', kenh: 'to-cnscd' } } });
      expect(res.statusCode).toBe(422);
      res = await t.app.inject({ method: 'POST', url: '/api/v1/surveys/conc/responses', payload: { answers: fullAnswers(4) } });
      expect(res.statusCode).toBe(403);
      expect(res.json().message ?? res.body).toContain('thư mời');
      const v = await anonymousVisitor(t.app, `/khao-sat/${DEMO_NEEDS_ID}`);
      const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_responses WHERE survey_id = ${DEMO_NEEDS_ID}`.execute(t.database.db);
      res = await t.app.inject({ method: 'POST', url: `/khao-sat/${DEMO_NEEDS_ID}`, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, website: 'http://spam', 'da-dung': 'roi', 'tro-ngai': 'mang', kenh: 'tai-nha' }) });
      expect(res.statusCode).toBe(303);
      const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_responses WHERE survey_id = ${DEMO_NEEDS_ID}`.execute(t.database.db);
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });
  });

  describe('open link and reminders', () => {
    it('a signed-in citizen answers an open survey once (person key), also over HTTP', async () => {
      const db = t.database.db;
      const p = await db.insertInto('principals').values({ kind: 'citizen', display_name: 'Nguyễn Văn Thử', person_key: 'pk-test-surveys', user_id: null }).returning('id').executeTakeFirstOrThrow();
      const token = 'citizen-session-token-surveys';
      const { sha256 } = await import('../../platform/auth/tokens.ts');
      await db.insertInto('sessions').values({ id: sha256(token), user_id: null, principal_id: p.id, csrf_token: 'csrf-citizen-surveys', ip: '127.0.0.1', user_agent: 'test', expires_at: new Date(Date.now() + 3600_000) }).execute();
      const cookie = `dvc_sid=${token}`;
      const page = await t.app.inject({ method: 'GET', url: `/khao-sat/${DEMO_NEEDS_ID}`, headers: { cookie } });
      expect(page.body).toContain('mỗi người chỉ trả lời một lần');
      const body = form({ _csrf: 'csrf-citizen-surveys', 'da-dung': 'roi', 'tro-ngai': ['mang'], kenh: 'tai-nha', 'muc-do.tim': '4' });
      let res = await t.app.inject({ method: 'POST', url: `/khao-sat/${DEMO_NEEDS_ID}`, headers: { ...FORM, cookie }, payload: body });
      expect(res.statusCode).toBe(303);
      res = await t.app.inject({ method: 'POST', url: `/khao-sat/${DEMO_NEEDS_ID}`, headers: { ...FORM, cookie }, payload: body });
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('mỗi người chỉ trả lời một lần');
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_responses WHERE person_key = 'pk-test-surveys'`.execute(db);
      expect(n.rows[0]!.n).toBe(1);
    });

    it('e-mails invitations at the draw and at most two reminders a week apart to those who have not answered', async () => {
      await svc.createRound(SYSTEM_ACTOR, { id: 'remind', instrumentId: 'sipas-hai-long', titleVi: 'Nhắc', access: 'invitation', opensOn: day(-1), closesOn: day(30), periodFrom: period.from, periodTo: period.to });
      const csv = ['ma_ho_so,co_quan,linh_vuc,thu_tuc,kenh,xa,ngay_tra_ket_qua,dien_thoai,email', ...Array.from({ length: 6 }, (_, i) => `R${i},Sở Tư pháp,Lý lịch tư pháp,Cấp phiếu,toàn trình,Xã A,${fmt(period.from)},,nguoi${i}@example.vn`)].join('\n');
      expect((await svc.importFrame(SYSTEM_ACTOR, 'remind', 'k.csv', Buffer.from(csv))).count).toBe(6);
      const d = await svc.draw(SYSTEM_ACTOR, 'remind', { e: 0.05, floor: 6 });
      expect(d).toMatchObject({ invitations: 6, mailed: 6 });
      await svc.setStatus(SYSTEM_ACTOR, 'remind', 'open');
      const links = await svc.invitationLinks('remind');
      await svc.respond(SYSTEM_ACTOR, 'remind', { answers: fullAnswers(5), token: new URL(links[0]!.link).searchParams.get('ma')! });
      const week = 8 * 86_400_000;
      expect(await svc.remind(new Date())).toBe(0); // too soon
      const first = await svc.remind(new Date(Date.now() + week));
      expect(first).toBe(5);
      expect(await svc.remind(new Date(Date.now() + week))).toBe(0); // a week has not passed since the reminder
      expect(await svc.remind(new Date(Date.now() + 2 * week))).toBe(5);
      expect(await svc.remind(new Date(Date.now() + 4 * week))).toBe(0); // two reminders at most
      const mails = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address LIKE 'nguoi%@example.vn'`.execute(t.database.db);
      expect(mails.rows[0]!.n).toBe(16);
    });
  });

  describe('builder', () => {
    it('saves edited questions as a new version, refuses broken ones with reasons, and leaves existing rounds on theirs', async () => {
      const s = await sessionFor(t.database, DEMO.coordinator);
      const url = '/quan-tri/khao-sat/bo-cau-hoi/nhu-cau-dvctt';
      let res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(200);
      const before = await svc.instrument('nhu-cau-dvctt');
      const post = (questions: string) => t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, questions }) });
      res = await post('[{"id": "x"');
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('không phải JSON hợp lệ');
      res = await post(JSON.stringify([{ id: 'a', type: 'single', text: { vi: 'Câu', en: 'Q' }, required: true }, { id: 'b', type: 'scale', text: { vi: 'Câu 2' }, required: false, showIf: { question: 'zz', anyOf: ['1'] } }]));
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Câu 2: cần nội dung tiếng Việt và tiếng Anh');
      const edited = [...before.questions, { id: 'tuoi', type: 'number', text: { vi: 'Bạn bao nhiêu tuổi?', en: 'How old are you?' }, required: false, min: 15, max: 110 }];
      res = await post(JSON.stringify(edited));
      expect(res.statusCode).toBe(200);
      const after = await svc.instrument('nhu-cau-dvctt');
      expect(after.version).toBe(before.version + 1);
      expect(after.questions.at(-1)).toMatchObject({ id: 'tuoi', type: 'number', min: 15 });
      // The open demo round still asks its own version; a template reload adds nothing.
      expect((await svc.get(DEMO_NEEDS_ID)).questions.some((q) => q.id === 'tuoi')).toBe(false);
      expect(await svc.ensureTemplates()).toBe(0);
      expect((await svc.instrument('nhu-cau-dvctt')).version).toBe(after.version);
    });
  });

  describe('demo and publication', () => {
    it('lists both demo surveys (API shape as in the issue)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/surveys' });
      const items = res.json().items as Array<{ id: string; kind: string; status: string; title: string }>;
      expect(items.find((i) => i.id === DEMO_NEEDS_ID)).toMatchObject({ kind: 'needs', status: 'open' });
      expect(items.find((i) => i.id === DEMO_ROUND_ID)).toMatchObject({ kind: 'satisfaction', status: 'closed' });
      const q = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${DEMO_ROUND_ID}` });
      const hl = (q.json().questions as Array<{ id: string; type: string; required: boolean }>).find((x) => x.id === 'hai-long');
      expect(hl).toMatchObject({ type: 'scale', required: true });
      expect((await t.app.inject({ method: 'GET', url: '/khao-sat' })).body).toContain(`/khao-sat/${DEMO_ROUND_ID}/ket-qua`);
    });

    it('publishes every figure with n and interval, the seed and the method; hidden cells say why', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${DEMO_ROUND_ID}/results` });
      expect(res.statusCode).toBe(200);
      const r = res.json();
      expect(r.method.seed).toBe(DEMO_SEED);
      expect(r.method.kind).toBe('stratified');
      expect(r.overall.n).toBeGreaterThan(100);
      expect(r.overall.ciLow).toBeLessThan(r.overall.estimate);
      expect(r.overall.ciHigh).toBeGreaterThan(r.overall.estimate);
      const hidden = (r.strata as Array<{ suppressed: boolean; reason?: string; estimate: number | null; n: number }>).filter((s) => s.suppressed);
      expect(hidden.length).toBeGreaterThanOrEqual(2); // at least one primary and its complement
      for (const h of hidden) {
        expect(h.estimate).toBeNull();
        expect(h.reason).toMatch(/Ẩn/);
      }
      expect(hidden.some((h) => h.reason!.includes(`chỉ có ${h.n} người trả lời`))).toBe(true);
      console.log(`surveys demo: overall ${(r.overall.estimate * 100).toFixed(1)} % [${(r.overall.ciLow * 100).toFixed(1)}, ${(r.overall.ciHigh * 100).toFixed(1)}], n=${r.overall.n}; strata ${r.strata.length}, hidden ${hidden.length}`);
      const page = await t.app.inject({ method: 'GET', url: `/khao-sat/${DEMO_ROUND_ID}/ket-qua` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(DEMO_SEED);
      expect(page.body).toContain('khoảng tin cậy 95 %');
      expect(page.body).toContain('<caption>');
      expect(page.body).toContain('Đánh giá sau sử dụng');
      const csv = await t.app.inject({ method: 'GET', url: `/khao-sat/${DEMO_ROUND_ID}/ket-qua.csv` });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain(DEMO_SEED);
      const xlsx = await t.app.inject({ method: 'GET', url: `/khao-sat/${DEMO_ROUND_ID}/ket-qua.xlsx` });
      expect(xlsx.statusCode).toBe(200);
      // An unpublished round has no results
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/surveys/conc/results' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/khao-sat/conc/ket-qua' })).statusCode).toBe(404);
    });

    it('feeds the KPI stats with the weighted share and its n', async () => {
      const p = t.app.deps.stats.get('surveys.satisfaction')!;
      const v = await p(t.app.deps, {});
      const r = (await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${DEMO_ROUND_ID}/results` })).json();
      expect(v).toEqual({ value: Math.round(r.overall.estimate * 1000) / 10, n: r.overall.n, minSample: 10 });
      const ldi = await t.app.deps.stats.get('surveys.satisfactionLandConstrInvest')!(t.app.deps, {});
      expect((ldi as { n: number }).n).toBeLessThan(r.overall.n);
    });

    it('staff pages: status page and the create form refuse bad input with 422', async () => {
      const s = await sessionFor(t.database, DEMO.coordinator);
      let res = await t.app.inject({ method: 'GET', url: `/quan-tri/khao-sat/${DEMO_ROUND_ID}`, headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(DEMO_SEED);
      res = await t.app.inject({ method: 'POST', url: '/quan-tri/khao-sat', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, instrumentId: 'sipas-hai-long', id: 'X', titleVi: '', access: 'invitation', opensOn: '2027-01-01', closesOn: '2026-01-01' }) });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Mã đợt gồm');
    });
  });
});
