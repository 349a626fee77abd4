/**
 * npm run bench:contest — contest day as a spike (issue 15): N attempts started within one minute through the
 * public API (POST /api/v1/contests/{slug}/attempts, pupils identified by one-time roster codes), then their
 * answers (PUT /api/v1/attempts/{id}/answers) and submissions (POST …/submit). Requests arrive on a fixed
 * schedule (open loop: N spread evenly over BENCH_SECONDS), so a slow server cannot slow the arrivals.
 * Goals: p95 ≤ 100 ms per request in each phase; 0 lost answers (every answer sent is stored, every attempt
 * is submitted and scored, participants rollup = N).
 *
 * Database: DATABASE_URL (a fresh database is created on that server and dropped afterwards) or in-memory
 * PGlite. Options: BENCH_ATTEMPTS (5000), BENCH_SECONDS (60), BENCH_QUESTIONS (10).
 */
import http from 'node:http';
import { sql } from 'kysely';
import { startBenchApp } from './harness.ts';
import { SYSTEM_ACTOR } from '../src/platform/auth/permissions.ts';
import { sha256 } from '../src/platform/auth/tokens.ts';
import { LearningToken } from '../src/modules/learning/index.ts';

const N = Number(process.env.BENCH_ATTEMPTS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 10);

const { database, app, port, dropDb } = await startBenchApp({ tag: 'ct', seedModules: ['organisations'] });
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
console.log(`database: ${database.kind}; ${N} attempts over ${SECONDS} s, ${QUESTIONS} questions each`);

// ---- setup: questions, 50 schools with cohorts and N roster pupils, one open contest ----
const svc = app.deps.services.get(LearningToken);
for (let i = 0; i < QUESTIONS * 3; i++) {
  await svc.createQuestion(SYSTEM_ACTOR, { code: `B-${i}`, tags: ['bench'], difficulty: 1, type: 'single', text: `Câu hỏi ${i}`, options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], answer: { optionIds: ['a'] }, reference: '' });
}
const codes: string[] = [];
await database.db.transaction().execute(async (tx) => {
  for (let s = 0; s < 50; s++) {
    const unit = (await sql<{ id: string }>`INSERT INTO learn_units (code, name, kind) VALUES (${`T-${s}`}, ${`Trường ${s}`}, 'school') RETURNING id`.execute(tx)).rows[0]!.id;
    const cohort = (await sql<{ id: string }>`INSERT INTO learn_cohorts (unit_id, name, audience, year, size) VALUES (${unit}::uuid, 'Khối 10', 'pupils', ${new Date().getUTCFullYear()}, ${Math.ceil(N / 50) + 20}) RETURNING id`.execute(tx)).rows[0]!.id;
    for (let k = s; k < N; k += 50) {
      const code = `HS${String(k).padStart(8, '0')}`;
      codes[k] = code;
      await sql`INSERT INTO learn_roster (cohort_id, display_name, code_hash) VALUES (${cohort}::uuid, ${`Học sinh ${k}`}, ${sha256(code)})`.execute(tx);
    }
  }
});
await svc.createContest(SYSTEM_ACTOR, {
  slug: 'bench', title: 'Bench', summary: '', audience: 'pupils', issuer: 'Bench', opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 86_400_000),
  rules: { round: 'whole', attemptsPerRound: 1, scoring: 'first', pools: [{ tags: ['bench'], count: QUESTIONS }], timeLimitSec: 3600, prediction: true, identity: ['roster'] },
});

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
      res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    if (data) req.write(data);
    req.end();
  });
}

/** Run `fn(i)` for i in [0, n) at evenly spaced start times over `seconds`; returns latencies and failures. */
async function schedule(n: number, seconds: number, fn: (i: number) => Promise<{ status: number; ms: number }>, ok: number) {
  const t0 = Date.now();
  const gap = (seconds * 1000) / n;
  const times: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const wait = t0 + i * gap - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r = await fn(i);
      times.push(r.ms);
      if (r.status !== ok) failed++;
    }),
  );
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: times[times.length - 1]!, failed, wall: (Date.now() - t0) / 1000 };
}
const line = (label: string, r: { p50: number; p95: number; max: number; failed: number; wall: number }) =>
  console.log(`  ${label.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(0).padStart(6)} ms  failed ${r.failed}  (${r.wall.toFixed(1)} s)  ${r.p95 <= 100 ? 'OK' : 'OVER GOAL'}`);

// warm-up (not counted): three requests to each route shape on a spare pupil would skew the rollup, so warm the reads.
for (let i = 0; i < 20; i++) await request('GET', '/api/v1/contests');

const attempts: Array<{ id: string; token: string; questions: Array<{ id: string; options: Array<{ id: string }> }> } | undefined> = [];
const start = await schedule(N, SECONDS, async (i) => {
  const r = await request('POST', '/api/v1/contests/bench/attempts', { rosterCode: codes[i] });
  if (r.status === 201) {
    const b = JSON.parse(r.body) as { attemptId: string; attemptToken: string; questions: Array<{ id: string; options: Array<{ id: string }> }> };
    attempts[i] = { id: b.attemptId, token: b.attemptToken, questions: b.questions };
  }
  return r;
}, 201);
line('start attempt (POST …/attempts)', start);

let sent = 0;
const answer = await schedule(N, SECONDS, async (i) => {
  const a = attempts[i];
  if (!a) return { status: 0, ms: 0 };
  const answers = a.questions.map((q, k) => ({ questionId: q.id, optionId: q.options[k % 3]!.id }));
  sent += answers.length;
  return request('PUT', `/api/v1/attempts/${a.id}/answers`, { answers, prediction: 4000 + i }, { 'x-attempt-token': a.token });
}, 200);
line('save answers (PUT …/answers)', answer);

const submit = await schedule(N, SECONDS, async (i) => {
  const a = attempts[i];
  if (!a) return { status: 0, ms: 0 };
  return request('POST', `/api/v1/attempts/${a.id}/submit`, undefined, { 'x-attempt-token': a.token });
}, 200);
line('submit (POST …/submit)', submit);

const board = await schedule(200, 10, () => request('GET', '/api/v1/contests/bench/leaderboard?by=unit'), 200);
line('leaderboard by unit (rollup)', board);

const stored = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_answers`.execute(database.db)).rows[0]!.n;
const scored = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_attempts WHERE submitted_at IS NOT NULL AND correct IS NOT NULL`.execute(database.db)).rows[0]!.n;
const people = (await sql<{ n: number }>`SELECT coalesce(sum(participants), 0)::int AS n FROM learn_unit_rollup`.execute(database.db)).rows[0]!.n;
const lost = sent - stored;
console.log(`answers sent ${sent}, stored ${stored}, lost ${lost}; attempts started ${attempts.filter(Boolean).length}/${N}, scored ${scored}; unit rollup ${people}`);
const pass = lost === 0 && scored === N && people === N && [start, answer, submit].every((r) => r.p95 <= 100 && r.failed === 0);
console.log(pass ? 'bench:contest: all goals met' : 'bench:contest: GOALS NOT MET');
await app.close();
await database.close();
await dropDb();
process.exit(pass ? 0 : 1);
