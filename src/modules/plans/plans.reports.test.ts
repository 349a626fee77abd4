import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, form, FORM, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import type { PlansService } from './plans.service.ts';
import { REMINDER_JOB } from './index.ts';
import { PlansToken } from './api.ts';

type Session = { cookie: string; csrf: string; userId: string };

describe('annual reporting cycle', () => {
  let t: TestApp;
  let plans: PlansService;
  let planId: string;
  let cycle2025: string;
  let skhcn: string;
  let stp: string;
  let s: Record<'coord' | 'officer' | 'head' | 'stp' | 'viewer', Session>;

  const get = (url: string, who?: Session) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Session, data: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
  async function reportOf(org: string, ref: string, cycleId = cycle2025) {
    const all = await plans.reportsFor({ kind: 'system', id: null, label: 's', roles: [] }, { cycleId, orgIds: [org] });
    return all.find((r) => r.taskRef === ref)!;
  }

  beforeAll(async () => {
    t = await buildTestApp();
    plans = t.app.deps.services.get(PlansToken);
    planId = (await plans.listPlans())[0]!.id;
    cycle2025 = (await plans.listCycles(planId)).find((c) => c.year === 2025)!.id;
    skhcn = await orgId(t.database, 'SKHCN');
    stp = await orgId(t.database, 'STP');
    s = {
      coord: await sessionFor(t.database, DEMO.coordinator),
      officer: await sessionFor(t.database, DEMO.officerSkhcn),
      head: await sessionFor(t.database, DEMO.headSkhcn),
      stp: await sessionFor(t.database, DEMO.officerStp),
      viewer: await sessionFor(t.database, DEMO.viewer),
    };
  });
  afterAll(() => t.close());

  it('the 2025 cycle gave every lead and coordinating agency a form, groups resolved to units', async () => {
    const r = await plans.rollup(cycle2025);
    // SKHCN leads IV.3.c (IV) and is covered by "các sở, ban, ngành" elsewhere.
    expect((await reportOf(skhcn, 'IV.3.c')).role).toBe('lead');
    expect((await reportOf(skhcn, 'IV.3.a')).role).toBe('lead'); // VI.2 makes SKHCN lead where IV says coordinating
    // ALL-HUYEN for a cycle due 10/12/2025 resolves to the communes that succeeded the districts.
    const commune = await orgId(t.database, 'XA-11953');
    expect((await reportOf(commune, 'IV.2.a')).role).toBe('lead');
    const district = await orgId(t.database, 'TP-HUNG-YEN');
    expect(r.reports.some((x) => x.orgId === district)).toBe(false);
    // Groups that name no unit are flagged for the Centre, not silently dropped.
    expect(r.cycle.unresolved.map((u) => u.code)).toEqual(expect.arrayContaining(['CQ-LIENQUAN', 'ALL-DOANTHE']));
    expect(r.byTask).toHaveLength(25);
  });

  it('agencies see only their own reports; viewers only accepted ones; the Centre sees all', async () => {
    const mine = await get(`/quan-tri/bao-cao-ke-hoach?ky=${cycle2025}`, s.officer);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('IV.3.c');
    const report = await reportOf(skhcn, 'IV.3.c');
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.officer)).statusCode).toBe(200);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.head)).statusCode).toBe(200);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.stp)).statusCode).toBe(403);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.viewer)).statusCode).toBe(403);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.coord)).statusCode).toBe(200);
    expect([303, 401]).toContain((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}`)).statusCode);
    const stpList = await plans.reportsFor((await actorOf(s.stp)), { cycleId: cycle2025 });
    expect(stpList.every((r) => r.orgId === stp)).toBe(true);
    expect(stpList.length).toBeGreaterThan(0);
  });

  async function actorOf(who: Session) {
    const rows = await sql<{ role: string; orgId: string }>`SELECT role, org_id AS "orgId" FROM user_roles WHERE user_id = ${who.userId}`.execute(t.database.db);
    return { kind: 'user' as const, id: who.userId, label: 'x', roles: rows.rows.map((r) => ({ role: r.role as 'agency_officer', orgId: r.orgId })) };
  }

  it('refuses progress 140 % with a clear message and keeps the input', async () => {
    const report = await reportOf(skhcn, 'IV.3.c');
    const res = await post(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.officer, { status: 'in_progress', progress: '140', narrative: 'Đã tổ chức cuộc thi', action: 'save' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Tiến độ phải từ 0 đến 100%');
    expect(res.body).toContain('value="140"');
    expect((await reportOf(skhcn, 'IV.3.c')).progress).toBe(0);
    const bad = await post(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.officer, { status: 'in_progress', progress: '50', out_videos: '-3', evidence: 'javascript:alert(1)', narrative: 'x', action: 'save' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Nhập số lượng là số nguyên không âm');
    expect(bad.body).toContain('đường dẫn bắt đầu bằng http');
  });

  it('another agency, the Centre or a viewer cannot write an agency report', async () => {
    const report = await reportOf(skhcn, 'IV.3.c');
    const data = { status: 'in_progress', progress: '10', narrative: 'Không được phép ghi', action: 'save' };
    expect((await post(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.stp, data)).statusCode).toBe(403);
    expect((await post(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.coord, data)).statusCode).toBe(403);
    expect((await post(`/quan-tri/bao-cao-ke-hoach/${report.id}`, s.viewer, data)).statusCode).toBe(403);
  });

  it('officer submits, Centre returns with comments, officer resubmits, Centre accepts; each step audited', async () => {
    const report = await reportOf(skhcn, 'IV.3.c');
    const url = `/quan-tri/bao-cao-ke-hoach/${report.id}`;
    const saved = await post(url, s.officer, { status: 'in_progress', progress: '60', narrative: 'Đã phát động cuộc thi tìm hiểu dịch vụ công trực tuyến.', out_articles: '12', evidence: 'https://skhcn.hungyen.gov.vn/cuoc-thi', action: 'save' });
    expect(saved.statusCode).toBe(303);
    expect((await reportOf(skhcn, 'IV.3.c')).state).toBe('draft');
    expect((await post(url, s.officer, { status: 'in_progress', progress: '60', narrative: 'Đã phát động cuộc thi tìm hiểu dịch vụ công trực tuyến.', out_articles: '12', action: 'submit' })).statusCode).toBe(303);
    expect((await reportOf(skhcn, 'IV.3.c')).state).toBe('submitted');
    // Submitted reports are locked for the agency.
    expect((await post(url, s.officer, { status: 'done', progress: '100', narrative: 'Sửa sau khi gửi', action: 'save' })).statusCode).toBe(409);
    // Officers cannot review.
    expect((await post(`${url}/duyet`, s.officer, { decision: 'accept', comment: '' })).statusCode).toBe(403);
    const noComment = await post(`${url}/duyet`, s.coord, { decision: 'return', comment: '' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.body).toContain('Nhập ý kiến khi trả lại báo cáo');
    expect((await post(`${url}/duyet`, s.coord, { decision: 'return', comment: 'Bổ sung số người tham gia cuộc thi.' })).statusCode).toBe(303);
    const returned = await reportOf(skhcn, 'IV.3.c');
    expect(returned.state).toBe('returned');
    expect((await get(url, s.officer)).body).toContain('Bổ sung số người tham gia cuộc thi.');
    expect((await post(url, s.head, { status: 'done', progress: '100', narrative: 'Cuộc thi có 5.200 người tham gia.', out_peopleTrained: '5.200', action: 'submit' })).statusCode).toBe(303);
    expect((await post(`${url}/duyet`, s.coord, { decision: 'accept', comment: '' })).statusCode).toBe(303);
    const accepted = await reportOf(skhcn, 'IV.3.c');
    expect(accepted).toMatchObject({ state: 'accepted', status: 'done', progress: 100 });
    expect(accepted.outputs.peopleTrained).toBe(5200);
    const audits = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_id = ${report.id} ORDER BY id`.execute(t.database.db);
    expect(audits.rows.map((a) => a.action)).toEqual(['plans.report.save', 'plans.report.submit', 'plans.report.return', 'plans.report.submit', 'plans.report.accept']);
    // Now a viewer may read it, and the roll-up counts it (lead weight 2).
    expect((await get(url, s.viewer)).statusCode).toBe(200);
    const r = await plans.rollup(cycle2025);
    const task = r.byTask.find((x) => x.task.ref === 'IV.3.c')!;
    // One lead (SKHCN) at 100 %, coordinating agencies not yet reported: (2 × 100 + 1 × 0) / 3.
    expect(r.reports.filter((x) => x.taskRef === 'IV.3.c' && x.role === 'lead')).toHaveLength(1);
    expect(task.progress).toBeCloseTo(200 / 3, 5);
    expect(task.accepted).toBe(1);
    const page = await get(`/quan-tri/ke-hoach/nhiem-vu/${accepted.taskId}?nam=2025`, s.coord);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cuộc thi có 5.200 người tham gia.');
  });

  it('only the Centre opens a cycle; a second cycle for the same year is refused', async () => {
    expect((await post(`/quan-tri/ke-hoach/${planId}/mo-ky`, s.officer, { year: '2026', dueDate: '' })).statusCode).toBe(403);
    expect((await post(`/quan-tri/ke-hoach/${planId}/mo-ky`, s.viewer, { year: '2026', dueDate: '' })).statusCode).toBe(403);
    const bad = await post(`/quan-tri/ke-hoach/${planId}/mo-ky`, s.coord, { year: '2040', dueDate: '' });
    expect(bad.statusCode).toBe(422);
    const ok = await post(`/quan-tri/ke-hoach/${planId}/mo-ky`, s.coord, { year: '2026', dueDate: '' });
    expect(ok.statusCode).toBe(303);
    const c = (await plans.listCycles(planId)).find((x) => x.year === 2026)!;
    expect(c.dueDate).toBe('2026-12-10');
    expect((await post(`/quan-tri/ke-hoach/${planId}/mo-ky`, s.coord, { year: '2026', dueDate: '' })).statusCode).toBe(409);
    expect((await get(`/quan-tri/ke-hoach/ky/${c.id}`, s.coord)).statusCode).toBe(200);
    // Leadership (viewer) and agencies read the roll-up (accepted reports only); only the Centre manages it.
    const viewerPage = await get(`/quan-tri/ke-hoach/ky/${c.id}`, s.viewer);
    expect(viewerPage.statusCode).toBe(200);
    expect(viewerPage.body).not.toContain('/han"');
    expect((await get(`/quan-tri/ke-hoach/ky/${c.id}`, s.officer)).statusCode).toBe(200);
    expect((await post(`/quan-tri/ke-hoach/ky/${c.id}/han`, s.officer, { dueDate: '15/12/2026' })).statusCode).toBe(403);
  });

  it('reminders: 14, 7 and 1 days before and once overdue, by email and in the app, never twice', async () => {
    const c = (await plans.listCycles(planId)).find((x) => x.year === 2026)!;
    // SKHCN submits one 2026 report early: it must not be marked "not reported" later.
    const early = await reportOf(skhcn, 'IV.3.d', c.id);
    await post(`/quan-tri/bao-cao-ke-hoach/${early.id}`, s.officer, { status: 'done', progress: '100', narrative: 'Đã xây dựng chuyên mục trên nền tảng MOOC.', action: 'submit' });
    const keys = async () =>
      (await sql<{ k: string }>`SELECT dedupe_key AS k FROM notifications WHERE dedupe_key LIKE ${`plans:${c.id}:${skhcn}:%`} ORDER BY k`.execute(t.database.db)).rows.map((r) => r.k.split(':')[3]);
    const mails = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM mail_outbox WHERE dedupe_key LIKE ${`plans:${c.id}:${skhcn}:%`}`.execute(t.database.db)).rows[0]!.n;
    const run = (today: string) => t.app.deps.jobs.runNow(REMINDER_JOB, { today });

    await run('2026-11-25'); // 15 days before: nothing
    expect(await keys()).toEqual([]);
    await run('2026-11-26'); // 14 days before
    expect(await keys()).toEqual(['d14']);
    expect(await mails()).toBe(2); // the SKHCN head and officer
    await run('2026-11-26'); // the same day again: deduplicated
    expect(await mails()).toBe(2);
    await run('2026-12-03');
    await run('2026-12-09');
    await run('2026-12-10'); // due day itself: no reminder
    expect(await keys()).toEqual(['d1', 'd14', 'd7']);
    const subject = (await sql<{ subject: string; to: string }>`SELECT subject, to_address AS to FROM mail_outbox WHERE dedupe_key LIKE ${`plans:${c.id}:${skhcn}:d1:%`}`.execute(t.database.db)).rows;
    expect(subject.map((x) => x.to).sort()).toEqual([DEMO.officerSkhcn, DEMO.headSkhcn]);
    expect(subject[0]!.subject).toContain('Còn 1 ngày');
    expect(await reportOf(skhcn, 'IV.3.c', c.id)).toMatchObject({ status: 'not_started' });
    await run('2026-12-11'); // overdue
    await run('2026-12-12'); // still overdue: no second overdue message
    expect(await keys()).toEqual(['d1', 'd14', 'd7', 'overdue']);
    expect(await mails()).toBe(8);
    expect(await reportOf(skhcn, 'IV.3.c', c.id)).toMatchObject({ status: 'not_reported', state: 'draft' });
    expect(await reportOf(skhcn, 'IV.3.d', c.id)).toMatchObject({ status: 'done', state: 'submitted' });
    // The agency sees the reminder in the app.
    const list = await get(`/quan-tri/bao-cao-ke-hoach?ky=${c.id}`, s.officer);
    expect(list.body).toContain('Quá hạn báo cáo');
    // The Centre's dashboard lists tasks not reported.
    expect((await get('/quan-tri/chi-so', s.coord)).body).toContain('IV.3.c');
  });

  it('evidence files: PDF accepted and downloadable by the agency and the Centre only; a wrong type is refused', async () => {
    const report = await reportOf(skhcn, 'IV.3.d');
    const boundary = '----plansEvidence';
    const body = (csrf: string, fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) =>
      Buffer.concat([
        ...Object.entries({ _csrf: csrf, ...fields }).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidenceFile"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
        file.data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const send = (who: Session, file: { name: string; data: Buffer; type: string }) =>
      t.app.inject({
        method: 'POST',
        url: `/quan-tri/bao-cao-ke-hoach/${report.id}`,
        headers: { cookie: who.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body(who.csrf, { status: 'in_progress', progress: '30', narrative: 'Đang xây dựng chuyên mục.', evidence: 'https://skhcn.hungyen.gov.vn/mooc', action: 'save' }, file),
      });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const bad = await send(s.officer, { name: 'bao-cao.pdf', data: Buffer.from('MZ\x90\x00 not a pdf at all'), type: 'application/pdf' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Tệp minh chứng phải là PDF');
    expect((await reportOf(skhcn, 'IV.3.d')).evidence).toEqual([]);
    expect((await send(s.officer, { name: 'Kế hoạch MOOC.pdf', data: pdf, type: 'application/pdf' })).statusCode).toBe(303);
    const saved = await reportOf(skhcn, 'IV.3.d');
    expect(saved.evidence.map((x) => x.url)).toEqual(['https://skhcn.hungyen.gov.vn/mooc', `/quan-tri/bao-cao-ke-hoach/${report.id}/minh-chung/0`]);
    const dl = await get(`/quan-tri/bao-cao-ke-hoach/${report.id}/minh-chung/0`, s.officer);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}/minh-chung/0`, s.coord)).statusCode).toBe(200);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}/minh-chung/0`, s.stp)).statusCode).toBe(403);
    expect((await get(`/quan-tri/bao-cao-ke-hoach/${report.id}/minh-chung/5`, s.officer)).statusCode).toBe(404);
    // Another agency cannot attach a file to this report (refused before anything is stored).
    const other = await send(s.stp, { name: 'x.pdf', data: pdf, type: 'application/pdf' });
    expect(other.statusCode).toBe(403);
  });

  it('staff edit a task in the UI with an audit row; agencies cannot', async () => {
    const task = (await plans.listTasks(planId)).find((x) => x.ref === 'IV.6.d')!;
    const data = { text: task.text, timeframe: 'Hằng năm', lead: 'TT-PVHCC', coordinating: 'SKHCN, BD-HY', discrepancy: '' };
    expect((await post(`/quan-tri/ke-hoach/nhiem-vu/${task.id}`, s.officer, data)).statusCode).toBe(403);
    const bad = await post(`/quan-tri/ke-hoach/nhiem-vu/${task.id}`, s.coord, { ...data, coordinating: 'KHONG-CO' });
    expect(bad.statusCode).toBe(422);
    expect((await post(`/quan-tri/ke-hoach/nhiem-vu/${task.id}`, s.coord, data)).statusCode).toBe(303);
    expect((await plans.getTask(task.id)).coordinating).toEqual(['SKHCN', 'BD-HY']);
    const a = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'plans.task.update' AND entity_id = ${task.id}`.execute(t.database.db);
    expect(a.rows[0]!.n).toBe(1);
  });

  it('API: plans and tasks are public; reports need a signed-in caller and respect scope', async () => {
    const list = await get('/api/v1/plans');
    expect(list.statusCode).toBe(200);
    const id = list.json().items[0].id;
    const tasks = await get(`/api/v1/plans/${id}/tasks`);
    expect(tasks.json().items).toHaveLength(25);
    expect(tasks.json().items[0]).toMatchObject({ ref: 'IV.1.a', lead: ['BAO-HY'] });
    expect((await get('/api/v1/plans/reports')).statusCode).toBe(401);
    const mine = await get('/api/v1/plans/reports?year=2025', s.stp);
    expect(mine.statusCode).toBe(200);
    // Its own reports in any state; other agencies' reports only once the Centre accepted them.
    const items = mine.json().items as Array<{ orgId: string; state: string }>;
    expect(items.some((r) => r.orgId === stp && r.state === 'draft')).toBe(true);
    expect(items.every((r) => r.orgId === stp || r.state === 'accepted')).toBe(true);
    expect(items.some((r) => r.orgId !== stp)).toBe(true);
    // Writing through the API follows the same rules as the form (session + CSRF header here).
    const own = mine.json().items.find((r: { orgId: string; state: string }) => r.orgId === stp && r.state === 'draft');
    const put = (progress: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/plans/reports/${own.id}`,
        headers: { cookie: s.stp.cookie, 'x-csrf-token': s.stp.csrf, 'content-type': 'application/json' },
        payload: { status: 'in_progress', progress, narrative: 'Cập nhật qua API', outputs: { sessions: 2 } },
      });
    const tooMuch = await put(140);
    expect(tooMuch.statusCode).toBe(422);
    expect(JSON.stringify(tooMuch.json())).toContain('Tiến độ phải từ 0 đến 100%');
    const ok = await put(40);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ progress: 40, state: 'draft', outputs: { sessions: 2 } });
    const spec = (await get('/api/openapi.json')).json();
    expect(spec.paths['/api/v1/plans/{id}/tasks'].get.tags).toEqual(['plans']);
    expect(spec.paths['/api/v1/kpis/{id}/values']).toBeDefined();
  });
});
