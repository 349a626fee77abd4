import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO, sessionFor, type TestApp } from '../../test/helpers.ts';
import { KpisToken, PlansToken } from './api.ts';

/** Every staff and public page of the module renders for each role that may see it, in both languages. */
describe('plans pages', () => {
  let t: TestApp;
  let urls: string[];
  beforeAll(async () => {
    t = await buildTestApp();
    const plans = t.app.deps.services.get(PlansToken);
    const kpis = t.app.deps.services.get(KpisToken);
    const plan = (await plans.listPlans())[0]!;
    const task = (await plans.listTasks(plan.id))[0]!;
    const cycle = (await plans.listCycles(plan.id))[0]!;
    const kpi = (await kpis.list())[0]!;
    urls = ['/quan-tri/ke-hoach', `/quan-tri/ke-hoach/${plan.id}`, `/quan-tri/ke-hoach/nhiem-vu/${task.id}`, `/quan-tri/ke-hoach/ky/${cycle.id}`, '/quan-tri/bao-cao-ke-hoach', '/quan-tri/chi-so', `/quan-tri/chi-so/${kpi.id}`];
  });
  afterAll(() => t.close());

  for (const who of ['coordinator', 'viewer', 'officerSkhcn'] as const) {
    it(`${who}: every page renders in Vietnamese and English with no missing text`, async () => {
      const s = await sessionFor(t.database, DEMO[who]);
      for (const url of urls) {
        for (const lang of ['vi', 'en']) {
          const res = await t.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`, headers: { cookie: s.cookie } });
          expect(res.statusCode, `${who} ${url} ${lang}`).toBe(200);
          // A locale key shown as-is means a missing translation.
          expect(res.body, `${url} ${lang}`).not.toMatch(/>\s*plans\.[a-zA-Z]/);
          expect(res.body).not.toMatch(/"plans\.[a-zA-Z.]+"/);
        }
      }
    });
  }

  it('English has every key Vietnamese has', () => {
    const flat = (o: Record<string, unknown>, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));
    const read = (l: string) => flat(JSON.parse(readFileSync(new URL(`./locales/${l}.json`, import.meta.url), 'utf8')));
    expect(read('en').sort()).toEqual(read('vi').sort());
  });

  it('the public KPI page needs no sign-in; staff pages do', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/chi-tieu' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/chi-tieu?lang=en' })).statusCode).toBe(200);
    for (const url of urls) expect([303, 401]).toContain((await t.app.inject({ method: 'GET', url })).statusCode);
  });

  it('non-uuid ids are a 4xx, never a 500', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    for (const url of ['/quan-tri/ke-hoach/khong-co', '/quan-tri/ke-hoach/nhiem-vu/1', '/quan-tri/bao-cao-ke-hoach/abc', '/api/v1/plans/xyz/tasks', '/api/v1/kpis/1/values']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/plans/00000000-0000-4000-8000-000000000000/tasks' });
    expect(missing.statusCode).toBe(404);
  });
});
