import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../src/test/helpers.ts';
import { recordSnapshots, snapshotValue } from '../../src/platform/stats/snapshots.ts';
import type { KpisService } from '../../src/modules/plans/kpis.service.ts';
import { KpisToken } from '../../src/modules/plans/api.ts';

/**
 * Issue 10: a stat that only knows "now" (content.publishedGuides) gets a daily snapshot, so a KPI built on it
 * has per-period values; period-aware stats (feedback.satisfactionRate) are not snapshotted (they have history).
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('daily snapshots of now-only stats', () => {
  it('records each snapshot-only stat once per day, and a period gets its last snapshot', async () => {
    const n = await recordSnapshots(t.app.deps, '2026-03-10');
    expect(n).toBeGreaterThan(0);
    const names = (await sql<{ stat_name: string }>`SELECT stat_name FROM stat_snapshots WHERE day = '2026-03-10'`.execute(t.database.db)).rows.map((r) => r.stat_name);
    expect(names).toContain('content.publishedGuides');
    expect(names).not.toContain('feedback.satisfactionRate');
    const guides = (await t.app.deps.stats.get('content.publishedGuides')!(t.app.deps, {})) as number;
    expect((await snapshotValue(t.database.db, 'content.publishedGuides', { from: '2026-03-01', to: '2026-03-31' }))?.value).toBe(guides);
    // a re-run on the same day overwrites, a later day adds; the period takes the last one
    await recordSnapshots(t.app.deps, '2026-03-10');
    await sql`UPDATE stat_snapshots SET value = 7 WHERE stat_name = 'content.publishedGuides' AND day = '2026-03-10'`.execute(t.database.db);
    await recordSnapshots(t.app.deps, '2026-04-02');
    await sql`UPDATE stat_snapshots SET value = 9 WHERE stat_name = 'content.publishedGuides' AND day = '2026-04-02'`.execute(t.database.db);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM stat_snapshots WHERE stat_name = 'content.publishedGuides'`.execute(t.database.db)).rows[0]!.n).toBe(2);
    expect((await snapshotValue(t.database.db, 'content.publishedGuides', { from: '2026-01-01', to: '2026-03-31' }))?.value).toBe(7);
    expect((await snapshotValue(t.database.db, 'content.publishedGuides', { from: '2026-01-01', to: '2026-12-31' }))?.value).toBe(9);
    expect(await snapshotValue(t.database.db, 'content.publishedGuides', { from: '2025-01-01', to: '2025-12-31' })).toBeUndefined();
  });

  it('a KPI on a now-only stat has values per period from its snapshots', async () => {
    const kpis = t.app.deps.services.get(KpisToken);
    const k = { id: '00000000-0000-4000-8000-000000000001', statName: 'content.publishedGuides', validFrom: '2026-01-01' } as Parameters<KpisService['series']>[0];
    const months = await kpis.series(k, { granularities: ['month'], today: '2026-05-15' });
    expect(months.map((v) => [v.period, v.value, v.source])).toEqual([
      ['2026-03', 7, 'snapshot'],
      ['2026-04', 9, 'snapshot'],
    ]);
    const q1 = await kpis.forPeriod(k, '2026-Q1', '2026-05-15');
    expect([q1.value, q1.source]).toEqual([7, 'snapshot']);
  });
});
