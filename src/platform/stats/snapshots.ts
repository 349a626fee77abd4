import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AppDeps } from '../modules.ts';
import { todayInVietnam } from '../i18n/i18n.ts';

/**
 * History for "now"-only stats. A module's stat provider either honours a period (returns `{ value, n }`) or is
 * a snapshot of the present (returns a plain number). For the latter the daily job `stats.snapshot` stores
 * the value of the day in stat_snapshots (0040), and `snapshotValue` gives a period the last value recorded
 * inside it, so KPIs built on such a stat have per-period values from the day recording started.
 */
export const SNAPSHOT_JOB = 'stats.snapshot';

/** Record today's value of every snapshot-only stat (idempotent per day: a re-run overwrites the day). */
export async function recordSnapshots(deps: AppDeps, day = todayInVietnam()): Promise<number> {
  let n = 0;
  for (const name of deps.stats.names()) {
    const provider = deps.stats.get(name)!;
    let raw: Awaited<ReturnType<typeof provider>>;
    try {
      raw = await provider(deps, {});
    } catch (err) {
      deps.logger.warn({ err, stat: name }, 'stat snapshot failed');
      continue;
    }
    if (raw !== null && typeof raw === 'object') continue; // period-aware: has its own history
    const value = raw == null || !Number.isFinite(raw) ? null : raw;
    await sql`INSERT INTO stat_snapshots (stat_name, day, value) VALUES (${name}, ${day}::date, ${value})
      ON CONFLICT (stat_name, day) DO UPDATE SET value = EXCLUDED.value, recorded_at = now()`.execute(deps.db);
    n++;
  }
  return n;
}

/** The last snapshot of `name` recorded in [from, to], or undefined when none was taken in that period. */
export async function snapshotValue(db: Db, name: string, range: { from: string; to: string }): Promise<{ value: number | null; day: string } | undefined> {
  const r = await sql<{ value: number | null; day: string }>`SELECT value, to_char(day, 'YYYY-MM-DD') AS day FROM stat_snapshots
    WHERE stat_name = ${name} AND day BETWEEN ${range.from}::date AND ${range.to}::date ORDER BY day DESC LIMIT 1`.execute(db);
  return r.rows[0];
}
