/**
 * npm run bench:assistant — in-process retrieval benchmark of the assistant engine.
 *
 * Corpus: the 49 guide files + chunks cut from the national procedure records (steps / documents / fees), padded
 * with synthetic chunks (sentences recombined from records of the same field) up to 2,000 and 20,000 chunks.
 * Reports index build time and query latency (search + decision, warm) over the development questions repeated
 * to ≥ 1,000 queries. Goal: p95 ≤ 20 ms at 20,000 chunks on a 2-core machine.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, cpus } from 'node:os';
import { RetrievalIndex, type SourceDoc } from '../src/modules/assistant/engine/engine.ts';
import { SEED_LEXICON } from '../src/modules/assistant/engine/lexicon.ts';
import { decide } from '../src/modules/assistant/engine/decide.ts';
import { applySituation, SituationLayer } from '../src/modules/assistant/engine/situation.ts';
import { guideDoc, guidesByCode, loadGuideYaml, loadLifeEventYaml, loadNationalRecords, type IndexableProcedure } from '../src/modules/assistant/engine/sources.ts';

const root = join(import.meta.dirname, '..');
const guides = loadGuideYaml(join(root, 'content', 'guides'));
const records = await loadNationalRecords(join(root, 'src', 'modules', 'catalogue', 'seed', 'tthc-national.jsonl.gz'));
const byCode = guidesByCode(guides);
// the situation layer (life-event story cues) runs on every query, as in the service
const situations = new SituationLayer();
situations.set(loadLifeEventYaml(join(root, 'content', 'life-events')));
const questionsFile = join(root, 'src', 'modules', 'assistant', 'eval', 'assistant-dev.jsonl');
const baseQuestions = existsSync(questionsFile)
  ? readFileSync(questionsFile, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q)
  : ['đổi bằng lái xe', 'làm căn cước cho con', 'đăng ký khai sinh cần gì'];

// deterministic PRNG
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

function realChunks(recs: IndexableProcedure[]): SourceDoc[] {
  const out: SourceDoc[] = [];
  for (const r of recs)
    for (const [part, text] of [
      ['steps', r.stepsText],
      ['documents', r.documentsText],
      ['fees', r.feesText],
    ] as const) {
      if (!text) continue;
      out.push({ id: `record:${r.code}#${part}`, kind: 'record', ref: r.code, title: r.name, url: '', aliases: [], summary: r.field ?? '', body: text.slice(0, 2500), guides: byCode.get(r.code) ?? [] });
    }
  return out;
}

function synthetic(recs: IndexableProcedure[], n: number): SourceDoc[] {
  const byField = new Map<string, IndexableProcedure[]>();
  for (const r of recs) byField.set(r.field ?? '', [...(byField.get(r.field ?? '') ?? []), r]);
  const fields = [...byField.values()];
  const out: SourceDoc[] = [];
  for (let i = 0; i < n; i++) {
    const group = fields[Math.floor(rnd() * fields.length)]!;
    const pick = () => group[Math.floor(rnd() * group.length)]!;
    const a = pick();
    const sentences = [pick(), pick(), pick()].flatMap((r) => (r.stepsText ?? '').split(/(?<=[.;:])\s+/)).filter((s) => s.length > 20);
    const body = Array.from({ length: 8 }, () => sentences[Math.floor(rnd() * sentences.length)] ?? '').join(' ');
    out.push({ id: `synthetic:${i}`, kind: 'record', ref: `S${i}`, title: `${a.name} (${i})`, url: '', aliases: [], summary: a.field ?? '', body, guides: [] });
  }
  return out;
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const real = realChunks(records);
console.log(`assistant bench — ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log(`corpus: ${guides.length} guides, ${records.length} national records → ${real.length} real chunks`);
for (const size of [2000, 20000]) {
  const chunks = size <= real.length ? real.slice(0, size - guides.length) : [...real, ...synthetic(records, size - guides.length - real.length)];
  const index = new RetrievalIndex();
  index.setLexicon(SEED_LEXICON);
  const t0 = performance.now();
  for (const g of guides) index.upsert(guideDoc(g));
  for (const c of chunks) index.upsert(c);
  index.build();
  const buildMs = performance.now() - t0;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  // warm-up
  for (const q of baseQuestions.slice(0, 30)) decide(applySituation(index.search(q), situations.match(q)));
  const times: number[] = [];
  const rounds = Math.max(1, Math.ceil(1000 / baseQuestions.length));
  for (let r = 0; r < rounds; r++)
    for (const q of baseQuestions) {
      const s = performance.now();
      decide(applySituation(index.search(q), situations.match(q)));
      times.push(performance.now() - s);
    }
  times.sort((a, b) => a - b);
  console.log(
    `${String(index.size()).padStart(6)} chunks: build ${(buildMs / 1000).toFixed(2)} s, heap ${heapMb.toFixed(0)} MiB, ${times.length} queries: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(1)} ms`,
  );
}
