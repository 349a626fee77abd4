/**
 * npm run eval:assistant -- [file.jsonl]
 *
 * Builds the app on a fresh in-memory database with every seed (guides published, national records imported
 * by the catalogue seed — or read from the fixture when the catalogue module is absent), then sends every
 * question through POST /api/v1/assistant/ask (app.inject, the same code path as the API) and prints
 * R@1, R@3, MRR, the confidently-wrong rate, abstention precision/recall/F1 — overall and split into accented
 * and unaccented questions — and latency p50/p95. Format: eval/README.md.
 *
 * Each question comes from its own client address, so the per-client rate limit does not interfere.
 * Options: --verbose (one line per question), --json (machine-readable summary).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../boot.ts';
import { buildApp } from '../app.ts';
import { testEnv } from '../test/env.ts';
import { isAccentedText } from '../modules/assistant/engine/text.ts';

interface Item {
  id: string;
  q: string;
  expect: string[] | 'abstain';
}

interface Outcome {
  item: Item;
  accented: boolean;
  action: string;
  ranked: string[];
  ms: number;
  status: number;
}

export interface Metrics {
  n: number;
  inScope: number;
  abstainGold: number;
  r1: number;
  r3: number;
  mrr: number;
  confidentlyWrong: number;
  confidentlyWrongRate: number;
  abstainPrecision: number;
  abstainRecall: number;
  abstainF1: number;
  clarifyRate: number;
}

export function metrics(outcomes: Outcome[]): Metrics {
  const inScope = outcomes.filter((o) => o.item.expect !== 'abstain');
  const abst = outcomes.filter((o) => o.item.expect === 'abstain');
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  for (const o of inScope) {
    const gold = o.item.expect as string[];
    const rank = o.ranked.findIndex((s) => gold.includes(s));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 3) r3++;
    if (rank >= 0 && rank < 10) mrr += 1 / (rank + 1);
  }
  let cw = 0;
  for (const o of outcomes) {
    if (o.action !== 'answer') continue;
    if (o.item.expect === 'abstain') {
      if (o.ranked.length) cw++;
    } else if (!(o.item.expect as string[]).includes(o.ranked[0] ?? '')) cw++;
  }
  const handoffs = outcomes.filter((o) => o.action === 'handoff');
  const tp = handoffs.filter((o) => o.item.expect === 'abstain').length;
  const precision = handoffs.length ? tp / handoffs.length : 1;
  const recall = abst.length ? tp / abst.length : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const div = (a: number, b: number) => (b ? a / b : 0);
  return {
    n: outcomes.length,
    inScope: inScope.length,
    abstainGold: abst.length,
    r1: div(r1, inScope.length),
    r3: div(r3, inScope.length),
    mrr: div(mrr, inScope.length),
    confidentlyWrong: cw,
    confidentlyWrongRate: div(cw, outcomes.length),
    abstainPrecision: precision,
    abstainRecall: recall,
    abstainF1: f1,
    clarifyRate: div(outcomes.filter((o) => o.action === 'clarify').length, outcomes.length),
  };
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const asJson = args.includes('--json');
  const file = resolve(args.find((a) => !a.startsWith('--')) ?? join(import.meta.dirname, '..', 'modules', 'assistant', 'eval', 'assistant-dev.jsonl'));
  const items: Item[] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);

  const dir = mkdtempSync(join(tmpdir(), 'dvc-eval-'));
  const config = loadConfig(testEnv(dir, undefined, { RATE_LIMIT_PER_MINUTE: '100000' }));
  const database = await openDatabase(config, { inMemory: true });
  const t0 = performance.now();
  await migrate(database);
  const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
  await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const svc = app.deps.services.get<{ ready(): Promise<void>; index: { size(): number } }>('assistant');
  await svc.ready();
  const setupMs = performance.now() - t0;

  const outcomes: Outcome[] = [];
  let k = 0;
  for (const item of items) {
    k++;
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask',
      payload: { question: item.q },
      remoteAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`,
    });
    const ms = performance.now() - started;
    const body = res.json() as { confidence?: number; action: string; citations?: Array<{ slug: string }>; options?: Array<{ slug: string }> };
    const ranked = res.statusCode === 200 ? (body.action === 'clarify' ? (body.options ?? []).map((o) => o.slug) : (body.citations ?? []).map((c) => c.slug)) : [];
    outcomes.push({ item, accented: isAccentedText(item.q), action: res.statusCode === 200 ? body.action : `http_${res.statusCode}`, ranked, ms, status: res.statusCode });
    if (verbose) {
      const gold = item.expect === 'abstain' ? 'abstain' : item.expect.join('|');
      const ok = item.expect === 'abstain' ? body.action === 'handoff' : item.expect.includes(ranked[0] ?? '');
      console.log(`${ok ? "ok " : "XX "} ${item.id} ${body.action.padEnd(7)} ${(body.confidence ?? 0).toFixed(2)} ${ranked.slice(0, 3).join(',').padEnd(50)} gold=${gold}  ${item.q.slice(0, 80)}`);
    }
  }
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });

  const all = metrics(outcomes);
  const acc = metrics(outcomes.filter((o) => o.accented));
  const unacc = metrics(outcomes.filter((o) => !o.accented));
  const lat = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors = outcomes.filter((o) => o.status >= 500).length;
  const summary = { file, setupMs: Math.round(setupMs), indexDocs: svc.index.size(), all, accented: acc, unaccented: unacc, latencyMs: { p50: pct(lat, 50), p95: pct(lat, 95) }, http5xx: errors };
  if (asJson) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const f = (x: number) => x.toFixed(3);
    const row = (name: string, m: Metrics) =>
      `${name.padEnd(11)} n=${String(m.n).padStart(3)} (in-scope ${String(m.inScope).padStart(3)}, abstain ${String(m.abstainGold).padStart(2)})  R@1 ${f(m.r1)}  R@3 ${f(m.r3)}  MRR ${f(m.mrr)}  conf-wrong ${m.confidentlyWrong} (${(100 * m.confidentlyWrongRate).toFixed(1)} %)  abstain P ${f(m.abstainPrecision)} R ${f(m.abstainRecall)} F1 ${f(m.abstainF1)}  clarify ${(100 * m.clarifyRate).toFixed(1)} %`;
    console.log(`Assistant evaluation — ${file}`);
    console.log(`setup ${summary.setupMs} ms (migrate, seeds, index of ${summary.indexDocs} documents)`);
    console.log(row('all', all));
    console.log(row('accented', acc));
    console.log(row('unaccented', unacc));
    console.log(`latency (POST /api/v1/assistant/ask via inject): p50 ${summary.latencyMs.p50.toFixed(1)} ms  p95 ${summary.latencyMs.p95.toFixed(1)} ms   5xx: ${errors}`);
    const targets = all.r1 >= 0.85 && all.r3 >= 0.95 && all.confidentlyWrongRate <= 0.02 && all.abstainF1 >= 0.9;
    console.log(`targets (R@1 ≥ 0.85, R@3 ≥ 0.95, confidently-wrong ≤ 2 %, abstention F1 ≥ 0.90): ${targets ? 'MET' : 'NOT MET'}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
