/**
 * npm run bench:feedback — feedback intake throughput and metrics latency at scale.
 *
 * 1. Intake: requests/s of POST /api/v1/feedback through the whole stack (HTTP, parsing, validation, routing,
 *    masking, deadline, rollup, public acknowledgement — one transaction) against a plain INSERT of the same
 *    fb_items row into the same database, same concurrency, same duration. Goal: ratio ≥ 0.5.
 * 2. Scale: N synthetic ratings (default 1,000,000; BENCH_RATINGS=10000000 for 10 M), then p95 of the public
 *    metrics page (/phan-anh/so-lieu) and the agency dashboard (/phan-anh/so-lieu?co-quan=…) through HTTP,
 *    against the same figures computed by SQL on the raw ratings table. Goal: p95 ≤ 50 ms.
 *
 * Database: DATABASE_URL (a fresh database is created on that server and dropped afterwards) or in-memory
 * PGlite. Options: BENCH_SECONDS (5), BENCH_CONNECTIONS (8), BENCH_RATINGS (1000000), BENCH_SAMPLES (40),
 * BENCH_RAW_SAMPLES (10).
 * 10 M ratings: use PostgreSQL — DATABASE_URL=postgres://… BENCH_RATINGS=10000000 npm run bench:feedback
 * (about 10× the 1 M seeding time; the metrics queries read only the rollups, so their p95 barely moves).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { startBenchApp } from './harness.ts';
import { seedSyntheticRatings } from '../src/modules/feedback/feedback.synthetic.ts';
import { todayInVietnam } from '../src/platform/i18n/i18n.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const RATINGS = Number(process.env.BENCH_RATINGS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
/** The raw-table queries take seconds at scale: fewer samples keep the default run bounded. */
const RAW_SAMPLES = Number(process.env.BENCH_RAW_SAMPLES ?? 10);

const { database, app, port, dropDb } = await startBenchApp({
  tag: 'fb',
  seedModules: ['organisations', 'feedback'],
  // Seeding 10 M rows and scanning them raw takes minutes per statement (client and server timeouts follow this).
  env: { DB_STATEMENT_TIMEOUT_MS: process.env.DB_STATEMENT_TIMEOUT_MS ?? '3600000' },
});
let agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
console.log(`database: ${database.kind}; ${CONNECTIONS} connections, ${SECONDS} s per phase`);

function request(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function loop(worker: (i: number) => Promise<void>): Promise<number> {
  let n = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) await worker(n++);
    }),
  );
  return n / SECONDS;
}

// ---- 1. intake ----
const run = randomBytes(3).toString('hex');
let failed = 0;
const text = (i: number) => `Phản ánh số ${i} (${run}): hồ sơ nộp trực tuyến quá hạn chưa được trả kết quả, đề nghị kiểm tra giúp.`;
// warm-up
for (let i = 0; i < 20; i++) await request('POST', '/api/v1/feedback', JSON.stringify({ kind: 'phan-anh', body: `${text(-i)} warm` }));
const stackRps = await loop(async (i) => {
  const status = await request('POST', '/api/v1/feedback', JSON.stringify({ kind: 'phan-anh', body: text(i), contactEmail: `nguoi${i}@example.com` }));
  if (status !== 201) failed++;
});
const centre = (await sql<{ id: string }>`SELECT id FROM organisations WHERE code = 'TT-PVHCC'`.execute(database.db)).rows[0]!.id;
const today = todayInVietnam();
const insertRps = await loop(async (i) => {
  await database.pool.query(
    `INSERT INTO fb_items (code, kind, status, channel, org_id, title, body, title_public, body_public, moderation, contact_email, citizen_key, dedupe_hash, received_day, due_day)
     VALUES ($1, 'phan-anh', 'received', 'api', $2, $3, $4, $3, $4, 'pending', $5, $6, $7, $8::date, $8::date + 21)`,
    [`PB-${run}-${i}`, centre, text(i).slice(0, 80), text(i), `nguoi${i}@example.com`, randomBytes(9).toString('base64url'), randomBytes(16).toString('hex'), today],
  );
});
console.log(`intake: full stack ${stackRps.toFixed(1)} req/s (${failed} non-201), plain INSERT ${insertRps.toFixed(1)} rows/s, ratio ${(stackRps / insertRps).toFixed(2)} (goal ≥ 0.5)`);

// ---- 2. scale ----
const seedStart = Date.now();
await seedSyntheticRatings(database.db, RATINGS, (m) => process.stdout.write(`\r  ${m}        `));
// Sockets idle during seeding may have been closed by the server's keep-alive timeout: start afresh.
agent.destroy();
agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
console.log(`\nseeded ${RATINGS.toLocaleString('en')} ratings in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
const busiest = (await sql<{ org_id: string }>`SELECT org_id FROM fb_rating_rollup_month GROUP BY org_id ORDER BY sum(n) DESC LIMIT 1`.execute(database.db)).rows[0]!.org_id;
const from = `${today.slice(0, 4)}-01-01`;

async function p95(label: string, fn: () => Promise<unknown>, samples = SAMPLES) {
  for (let i = 0; i < (samples === SAMPLES ? 3 : 1); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const v = times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]!;
  console.log(`  ${label.padEnd(58)} p50 ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(8)} ms   p95 ${v.toFixed(1).padStart(8)} ms`);
  return v;
}
const page = (path: string) => async () => {
  const s = await request('GET', path);
  if (s !== 200) throw new Error(`${path} → ${s}`);
};
const raw = (org?: string) => async () => {
  const o = org ? sql`AND org_id = ${org}` : sql``;
  // At 10 M rows the raw scans outlast the platform's statement timeout; lift it for the comparison only.
  await database.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(tx);
    await sql`SELECT count(*), count(*) FILTER (WHERE score >= 4) FROM fb_ratings WHERE day BETWEEN ${from}::date AND ${today}::date ${o}`.execute(tx);
    await sql`SELECT count(*), count(*) FILTER (WHERE score >= 4) FROM fb_ratings WHERE day BETWEEN ${from}::date AND ${today}::date ${o}
      AND vn_fold(coalesce(field, '')) ~ '(dat dai|xay dung|dau tu|quy hoach)'`.execute(tx);
    await sql`SELECT org_id, count(*), count(*) FILTER (WHERE score >= 4) FROM fb_ratings WHERE day BETWEEN ${from}::date AND ${today}::date ${o} GROUP BY org_id`.execute(tx);
  });
};
console.log(`latency over ${SAMPLES} requests (raw SQL: ${RAW_SAMPLES}), period ${from} … ${today}, ${RATINGS.toLocaleString('en')} ratings:`);
const pagePublic = await p95('public metrics page (HTTP, rollups)', page('/phan-anh/so-lieu'));
const pageAgency = await p95('agency dashboard (HTTP, rollups, busiest agency)', page(`/phan-anh/so-lieu?co-quan=${busiest}`));
const rawPublic = await p95('same figures by SQL on the raw ratings table (province)', raw(), RAW_SAMPLES);
const rawAgency = await p95('same figures by SQL on the raw ratings table (agency)', raw(busiest), RAW_SAMPLES);
console.log(
  JSON.stringify({
    database: database.kind,
    ratings: RATINGS,
    intake: { stackRps: Math.round(stackRps), insertRps: Math.round(insertRps), ratio: Number((stackRps / insertRps).toFixed(2)) },
    p95ms: { publicPage: Number(pagePublic.toFixed(1)), agencyDashboard: Number(pageAgency.toFixed(1)), rawProvince: Number(rawPublic.toFixed(1)), rawAgency: Number(rawAgency.toFixed(1)) },
    goals: { ratio: stackRps / insertRps >= 0.5, p95: pagePublic <= 50 && pageAgency <= 50 },
  }),
);
agent.destroy();
await app.close();
await database.close();
await dropDb();
