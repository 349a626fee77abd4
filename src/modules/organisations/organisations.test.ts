import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, sessionFor, DEMO, FORM, form, orgId, type TestApp } from '../../test/helpers.ts';
import type { OrganisationsService } from './organisations.service.ts';
import type { Actor } from '../../platform/auth/permissions.ts';
import { OrganisationsToken } from './api.ts';

describe('organisations', () => {
  let t: TestApp;
  let orgs: OrganisationsService;
  let admin: Actor;
  beforeAll(async () => {
    t = await buildTestApp();
    orgs = t.app.deps.services.get(OrganisationsToken);
    const hy = await orgId(t.database, 'HY');
    admin = { kind: 'user', id: null, label: 'admin@test', roles: [{ role: 'admin', orgId: hy }] };
  });
  afterAll(async () => t.close());

  it('seeds the merged province: 104 communes (11 phường, 93 xã) with their codes', async () => {
    const communes = await orgs.list(admin, { type: 'ubnd_xa', limit: 500 });
    expect(communes).toHaveLength(104);
    expect(communes.filter((c) => c.name.startsWith('Phường'))).toHaveLength(11);
    expect(communes.find((c) => c.areaCode === '11953')?.name).toBe('Phường Phố Hiến');
    expect(communes.find((c) => c.areaCode === '13279')?.name).toBe('Xã Vũ Tiên');
  });

  it('seeds every agency the plan names', async () => {
    const ids = await orgs.idsByCodes(['TT-PVHCC', 'VP-UBND', 'SKHCN', 'SGDDT', 'STC', 'SNV', 'CAT', 'SVHTTDL', 'BAO-HY', 'BD-HY']);
    expect(ids.size).toBe(10);
  });

  it('keeps the districts as historical units ending 30/06/2025 with successors', async () => {
    const hist = await orgs.list(admin, { type: 'ubnd_huyen', status: 'all', limit: 100 });
    expect(hist.length).toBeGreaterThanOrEqual(10);
    for (const h of hist) expect(h.validTo).toBe('2025-06-30');
    const vanGiang = hist.find((h) => h.code === 'HUYEN-VAN-GIANG')!;
    const detail = await orgs.detail(vanGiang.id);
    expect(detail.successions.filter((s) => s.direction === 'to').length).toBeGreaterThan(0);
    // Active list as of today excludes them; as of 2024 includes them.
    expect(await orgs.list(admin, { type: 'ubnd_huyen', limit: 100 })).toHaveLength(0);
    expect((await orgs.list(admin, { type: 'ubnd_huyen', asOf: '2024-06-01', limit: 100 })).length).toBe(hist.length);
  });

  it('resolves names as of a date after a rename', async () => {
    const id = await orgId(t.database, 'SKHCN');
    await orgs.rename(admin, { orgId: id, name: 'Sở Khoa học, Công nghệ và Đổi mới sáng tạo', effective: '2026-03-01' });
    expect(await orgs.nameAsOf(id, '2026-02-28')).toBe('Sở Khoa học và Công nghệ');
    expect(await orgs.nameAsOf(id, '2026-03-01')).toBe('Sở Khoa học, Công nghệ và Đổi mới sáng tạo');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'organisations.rename').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ name: 'Sở Khoa học và Công nghệ' });
  });

  it('merges units: each ends the day before and links to the successor', async () => {
    const a = await orgs.create(admin, { code: 'TEST-A', name: 'Đơn vị A', type: 'don_vi_su_nghiep', validFrom: '2020-01-01' });
    const b = await orgs.create(admin, { code: 'TEST-B', name: 'Đơn vị B', type: 'don_vi_su_nghiep', validFrom: '2020-01-01' });
    const c = await orgs.merge(admin, {
      fromIds: [a, b],
      newUnit: { code: 'TEST-AB', name: 'Đơn vị AB', type: 'don_vi_su_nghiep', validFrom: '2026-01-01' },
      effective: '2026-01-01',
    });
    expect((await orgs.get(a)).validTo).toBe('2025-12-31');
    expect((await orgs.get(b)).validTo).toBe('2025-12-31');
    const d = await orgs.detail(c);
    expect(d.successions.filter((s) => s.direction === 'from').map((s) => s.code).sort()).toEqual(['TEST-A', 'TEST-B']);
    await expect(orgs.retire(admin, { orgId: a, validTo: '2026-06-30' })).rejects.toMatchObject({ status: 409 });
  });

  it('lets only admins and the Centre change units (checked in the service)', async () => {
    const officer: Actor = { kind: 'user', id: null, label: 'o', roles: [{ role: 'agency_officer', orgId: await orgId(t.database, 'SKHCN') }] };
    await expect(orgs.create(officer, { code: 'NOPE', name: 'Không được', type: 'khac', validFrom: '2026-01-01' })).rejects.toMatchObject({ status: 403 });
    const s = await sessionFor(t.database, DEMO.officerSkhcn);
    const res = await t.app.inject({ method: 'GET', url: '/quan-tri/co-quan/moi', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
  });

  it('staff form: invalid input keeps what was typed and shows an error summary (422)', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const res = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/co-quan/moi',
      headers: { ...FORM, cookie: s.cookie },
      payload: form({ _csrf: s.csrf, code: 'bad code!', name: 'Trung tâm thử nghiệm', type: 'khac', validFrom: '31/02/2026' }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<title>Lỗi: ');
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('value="Trung tâm thử nghiệm"');
    expect(res.body).toContain('Nhập ngày theo dạng ngày/tháng/năm');
  });

  it('staff pages list and filter units; anonymous visitors are sent to sign in', async () => {
    const anon = await t.app.inject('/quan-tri/co-quan');
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/dang-nhap?next=%2Fquan-tri%2Fco-quan');
    const s = await sessionFor(t.database, DEMO.viewer);
    const res = await t.app.inject({ url: '/quan-tri/co-quan?q=pho hien', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Phường Phố Hiến');
  });

  it('public API lists units as of a date', async () => {
    const res = await t.app.inject('/api/v1/organisations?type=ubnd_huyen&asOf=2025-06-30');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(10);
    const after = await t.app.inject('/api/v1/organisations?type=ubnd_huyen&asOf=2025-07-01');
    expect(after.json().items).toHaveLength(0);
  });
});
