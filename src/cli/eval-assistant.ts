/**
 * npm run eval:assistant -- [file.jsonl …] [--folds 5] [--calibrate] [--verbose] [--json]
 *
 * Builds the app on a fresh in-memory database with every seed (guides published, national records imported
 * by the catalogue seed — or read from the fixture when the catalogue module is absent), then sends every
 * question through POST /api/v1/assistant/ask (app.inject, the same code path as the API). Default: both
 * development sets (eval/assistant-dev.jsonl and eval/assistant-dev2.jsonl).
 *
 * Reports, per set and for both together: R@1, R@3, MRR, the confidently-wrong rate and abstention
 * precision/recall/F1 — overall, per fold (k folds by a hash of the question id, evaluation.ts), per style and
 * accented vs unaccented — a reliability table (confidence band → share right) and latency p50/p95.
 *
 * --calibrate: cross-validated threshold calibration. For each fold, the answer/clarify/margin thresholds are
 * chosen on the other folds (grid search, evaluation.ts) and scored on the held-out fold; compares with the
 * current thresholds on the same folds. Change THRESHOLDS in engine/decide.ts only if the held-out figures improve.
 *
 * Each question comes from its own client address, so the per-client rate limit does not interfere.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../boot.ts';
import { buildApp } from '../app.ts';
import { testEnv } from '../test/env.ts';
import { isAccentedText, normalise } from '../modules/assistant/engine/text.ts';
import { route } from '../modules/assistant/engine/router.ts';
import { THRESHOLDS } from '../modules/assistant/engine/decide.ts';
import { correct, crossValidate, foldOf, meetsTargets, metrics, reliability, TARGETS, type EvalItem, type Metrics, type Outcome, type Replay } from '../modules/assistant/evaluation.ts';
import { AssistantServiceToken } from '../modules/assistant/assistant.service.ts';

export { metrics, type Metrics };

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const f3 = (x: number) => x.toFixed(3);
function row(name: string, m: Metrics, extra = ''): string {
  return `${name.padEnd(16)} n=${String(m.n).padStart(3)} (in ${String(m.inScope).padStart(3)}, abst ${String(m.abstainGold).padStart(2)})  R@1 ${f3(m.r1)}  R@3 ${f3(m.r3)}  MRR ${f3(m.mrr)}  cw ${String(m.confidentlyWrong).padStart(2)} (${(100 * m.confidentlyWrongRate).toFixed(1)} %)  abst P ${f3(m.abstainPrecision)} R ${f3(m.abstainRecall)} F1 ${f3(m.abstainF1)}  clarify ${(100 * m.clarifyRate).toFixed(1)} %${extra}`;
}

function report(title: string, outcomes: Outcome[], k: number) {
  const lines: string[] = [];
  const all = metrics(outcomes);
  lines.push(`── ${title}`);
  lines.push(row('all', all, meetsTargets(all) ? '  ✓' : '  ✗'));
  for (let f = 0; f < k; f++) {
    const m = metrics(outcomes.filter((o) => foldOf(o.item.id, k) === f));
    lines.push(row(`fold ${f}`, m, meetsTargets(m) ? '  ✓' : '  ✗'));
  }
  const acc = metrics(outcomes.filter((o) => o.accented));
  const unacc = metrics(outcomes.filter((o) => !o.accented));
  lines.push(row('accented', acc));
  lines.push(row('unaccented', unacc, `  R@3 gap ${f3(Math.abs(acc.r3 - unacc.r3))}${Math.abs(acc.r3 - unacc.r3) <= TARGETS.accentGap ? ' ✓' : ' ✗'}`));
  const styles = [...new Set(outcomes.map((o) => o.item.style ?? '(none)'))].sort();
  for (const s of styles) {
    const m = metrics(outcomes.filter((o) => (o.item.style ?? '(none)') === s));
    const gap = m.inScope ? Math.abs(m.r3 - all.r3) : 0;
    lines.push(row(`style ${s}`, m, m.inScope ? `  R@3 gap ${f3(gap)}${gap <= TARGETS.styleGap ? ' ✓' : ' ✗'}` : ''));
  }
  return { lines, all, acc, unacc };
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const asJson = args.includes('--json');
  const calibrate = args.includes('--calibrate');
  const kIdx = args.indexOf('--folds');
  const k = kIdx >= 0 ? Math.max(2, Number(args[kIdx + 1]) || 5) : 5;
  const files = args.filter((a, i) => !a.startsWith('--') && !(kIdx >= 0 && i === kIdx + 1)).map((f) => resolve(f));
  if (!files.length) files.push(join(import.meta.dirname, '..', 'modules', 'assistant', 'eval', 'assistant-dev.jsonl'), join(import.meta.dirname, '..', 'modules', 'assistant', 'eval', 'assistant-dev2.jsonl'));
  const items: EvalItem[] = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => ({ ...(JSON.parse(l) as EvalItem), set: basename(file, '.jsonl').replace(/^assistant-/, '') })),
  );

  const dir = mkdtempSync(join(tmpdir(), 'dvc-eval-'));
  const config = loadConfig(testEnv(dir, undefined, { RATE_LIMIT_PER_MINUTE: '100000' }));
  const database = await openDatabase(config, { inMemory: true });
  const t0 = performance.now();
  await migrate(database);
  const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
  await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const svc = app.deps.services.get(AssistantServiceToken);
  await svc.ready();
  const setupMs = performance.now() - t0;

  const outcomes: Outcome[] = [];
  const replays: Replay[] = [];
  let n = 0;
  for (const item of items) {
    n++;
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask',
      payload: { question: item.q },
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    });
    const ms = performance.now() - started;
    const body = res.json() as { confidence?: number; action: string; citations?: Array<{ slug: string }>; options?: Array<{ slug: string }> };
    const ranked = res.statusCode === 200 ? (body.action === 'clarify' ? (body.options ?? []).map((o) => o.slug) : (body.citations ?? []).map((c) => c.slug)) : [];
    const outcome: Outcome = { item, accented: isAccentedText(item.q), action: res.statusCode === 200 ? body.action : `http_${res.statusCode}`, ranked, confidence: body.confidence ?? 0, ms, status: res.statusCode };
    outcomes.push(outcome);
    if (calibrate) {
      const q = normalise(item.q);
      replays.push({ outcome, search: route(q).cls === 'retrieve' && body.action !== undefined && (body.confidence ?? 0) < 1 ? svc.situate(q) : null });
    }
    if (verbose) {
      const gold = item.expect === 'abstain' ? 'abstain' : item.expect.join('|');
      console.log(`${correct(outcome) ? 'ok ' : 'XX '} ${item.id.padEnd(8)} f${foldOf(item.id, k)} ${(item.style ?? '').padEnd(10)} ${outcome.action.padEnd(7)} ${outcome.confidence.toFixed(2)} ${ranked.slice(0, 3).join(',').padEnd(50)} gold=${gold}  ${item.q.slice(0, 90)}`);
    }
  }
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });

  const lat = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors = outcomes.filter((o) => o.status >= 500).length;
  const sets = [...new Set(items.map((i) => i.set!))];
  const perSet = sets.map((s) => ({ set: s, ...report(`set ${s}`, outcomes.filter((o) => o.item.set === s), k) }));
  const both = sets.length > 1 ? report(`both sets (${sets.join(' + ')})`, outcomes, k) : null;
  const rel = reliability(outcomes);
  const cv = calibrate ? crossValidate(replays, k) : null;

  if (asJson) {
    const foldMetrics = (os: Outcome[]) => Array.from({ length: k }, (_, f) => metrics(os.filter((o) => foldOf(o.item.id, k) === f)));
    console.log(
      JSON.stringify(
        {
          files,
          folds: k,
          setupMs: Math.round(setupMs),
          sets: Object.fromEntries(sets.map((s) => {
            const os = outcomes.filter((o) => o.item.set === s);
            return [s, { all: metrics(os), folds: foldMetrics(os), accented: metrics(os.filter((o) => o.accented)), unaccented: metrics(os.filter((o) => !o.accented)) }];
          })),
          both: metrics(outcomes),
          reliability: rel,
          calibration: cv,
          thresholds: THRESHOLDS,
          latencyMs: { p50: pct(lat, 50), p95: pct(lat, 95) },
          http5xx: errors,
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(`Assistant evaluation — ${files.join(', ')}  (${k} folds by id hash)`);
  console.log(`setup ${Math.round(setupMs)} ms; thresholds ${JSON.stringify(THRESHOLDS)}`);
  for (const s of perSet) console.log(s.lines.join('\n'));
  if (both) console.log(both.lines.join('\n'));
  console.log('── reliability (all questions): confidence band → n, share right (any action), answered n, share of answers right');
  for (const r of rel) console.log(`  ${r.band}  n=${String(r.n).padStart(3)}  right ${f3(r.correct)}  answered ${String(r.answered).padStart(3)}  answers right ${f3(r.answeredCorrect)}`);
  if (cv) {
    console.log(`── cross-validated calibration (${k} folds; thresholds chosen on the other folds, scored on the held-out one)`);
    for (const f of cv.folds) {
      console.log(row(`held-out ${f.fold} cv`, f.heldOut) + `  chosen answer ${f.chosen.answer} low ${f.chosen.answerLow} clarify ${f.chosen.clarify} margin ${f.chosen.margin}`);
      console.log(row(`held-out ${f.fold} now`, f.heldOutDefault));
    }
    console.log(row('held-out all cv', cv.heldOut));
    console.log(row('held-out all now', cv.heldOutDefault));
  }
  console.log(`latency (POST /api/v1/assistant/ask via inject): p50 ${pct(lat, 50).toFixed(1)} ms  p95 ${pct(lat, 95).toFixed(1)} ms   5xx: ${errors}`);
  console.log(`targets per fold (R@1 ≥ ${TARGETS.r1}, R@3 ≥ ${TARGETS.r3}, confidently-wrong ≤ ${100 * TARGETS.confidentlyWrongRate} %, abstention F1 ≥ ${TARGETS.abstainF1}; styles within ${TARGETS.styleGap} of R@3; accented within ${TARGETS.accentGap}): ${meetsTargets(metrics(outcomes)) ? 'MET overall' : 'NOT MET overall'}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
