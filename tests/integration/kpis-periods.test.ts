import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, DEMO, orgId, sessionFor, type TestApp } from '../../src/test/helpers.ts';
import { bumpRatingRollup } from '../../src/modules/feedback/feedback.repo.ts';
import type { PlansService } from '../../src/modules/plans/plans.service.ts';
import type { KpisService } from '../../src/modules/plans/kpis.service.ts';
import { periodRange, periodsBetween } from '../../src/modules/plans/kpis.service.ts';
import { unzip } from '../../src/test/unzip.ts';
import { KpisToken, PlansToken } from '../../src/modules/plans/api.ts';

describe('period codes', () => {
  it('cover exact calendar ranges, leap years included', () => {
    expect(periodRange('2025')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodRange('2025-Q1')).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(periodRange('2025-Q4')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periodRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(periodsBetween('2025-01-01', '2025-05-10', ['quarter'])).toEqual(['2025-Q1', '2025-Q2']);
    expect(periodsBetween('2025-01-01', '2026-02-01', ['year', 'month']).slice(-4)).toEqual(['2025-12', '2026', '2026-01', '2026-02']);
  });
});

/**
 * Hand-computed fixture for the computed KPI SATISFACTION_RATE (feedback.satisfactionRate, ratings 4–5 / all):
 *   2024-12: 1 rating, 0 satisfied (before the KPI applies, and not part of year 2025)
 *   2025-03: 3 ratings, 2 satisfied → 66.67 %      2025-Q1 = 66.67 %
 *   2025-04: 1 rating,  1 satisfied → 100 %        2025-Q2 = 100 %
 *   year 2025: 4 ratings, 3 satisfied → 75 % (all-time would be 3 / 5 = 60 %)
 * The ratings go through the feedback module's own rollup writer; the KPI reads them only through its stat.
 */
describe('computed KPIs per period', () => {
  let t: TestApp;
  let kpis: KpisService;
  let plans: PlansService;
  let kpiId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    kpis = t.app.deps.services.get(KpisToken);
    plans = t.app.deps.services.get(PlansToken);
    const hy = await orgId(t.database, 'HY');
    const rate = (day: string, score: number) => bumpRatingRollup(t.database.db, { day, orgId: hy, field: '', ldi: false, channel: 'web', score });
    await rate('2024-12-20', 2);
    for (const s of [5, 4, 1]) await rate('2025-03-15', s);
    await rate('2025-04-02', 5);
    kpiId = (await kpis.byCode('SATISFACTION_RATE'))!.id;
  });
  afterAll(() => t.close());

  const api = async (q = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/kpis/${kpiId}/values${q}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Array<{ period: string; value: number; n: number | null; lowSample: boolean; partial: boolean; source: string }> }).items;
  };

  it('GET /api/v1/kpis/{id}/values returns a series per month, quarter and year', async () => {
    expect((await api('?ky=month')).map((x) => [x.period, x.value, x.n])).toEqual([
      ['2025-03', 66.67, 3],
      ['2025-04', 100, 1],
    ]);
    expect((await api('?ky=quarter')).map((x) => [x.period, x.value, x.n])).toEqual([
      ['2025-Q1', 66.67, 3],
      ['2025-Q2', 100, 1],
    ]);
    const years = await api('?ky=year');
    expect(years.map((x) => [x.period, x.value, x.n, x.source, x.lowSample, x.partial])).toEqual([['2025', 75, 4, 'computed', true, false]]);
    // Without a filter: every granularity in one sorted series.
    expect((await api()).map((x) => x.period)).toEqual(['2025', '2025-03', '2025-04', '2025-Q1', '2025-Q2']);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/kpis/${kpiId}/values?ky=week` })).statusCode).toBe(400);
  });

  it('a stored value for a period wins over the computed one for that period only', async () => {
    const k = (await kpis.get(kpiId))!;
    await t.database.db.insertInto('kpi_values' as never).values({ kpi_id: kpiId, period: '2025-Q1', value: 70, source: 'import' } as never).execute();
    const q = await kpis.series(k, { granularities: ['quarter'] });
    expect(q.map((x) => [x.period, x.value, x.source])).toEqual([
      ['2025-Q1', 70, 'import'],
      ['2025-Q2', 100, 'computed'],
    ]);
    await t.database.db.deleteFrom('kpi_values' as never).where('kpi_id' as never, '=', kpiId as never).execute();
  });

  it("year Y's provincial report quotes year Y's figure only, with the small-sample warning (DOCX and XLSX)", async () => {
    const dash2025 = await kpis.dashboard(false, { year: 2025 });
    const row = dash2025.find((d) => d.kpi.code === 'SATISFACTION_RATE')!;
    expect([row.value, row.period, row.n, row.lowSample]).toEqual([75, '2025', 4, true]);
    const dash2024 = await kpis.dashboard(false, { year: 2024 });
    expect(dash2024.find((d) => d.kpi.code === 'SATISFACTION_RATE')!.value).toBe(0);

    const coord = await sessionFor(t.database, DEMO.coordinator);
    const cycleId = (await plans.listCycles()).find((c) => c.year === 2025)!.id;
    const docx = await t.app.inject({ method: 'GET', url: `/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh.docx`, headers: { cookie: coord.cookie } });
    expect(docx.statusCode).toBe(200);
    const xml = unzip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Tỷ lệ người dân hài lòng khi sử dụng DVCTT: 75%');
    expect(xml).toContain('Mẫu nhỏ (n = 4, dưới 30): chưa đủ tin cậy');
    expect(xml).not.toContain('hài lòng khi sử dụng DVCTT: 60%');

    const xlsx = await t.app.inject({ method: 'GET', url: `/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh.xlsx`, headers: { cookie: coord.cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[1]!;
    const line = (sheet.getSheetValues() as unknown[][]).find((r) => r?.[2] === 'SATISFACTION_RATE')!;
    expect([line[7], line[8], line[11]]).toEqual([75, '2025', 'Mẫu nhỏ (n = 4, dưới 30): chưa đủ tin cậy']);
  });

  it('the public dashboard /chi-tieu and its exports show the warning beside a small-sample figure', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/chi-tieu' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Mẫu nhỏ \(n = \d+, dưới 30\): chưa đủ tin cậy/);
    const csv = await t.app.inject({ method: 'GET', url: '/chi-tieu.csv' });
    expect(csv.body).toMatch(/Cỡ mẫu,Cảnh báo/);
    expect(csv.body).toMatch(/SATISFACTION_LAND,.*Mẫu nhỏ/);
  });

  it('per-sector KPIs exist with the 85 % target, computed from their own sector', async () => {
    for (const code of ['SATISFACTION_LAND', 'SATISFACTION_CONSTRUCTION', 'SATISFACTION_INVESTMENT']) {
      const k = (await kpis.byCode(code))!;
      expect([k.target2025, k.target2030, k.source]).toEqual([85, 85, 'computed']);
    }
    const land = (await kpis.byCode('SATISFACTION_LAND'))!;
    // The fixture ratings have no field: no land figure, and never the pooled one.
    expect((await kpis.forPeriod(land, '2025')).value).toBeNull();
  });
});
