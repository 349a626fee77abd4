import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import type { CatalogueModuleService } from './catalogue.service.ts';
import type { CatalogueApi } from './index.ts';
import { CatalogueServiceToken } from './catalogue.service.ts';

const fixture = (code: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ma_thu_tuc: code,
    ten_thu_tuc: `Thủ tục thử nghiệm cấp giấy phép ${code}`,
    cap_thuc_hien: 'Cấp tỉnh',
    linh_vuc: 'Lĩnh vực thử nghiệm',
    co_quan_thuc_hien: 'Sở Tư pháp',
    trinh_tu_thuc_hien: 'Bước 1: Nộp hồ sơ\nBước 2: Nhận kết quả <script>alert(1)</script>',
    cach_thuc_thuc_hien: 'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việcMiễn phíTrực tiếp7 Ngày làm việcMiễn phí',
    thanh_phan_ho_so: '--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai1 bản chínhGiấy tờ tùy thân1 bản sao',
    detail_url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/test',
    so_quyet_dinh: '1/QĐ-TEST',
    ...extra,
  });

const actor = { ...SYSTEM_ACTOR, label: 'test' };

describe('catalogue', () => {
  let t: TestApp;
  let catalogue: CatalogueModuleService;
  beforeAll(async () => {
    t = await buildTestApp();
    catalogue = t.app.deps.services.get(CatalogueServiceToken);
  });
  afterAll(async () => t.close());

  it('the demo seed imported the whole national file', async () => {
    expect(await catalogue.count()).toBe(2642);
    const s = await catalogue.getByCode('1.001193');
    expect(s?.name).toBe('Thủ tục đăng ký khai sinh');
    expect(s?.levels).toEqual(['Cấp xã']);
    expect(s?.portalUrl).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
    expect((await catalogue.listFields()).length).toBeGreaterThan(100);
  });

  it('import is idempotent: a second run updates instead of duplicating, and is audited with counts', async () => {
    const before = await catalogue.count();
    const lines = [fixture('T.000001'), fixture('T.000002'), '', fixture('T.000003')];
    const first = await catalogue.importProcedures(actor, lines);
    expect(first).toEqual({ ok: true, total: 3, inserted: 3, updated: 0, unchanged: 0 });
    const second = await catalogue.importProcedures(actor, [fixture('T.000001'), fixture('T.000002', { ten_thu_tuc: 'Tên mới đã sửa' }), fixture('T.000003')]);
    expect(second).toEqual({ ok: true, total: 3, inserted: 0, updated: 1, unchanged: 2 });
    expect(await catalogue.count()).toBe(before + 3);
    expect((await catalogue.getByCode('T.000002'))?.name).toBe('Tên mới đã sửa');
    const audits = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'catalogue.import').orderBy('id').execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(audits.at(-1)!.after).toEqual({ total: 3, inserted: 0, updated: 1, unchanged: 2 });
  });

  it('keeps official text clean: fees and time per channel, documents one per line', async () => {
    const s = (await catalogue.getByCode('T.000001'))!;
    expect(s.timeText).toBe('Trực tuyến: 5 Ngày làm việc\nTrực tiếp: 7 Ngày làm việc');
    expect(s.feesText).toBe('Miễn phí');
    expect(s.documentsText).toBe('Tờ khai – 1 bản chính\nGiấy tờ tùy thân – 1 bản sao');
    expect(s.decision).toBe('1/QĐ-TEST');
  });

  it('maps a provincial record to the unit its agency text names; staff choices survive re-imports', async () => {
    const stp = await orgId(t.database, 'STP');
    expect(await catalogue.responsibleOrgIds('T.000001')).toEqual([stp]);
    expect(await catalogue.responsibleOrgIds('NO.SUCH')).toEqual([]);
    const res = await catalogue.importProcedures(actor, [
      fixture('T.000030', { co_quan_thuc_hien: 'Văn phòng đăng ký đất đai', co_quan_co_tham_quyen: 'Ủy ban nhân dân cấp tỉnh' }),
      fixture('T.000031', { co_quan_thuc_hien: '', co_quan_co_tham_quyen: 'Chủ tịch Ủy ban nhân dân cấp tỉnh' }),
      fixture('T.000032', { cap_thuc_hien: 'Cấp xã', co_quan_thuc_hien: 'Ủy ban nhân dân cấp xã' }),
    ]);
    expect(res.ok).toBe(true);
    expect(await catalogue.responsibleOrgIds('T.000030')).toEqual([await orgId(t.database, 'SNNMT')]);
    expect(await catalogue.responsibleOrgIds('T.000031')).toEqual([await orgId(t.database, 'HY')]);
    expect(await catalogue.responsibleOrgIds('T.000032')).toEqual([]);
  });

  it('a malformed file writes nothing and lists every bad line with its number', async () => {
    const before = await catalogue.count();
    const res = await catalogue.importProcedures(actor, [
      fixture('T.000010'),
      '{"ma_thu_tuc": "T.000011", "ten_thu_tuc": ',
      JSON.stringify({ ten_thu_tuc: 'Không có mã' }),
      JSON.stringify({ ma_thu_tuc: 'T.000012', ten_thu_tuc: 42 }),
      fixture('T.000010'),
      fixture('T.000013', { detail_url: 'javascript:alert(1)' }),
      '[1, 2]',
    ]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual([
      { line: 2, reason: 'badJson' },
      { line: 3, reason: 'missing', field: 'ma_thu_tuc' },
      { line: 4, reason: 'notText', field: 'ten_thu_tuc' },
      { line: 5, reason: 'duplicate', field: 'ma_thu_tuc' },
      { line: 6, reason: 'badUrl', field: 'detail_url' },
      { line: 7, reason: 'notObject' },
    ]);
    expect(await catalogue.count()).toBe(before);
    expect(await catalogue.getByCode('T.000010')).toBeUndefined();
  });

  it('only the Centre may import', async () => {
    const officer: Actor = { kind: 'user', id: null, label: 'officer', roles: [{ role: 'agency_officer', orgId: await orgId(t.database, 'STP') }] };
    await expect(catalogue.importProcedures(officer, [fixture('T.000020')])).rejects.toMatchObject({ status: 403 });
  });

  it('search finds the same services with and without diacritics', async () => {
    const a = await catalogue.search('đăng ký khai sinh');
    const b = await catalogue.search('dang ky khai sinh');
    const c = await catalogue.search('DANG KY   Khai Sinh');
    expect(a.total).toBeGreaterThan(0);
    expect(b.items.map((s) => s.code)).toEqual(a.items.map((s) => s.code));
    expect(c.items.map((s) => s.code)).toEqual(a.items.map((s) => s.code));
    expect(a.items.map((s) => s.code)).toContain('1.001193');
    const byCode = await catalogue.search('1.001193');
    expect(byCode.items[0]?.code).toBe('1.001193');
    const field = await catalogue.search('', { field: 'Hộ tịch', limit: 5 });
    expect(field.items.every((s) => s.field === 'Hộ tịch')).toBe(true);
    expect(field.total).toBeGreaterThan(5);
  });

  it('forEachForIndex streams every record once, in pages', async () => {
    const seen = new Set<string>();
    let batches = 0;
    await catalogue.forEachForIndex((batch) => {
      batches++;
      expect(batch.length).toBeLessThanOrEqual(500);
      for (const p of batch) seen.add(p.code);
    }, 500);
    expect(seen.size).toBe(await catalogue.count());
    expect(batches).toBeGreaterThan(5);
  });

  it('is published for other modules under the documented interface', async () => {
    const published: CatalogueApi = t.app.deps.services.get(CatalogueServiceToken);
    const list = await published.getByCodes(['1.001193', 'T.000001', 'none']);
    expect(list.map((s) => s.code).sort()).toEqual(['1.001193', 'T.000001']);
  });

  describe('public pages', () => {
    it('/dich-vu searches and paginates without JavaScript', async () => {
      const res = await t.app.inject('/dich-vu?q=dang+ky+khai+sinh');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('href="/dich-vu/1.001193"');
      expect(res.body).toContain('Tìm thấy');
      const page2 = await t.app.inject('/dich-vu?page=2');
      expect(page2.statusCode).toBe(200);
      expect(page2.body).toContain('rel="prev"');
      const none = await t.app.inject('/dich-vu?q=zzzzqqq');
      expect(none.body).toContain('Không tìm thấy thủ tục nào');
    });

    it('a service page shows the record, escapes its text and counts the view', async () => {
      const res = await t.app.inject('/dich-vu/T.000001');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Nộp trực tuyến trên Cổng DVC quốc gia');
      expect(res.body).toContain('href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/test"');
      expect(res.body).toContain('Nhận kết quả &lt;script>alert(1)&lt;/script>');
      expect(res.body).not.toContain('<script>alert(1)');
      expect(res.body).toMatch(/Bước 1: Nộp hồ sơ<\/span><br\s*\/?><span>Bước 2/);
      expect(res.body).toContain('sắp xếp đơn vị hành chính năm 2025');
      expect(res.body).toContain('1/QĐ-TEST');
      expect((await catalogue.getByCode('T.000001'))!.viewCount).toBe(1);
    });

    it('the home page offers the catalogue search', async () => {
      const res = await t.app.inject('/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('href="/dich-vu"');
      expect(res.body).toContain('Tra cứu thủ tục hành chính');
    });

    it('an unknown code is the platform 404 page', async () => {
      const res = await t.app.inject('/dich-vu/9.999999');
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const bad = await t.app.inject('/dich-vu/%3Cscript%3E');
      expect(bad.statusCode).toBeGreaterThanOrEqual(400);
      expect(bad.statusCode).toBeLessThan(500);
    });
  });

  describe('API', () => {
    it('GET /api/v1/services searches with paging', async () => {
      const res = await t.app.inject('/api/v1/services?q=dang%20ky%20khai%20sinh&page=1');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.map((s: { code: string }) => s.code)).toContain('1.001193');
      expect(body.pageSize).toBe(20);
      expect(body.items[0]).toHaveProperty('url');
    });

    it('rejects a query that is too long with 400 and a Vietnamese message', async () => {
      const res = await t.app.inject(`/api/v1/services?q=${'a'.repeat(201)}`);
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.message).toBe('Dữ liệu gửi lên chưa hợp lệ');
      expect(Object.keys(body.error.fields)).toContain('q');
      const page = await t.app.inject('/api/v1/services?page=0');
      expect(page.statusCode).toBe(400);
    });

    it('GET /api/v1/services/{code} returns one record or 404', async () => {
      const res = await t.app.inject('/api/v1/services/1.001193');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', levels: ['Cấp xã'] });
      const missing = await t.app.inject('/api/v1/services/9.999999');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('errors.notFound');
    });

    it('is documented in OpenAPI under the catalogue tag', async () => {
      const doc = (await t.app.inject('/api/openapi.json')).json();
      expect(doc.paths['/api/v1/services'].get.tags).toEqual(['catalogue']);
      expect(doc.paths['/api/v1/services/{code}'].get.tags).toEqual(['catalogue']);
    });
  });

  describe('staff page', () => {
    it('an agency officer may not change a service (403), nor open the page', async () => {
      const s = await sessionFor(t.database, DEMO.officerSkhcn);
      const page = await t.app.inject({ url: '/quan-tri/dich-vu', headers: { cookie: s.cookie } });
      expect(page.statusCode).toBe(403);
      const res = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/dich-vu/T.000003',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({ _csrf: s.csrf, dvcttLevel: 'toan-trinh', responsibleOrgId: '' }),
      });
      expect(res.statusCode).toBe(403);
      expect((await catalogue.getByCode('T.000003'))!.dvcttLevel).toBeNull();
    });

    it('a signed-out visitor is sent to the login page', async () => {
      const res = await t.app.inject('/quan-tri/dich-vu');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/dang-nhap/);
    });

    it('the coordinator sets the DVCTT level and responsible unit; the change is audited', async () => {
      const s = await sessionFor(t.database, DEMO.coordinator);
      const list = await t.app.inject({ url: '/quan-tri/dich-vu?q=T.000003', headers: { cookie: s.cookie } });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('/quan-tri/dich-vu/T.000003');
      const edit = await t.app.inject({ url: '/quan-tri/dich-vu/T.000003', headers: { cookie: s.cookie } });
      expect(edit.statusCode).toBe(200);
      const skhcn = await orgId(t.database, 'SKHCN');
      const res = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/dich-vu/T.000003',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({ _csrf: s.csrf, dvcttLevel: 'toan-trinh', responsibleOrgId: skhcn }),
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/quan-tri/dich-vu/T.000003?da=serviceSaved');
      const after = (await catalogue.getByCode('T.000003'))!;
      expect(after.dvcttLevel).toBe('toan-trinh');
      expect(after.responsibleOrgIds).toEqual([skhcn]);
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'catalogue.update').where('entity_id', '=', after.id).executeTakeFirstOrThrow();
      expect(audit.actor_id).toBe(s.userId);
      expect(audit.after).toMatchObject({ code: 'T.000003', dvcttLevel: 'toan-trinh', responsibleOrgIds: [skhcn] });
      // A later import keeps the hand-set unit and level.
      await catalogue.importProcedures(actor, [fixture('T.000003', { ten_thu_tuc: 'Đổi tên sau khi giao' })]);
      const reimported = (await catalogue.getByCode('T.000003'))!;
      expect(reimported.name).toBe('Đổi tên sau khi giao');
      expect(reimported.responsibleOrgIds).toEqual([skhcn]);
      expect(reimported.dvcttLevel).toBe('toan-trinh');
      const publicPage = await t.app.inject('/dich-vu/T.000003');
      expect(publicPage.body).toContain('Dịch vụ công trực tuyến toàn trình');
      expect(publicPage.body).toContain('Sở Khoa học và Công nghệ');
    });

    it('the staff list filters by "no responsible unit yet" and by DVCTT level', async () => {
      const s = await sessionFor(t.database, DEMO.coordinator);
      const get = async (qs: string) => (await t.app.inject({ url: `/quan-tri/dich-vu?${qs}`, headers: { cookie: s.cookie } })).body;
      const unassigned = await get('q=T.0000&unassigned=1');
      expect(unassigned).toContain('/quan-tri/dich-vu/T.000032');
      expect(unassigned).not.toContain('/quan-tri/dich-vu/T.000001"');
      const full = await get('q=T.0000&level=toan-trinh');
      expect(full).toContain('/quan-tri/dich-vu/T.000003');
      expect(full).not.toContain('/quan-tri/dich-vu/T.000002"');
      const notSet = await get('q=T.0000&level=none');
      expect(notSet).toContain('/quan-tri/dich-vu/T.000002');
      expect(notSet).not.toContain('/quan-tri/dich-vu/T.000003"');
      expect((await t.app.inject({ url: '/quan-tri/dich-vu?level=bogus&unassigned=x', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    });

    it('a bad choice re-renders the form with an error summary (422)', async () => {
      const s = await sessionFor(t.database, DEMO.coordinator);
      const res = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/dich-vu/T.000003',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({ _csrf: s.csrf, dvcttLevel: 'muc-5', responsibleOrgId: 'not-a-uuid' }),
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('error-summary');
      expect(res.body).toContain('href="#dvcttLevel"');
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/dich-vu/9.999999',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({ _csrf: s.csrf, dvcttLevel: 'none', responsibleOrgId: '' }),
      });
      expect(unknown.statusCode).toBe(404);
    });
  });

  it('view counts are plain integers in the database', async () => {
    const r = await sql<{ n: number }>`SELECT view_count AS n FROM procedures WHERE code = 'T.000001'`.execute(t.database.db);
    expect(r.rows[0]!.n).toBeGreaterThanOrEqual(1);
  });
});
