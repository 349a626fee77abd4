import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, csrfFrom, form, FORM, sessionFor, DEMO, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { IdentityToken } from '../identity/index.ts';
import { parseCsv, parseXlsx } from './learning.coverage.ts';
import { CoverageToken } from './learning.tokens.ts';
import * as repo from './learning.repo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const cohortsCsv = ['ma_don_vi,ten_don_vi,loai_don_vi,nhom,doi_tuong,nam,si_so', 'THPT-A,Trường THPT A,trường,Khối 10,học sinh,2026,200', 'THPT-A,Trường THPT A,trường,Khối 11,học sinh,2026,100', 'CQ-B,Sở B,cơ quan,Cán bộ một cửa,cán bộ,2026,40'].join('\n');

describe('coverage ledger', () => {
  it('imports cohorts (denominators) all-or-nothing, naming each bad row and column', async () => {
    const cov = t.app.deps.services.get(CoverageToken);
    const bad = await cov.importCohorts(SYSTEM_ACTOR, parseCsv(`${cohortsCsv}\nX Y,,vũ trụ,,người ngoài hành tinh,1999,-3`));
    expect(bad.imported).toBe(0);
    expect(bad.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['5:ma_don_vi', '5:ten_don_vi', '5:loai_don_vi', '5:nhom', '5:doi_tuong', '5:nam', '5:si_so']);
    expect(await repo.unitByCode(t.database.db, 'THPT-A')).toBeUndefined();
    const ok = await cov.importCohorts(SYSTEM_ACTOR, parseCsv(cohortsCsv));
    expect(ok).toEqual({ imported: 3, errors: [] });
  });

  it('counts each person once across our courses, attendance and national-platform exports; per-unit gap; KPI per period', async () => {
    const cov = t.app.deps.services.get(CoverageToken);
    const identity = t.app.deps.services.get(IdentityToken);
    const ids = ['036085000001', '036085000002', '036085000003'];
    const attendance = ['so_dinh_danh,ma_don_vi,doi_tuong,ngay_hoan_thanh,khoa_hoc', `${ids[0]},THPT-A,học sinh,15/03/2026,Tin học 10 – DVCTT`, `${ids[1]},THPT-A,học sinh,16/03/2026,Tin học 10 – DVCTT`].join('\n');
    const r1 = await cov.importCompletions(SYSTEM_ACTOR, 'attendance', parseCsv(attendance));
    expect(r1).toMatchObject({ imported: 2, duplicates: 0 });
    // The same file again: nothing new.
    expect(await cov.importCompletions(SYSTEM_ACTOR, 'attendance', parseCsv(attendance))).toMatchObject({ imported: 0, duplicates: 2 });
    // The national platform's export (XLSX) names pupil 1 again and pupil 3 for the first time.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hoàn thành');
    ws.addRow(['Số định danh', 'Mã đơn vị', 'Đối tượng', 'Ngày hoàn thành', 'Khóa học']);
    ws.addRow([ids[0], 'THPT-A', 'học sinh', '2026-04-01', 'Bình dân học vụ số – Kỹ năng số cơ bản']);
    ws.addRow([ids[2], 'THPT-A', 'học sinh', '2026-09-02', 'Bình dân học vụ số – Kỹ năng số cơ bản']);
    const rows = await parseXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(await cov.importCompletions(SYSTEM_ACTOR, 'bdhvs', rows)).toMatchObject({ imported: 2, duplicates: 0 });
    // Our own course completion for pupil 2 (as the course does it).
    await repo.addCompletion(t.database.db, { personKey: identity.personKey(ids[1]!), unitId: (await repo.unitByCode(t.database.db, 'THPT-A'))!.id, audience: 'pupils', source: 'course', sourceRef: 'hoc-sinh-dvc-cho-gia-dinh', completedOn: '2026-05-05' });
    const units = await cov.byUnit(2026, 'pupils');
    const a = units.find((u) => u.code === 'THPT-A')!;
    expect(a).toMatchObject({ size: 300, trained: 3, gap: 297, rate: 1 });
    // KPI per period, province-wide (the demo school's pupils count in the denominator too): Jan–Jun 2026 saw
    // pupils 1 and 2 only; the whole year all three.
    const size = (await t.database.pool.query(`SELECT sum(size)::int AS n FROM learn_cohorts WHERE audience = 'pupils' AND year = 2026`)).rows[0].n as number;
    expect(size).toBeGreaterThanOrEqual(300);
    const pct = (k: number) => Math.round((k / size) * 10000) / 100;
    expect(await cov.rate('pupils', '2026-01-01', '2026-06-30')).toEqual({ value: pct(2), n: size });
    expect(await cov.rate('pupils', '2026-01-01', '2026-12-31')).toEqual({ value: pct(3), n: size });
    // The same figure through the manifest's stats (what the plans' KPIs read).
    const stat = t.app.deps.stats.get('learning.trainedPupilsRate')!;
    expect(await stat(t.app.deps, { from: '2026-01-01', to: '2026-06-30' })).toEqual({ value: pct(2), n: size });
    // Bad rows are reported by row and column; nothing imported.
    const bad = await cov.importCompletions(SYSTEM_ACTOR, 'onetouch', parseCsv('so_dinh_danh,ma_don_vi,doi_tuong,ngay_hoan_thanh,khoa_hoc\n12345,KHONG-CO,học sinh,31/02/2026,'));
    expect(bad.errors.map((e) => e.column)).toEqual(['so_dinh_danh', 'ma_don_vi', 'ngay_hoan_thanh', 'khoa_hoc']);
    // The raw ID number is never stored.
    const raw = await t.database.pool.query(`SELECT count(*)::int AS n FROM learn_completions WHERE person_key = ANY($1)`, [ids]);
    expect(raw.rows[0].n).toBe(0);
  });

  it('staff import through the form: 422 with row errors, then the page shows the coverage table', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const page = await t.app.inject({ method: 'GET', url: '/quan-tri/hoc-tap', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    const csrf = csrfFrom(page.body);
    const bad = await t.app.inject({ method: 'POST', url: '/quan-tri/hoc-tap/nhap-doi-tuong', headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: csrf, csv: 'ma_don_vi,ten_don_vi,loai_don_vi,nhom,doi_tuong,nam,si_so\nXA-1,Xã 1,xã,Tổ CNSCĐ,tổ công nghệ số,2026,abc' }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Dòng 2, cột si_so');
    const ok = await t.app.inject({ method: 'POST', url: '/quan-tri/hoc-tap/nhap-doi-tuong', headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: csrf, csv: 'ma_don_vi,ten_don_vi,loai_don_vi,nhom,doi_tuong,nam,si_so\nXA-1,Xã Một,xã,Tổ CNSCĐ,tổ công nghệ số,2026,25' }) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Xã Một');
  });
});
