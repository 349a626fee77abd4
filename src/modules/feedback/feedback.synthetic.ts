import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

const FIELDS = ['Đất đai', 'Xây dựng', 'Đầu tư tại Việt Nam', 'Hộ tịch', 'Giáo dục và Đào tạo', 'Y tế', 'Chứng thực', 'Đường bộ', 'Lao động', 'Khoa học, công nghệ'];

/**
 * Synthetic ratings for benchmarks: N rows spread over the last two years, the province's organisations, their
 * fields and three channels (score mostly 4–5), inserted in batches with generate_series, then the daily and
 * monthly rollups are brought up to date for exactly the rows added (as the service would have done one by one).
 */
export async function seedSyntheticRatings(db: Db, n: number, log: (m: string) => void = () => {}, batch = 250_000): Promise<void> {
  // Bulk statements run longer than the platform's per-statement timeout: lift it for this work only.
  const long = (q: ReturnType<typeof sql>) => db.transaction().execute(async (tx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(tx);
    await q.execute(tx);
  });
  const before = await sql<{ max: string | null }>`SELECT max(id)::text AS max FROM fb_ratings`.execute(db);
  const fromId = Number(before.rows[0]!.max ?? 0);
  const started = Date.now();
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch) - 1;
    await long(sql`WITH o AS (SELECT array_agg(id ORDER BY code) AS a FROM organisations WHERE valid_to IS NULL),
        f AS (SELECT ${FIELDS}::text[] AS a)
      INSERT INTO fb_ratings (service_code, org_id, field, commune, channel, score, ease, speed, attitude, clarity, day, client_hash)
      SELECT NULL, o.a[1 + (g * 7919) % array_length(o.a, 1)], f.a[1 + ((g * 7919) % array_length(o.a, 1)) % array_length(f.a, 1)], NULL,
        (ARRAY['web', 'mot-cua', 'buu-dien'])[1 + g % 3],
        CASE WHEN g % 10 < 6 THEN 5 WHEN g % 10 < 9 THEN 4 ELSE 1 + (g / 10) % 3 END,
        1 + (g / 3) % 5, 1 + (g / 5) % 5, 1 + (g / 7) % 5, 1 + (g / 11) % 5,
        (current_date - ((g * 131) % 730)::int), 'synthetic'
      FROM generate_series(${start}::bigint, ${end}::bigint) g, o, f`);
    log(`ratings: ${end + 1} / ${n} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  const ldi = sql`(vn_fold(coalesce(field, '')) ~ '(dat dai|xay dung|dau tu|quy hoach)')`;
  await long(sql`INSERT INTO fb_rating_rollup (day, org_id, field, ldi, channel, n, score_sum, satisfied)
    SELECT day, org_id, coalesce(field, ''), bool_or(${ldi}), channel, count(*), sum(score), count(*) FILTER (WHERE score >= 4)
    FROM fb_ratings WHERE id > ${fromId} AND org_id IS NOT NULL GROUP BY day, org_id, coalesce(field, ''), channel
    ON CONFLICT (day, org_id, field, channel) DO UPDATE SET n = fb_rating_rollup.n + EXCLUDED.n,
      score_sum = fb_rating_rollup.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup.satisfied + EXCLUDED.satisfied`);
  await long(sql`INSERT INTO fb_rating_rollup_month (month, org_id, field, ldi, channel, n, score_sum, satisfied)
    SELECT date_trunc('month', day)::date, org_id, coalesce(field, ''), bool_or(${ldi}), channel, count(*), sum(score), count(*) FILTER (WHERE score >= 4)
    FROM fb_ratings WHERE id > ${fromId} AND org_id IS NOT NULL GROUP BY 1, org_id, coalesce(field, ''), channel
    ON CONFLICT (month, org_id, field, channel) DO UPDATE SET n = fb_rating_rollup_month.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_month.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_month.satisfied + EXCLUDED.satisfied`);
  await long(sql`INSERT INTO fb_rating_rollup_sc (day, org_id, service_code, commune, n, score_sum, satisfied)
    SELECT day, org_id, coalesce(service_code, ''), coalesce(commune, ''), count(*), sum(score), count(*) FILTER (WHERE score >= 4)
    FROM fb_ratings WHERE id > ${fromId} AND org_id IS NOT NULL GROUP BY day, org_id, coalesce(service_code, ''), coalesce(commune, '')
    ON CONFLICT (day, org_id, service_code, commune) DO UPDATE SET n = fb_rating_rollup_sc.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_sc.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_sc.satisfied + EXCLUDED.satisfied`);
  await long(sql`INSERT INTO fb_rating_rollup_sc_month (month, org_id, service_code, commune, n, score_sum, satisfied)
    SELECT date_trunc('month', day)::date, org_id, coalesce(service_code, ''), coalesce(commune, ''), count(*), sum(score), count(*) FILTER (WHERE score >= 4)
    FROM fb_ratings WHERE id > ${fromId} AND org_id IS NOT NULL GROUP BY 1, org_id, coalesce(service_code, ''), coalesce(commune, '')
    ON CONFLICT (month, org_id, service_code, commune) DO UPDATE SET n = fb_rating_rollup_sc_month.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_sc_month.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_sc_month.satisfied + EXCLUDED.satisfied`);
  await long(sql`ANALYZE fb_ratings`);
  await sql`ANALYZE fb_rating_rollup`.execute(db);
  await sql`ANALYZE fb_rating_rollup_month`.execute(db);
  log(`rollups updated (${Math.round((Date.now() - started) / 1000)} s total)`);
}
