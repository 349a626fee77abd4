import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../src/test/helpers.ts';
import { SurveysToken } from '../../src/modules/surveys/index.ts';
import { KpisToken } from '../../src/modules/plans/api.ts';

// The plan's satisfaction KPIs read the survey module's weighted estimate through manifest stats (issue 17).
describe('survey figures in the KPI registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('SURVEY_SATISFACTION carries the weighted share of the published demo round and its n', async () => {
    const kpis = t.app.deps.services.get(KpisToken);
    const k = await kpis.byCode('SURVEY_SATISFACTION');
    expect(k).toBeDefined();
    const c = await kpis.computed(k!);
    const r = await t.app.deps.services.get(SurveysToken).results('hai-long-dot-mau');
    expect(c).toMatchObject({ available: true, value: Math.round(r.overall.estimate! * 1000) / 10, n: r.overall.n, lowSample: false });
    const ldi = await kpis.computed((await kpis.byCode('SURVEY_SATISFACTION_LAND_CONSTR_INVEST'))!);
    expect(ldi.available).toBe(true);
    expect(ldi.n).toBeGreaterThan(0);
    expect(ldi.n!).toBeLessThan(r.overall.n);
  });
});
