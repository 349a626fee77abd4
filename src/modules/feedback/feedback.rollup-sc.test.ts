import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import type { FeedbackService } from './feedback.service.ts';
import * as metrics from './feedback.metrics.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

let t: TestApp;
let svc: FeedbackService;

beforeAll(async () => {
  t = await buildTestApp();
  svc = t.app.deps.services.get(FeedbackServiceToken);
});
afterAll(async () => t.close());

/** The same figures straight from fb_ratings, for comparison only (the page never does this). */
async function raw(dim: 'service_code' | 'commune', from: string, to: string, where = sql`true`) {
  const r = await sql<{ key: string; n: number; s: number }>`SELECT ${sql.ref(dim)} AS key, count(*)::float8 AS n, count(*) FILTER (WHERE score >= 4)::float8 AS s
    FROM fb_ratings WHERE org_id IS NOT NULL AND ${sql.ref(dim)} IS NOT NULL AND ${sql.ref(dim)} <> '' AND day BETWEEN ${from}::date AND ${to}::date AND ${where}
    GROUP BY 1`.execute(t.database.db);
  return new Map(r.rows.map((x) => [x.key, { n: x.n, s: x.s }]));
}

describe('rating rollups per service and commune (0303)', () => {
  const today = todayInVietnam();
  // Two services in two communes: (service, commune, score).
  const ratings: Array<[string, string, number]> = [
    ['SC.DV-A', 'XA001', 5],
    ['SC.DV-A', 'XA001', 4],
    ['SC.DV-A', 'XA002', 2],
    ['SC.DV-B', 'XA001', 3],
    ['SC.DV-B', 'XA002', 5],
    ['SC.DV-B', 'XA002', 1],
    ['SC.DV-B', 'XA002', 4],
  ];

  it('per-service and per-commune figures are right and match a direct computation on the raw rows', async () => {
    for (const [serviceCode, commune, score] of ratings) await svc.rate({ score, serviceCode, commune });
    const bySvc = await metrics.ratingsByDim(t.database.db, 'service', { from: today, to: today }, 1000);
    const a = bySvc.find((r) => r.key === 'SC.DV-A')!;
    const b = bySvc.find((r) => r.key === 'SC.DV-B')!;
    expect([a.n, a.satisfied, a.satisfactionRate]).toEqual([3, 2, 66.67]);
    expect([b.n, b.satisfied, b.satisfactionRate]).toEqual([4, 2, 50]);
    const rawSvc = await raw('service_code', today, today);
    for (const r of bySvc) expect([r.n, r.satisfied], r.key).toEqual([rawSvc.get(r.key)!.n, rawSvc.get(r.key)!.s]);
    expect(bySvc.length).toBe(rawSvc.size);

    const byCommune = await metrics.ratingsByDim(t.database.db, 'commune', { from: today, to: today }, 1000);
    const x1 = byCommune.find((r) => r.key === 'XA001')!;
    const x2 = byCommune.find((r) => r.key === 'XA002')!;
    expect([x1.n, x1.satisfied]).toEqual([3, 2]);
    expect([x2.n, x2.satisfied]).toEqual([4, 2]);
    const rawCommune = await raw('commune', today, today);
    for (const r of byCommune) expect([r.n, r.satisfied], r.key).toEqual([rawCommune.get(r.key)!.n, rawCommune.get(r.key)!.s]);

    // Filters: one service's communes, one commune's services; a wider period (monthly + daily rollups) agrees too.
    const aCommunes = await metrics.ratingsByDim(t.database.db, 'commune', { from: today, to: today, serviceCode: 'SC.DV-A' });
    expect(aCommunes.map((r) => [r.key, r.n, r.satisfied])).toEqual([
      ['XA001', 2, 2],
      ['XA002', 1, 0],
    ]);
    const x2Services = await metrics.ratingsByDim(t.database.db, 'service', { from: today, to: today, commune: 'XA002' });
    expect(x2Services.map((r) => [r.key, r.n, r.satisfied])).toEqual([
      ['SC.DV-B', 3, 2],
      ['SC.DV-A', 1, 0],
    ]);
    const from = `${Number(today.slice(0, 4)) - 1}-01-15`;
    const wide = await metrics.ratingsByDim(t.database.db, 'service', { from, to: today }, 1000);
    const rawWide = await raw('service_code', from, today);
    expect(new Map(wide.map((r) => [r.key, { n: r.n, s: r.satisfied }]))).toEqual(rawWide);
  });

  it('is updated incrementally as a rating arrives', async () => {
    const before = (await metrics.ratingsByDim(t.database.db, 'service', { from: today, to: today, commune: 'XA001' })).find((r) => r.key === 'SC.DV-B')!;
    expect([before.n, before.satisfied]).toEqual([1, 0]);
    await svc.rate({ score: 5, serviceCode: 'SC.DV-B', commune: 'XA001' });
    const after = (await metrics.ratingsByDim(t.database.db, 'service', { from: today, to: today, commune: 'XA001' })).find((r) => r.key === 'SC.DV-B')!;
    expect([after.n, after.satisfied, after.satisfactionRate]).toEqual([2, 1, 50]);
    const day = await sql<{ n: number }>`SELECT n::int AS n FROM fb_rating_rollup_sc WHERE day = ${today}::date AND service_code = 'SC.DV-B' AND commune = 'XA001'`.execute(t.database.db);
    expect(day.rows.reduce((s, r) => s + r.n, 0)).toBe(2);
  });

  it("the migration's backfill rebuilds the same rows the incremental path produced", async () => {
    const dump = async () => {
      const d = await sql<{ k: string }>`SELECT concat_ws('|', day, org_id, service_code, commune, n, score_sum, satisfied) AS k FROM fb_rating_rollup_sc ORDER BY 1`.execute(t.database.db);
      const m = await sql<{ k: string }>`SELECT concat_ws('|', month, org_id, service_code, commune, n, score_sum, satisfied) AS k FROM fb_rating_rollup_sc_month ORDER BY 1`.execute(t.database.db);
      return [d.rows.map((r) => r.k), m.rows.map((r) => r.k)];
    };
    const before = await dump();
    expect(before[0]!.length).toBeGreaterThan(0);
    const file = readFileSync(new URL('./migrations/0303_rating_rollups_service_commune.sql', import.meta.url), 'utf8');
    await t.database.exec(`DELETE FROM fb_rating_rollup_sc; DELETE FROM fb_rating_rollup_sc_month; ${file.slice(file.indexOf('-- Backfill'))}`);
    expect(await dump()).toEqual(before);
  });

  it('the public metrics page and CSV show the tables, filters and the small-sample warning', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu?dich-vu=SC.DV-A' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="dich-vu"');
    expect(page.body).toContain('value="SC.DV-A"');
    expect(page.body).toContain('XA001');
    expect(page.body).toContain('tag-warning');
    expect(page.body).toContain('dich-vu=SC.DV-A');
    const csv = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu.csv?xa=XA002' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('SC.DV-B,3,2,66.67');
    const evil = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu?xa=%3Cscript%3E' });
    expect(evil.statusCode).toBe(200);
    expect(evil.body).not.toContain('<script>alert');
  });
});
