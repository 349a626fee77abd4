/**
 * Adapters from the content, feedback and catalogue shapes to retrieval documents, plus standalone loaders
 * (guide YAML files, the national records fixture) used by the engine tests, the benchmark and as a fallback
 * when the catalogue/content modules are not registered.
 */
import { readFileSync, readdirSync, createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import type { SourceDoc } from './engine.ts';
import type { LifeEventDoc } from './situation.ts';
import type { IndexableGuide as ContentIndexableGuide } from '../../content/index.ts';

/**
 * The shape the content module publishes for indexing (its own type); the standalone YAML loader below gives
 * `updatedAt` as text, hence the wider field.
 */
export type IndexableGuide = Omit<ContentIndexableGuide, 'updatedAt'> & { updatedAt: string | Date };

export interface IndexableProcedure {
  id?: string;
  code: string;
  name: string;
  field?: string | null;
  stepsText?: string | null;
  documentsText?: string | null;
  feesText?: string | null;
  url?: string | null;
}

export interface PublishedAnswer {
  code: string;
  question: string;
  answer: string;
  url: string;
  updatedAt?: string | Date;
}

export function guideDoc(g: IndexableGuide): SourceDoc {
  const s = g.sections;
  return {
    id: `guide:${g.slug}`,
    kind: 'guide',
    ref: g.slug,
    title: g.title,
    url: g.url,
    aliases: g.aliases,
    // "Câu hỏi thường gặp": the questions, in citizens' words, describe the guide like its summary; answers are body
    summary: [g.summary, s.who, ...(g.faq ?? []).map((x) => x.q)].join('\n'),
    body: [s.prepare.join('\n'), s.steps.join('\n'), s.fees, s.onlineDiscount ?? '', s.processingTime, s.checkStatus, s.commonMistakes.join('\n'), s.help, ...(g.faq ?? []).map((x) => x.a)].join('\n'),
    family: g.slug,
  };
}

export function answerDoc(a: PublishedAnswer): SourceDoc {
  return { id: `qa:${a.code}`, kind: 'qa', ref: a.code, title: a.question, url: a.url, aliases: [], summary: a.answer.slice(0, 600), body: a.answer };
}

export function recordDoc(p: IndexableProcedure, guidesByCode: Map<string, string[]>): SourceDoc {
  return {
    id: `record:${p.code}`,
    kind: 'record',
    ref: p.code,
    title: p.name,
    url: p.url ?? '',
    aliases: [],
    summary: p.field ?? '',
    body: [p.stepsText ?? '', p.documentsText ?? '', p.feesText ?? ''].join('\n'),
    guides: guidesByCode.get(p.code) ?? [],
  };
}

export function guidesByCode(guides: IndexableGuide[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const g of guides) for (const c of g.procedureCodes) m.set(c, [...(m.get(c) ?? []), g.slug]);
  return m;
}

/** The fields of a content/guides/*.yaml file this reader uses (the file is not validated here). */
interface GuideYaml {
  slug: string;
  title: string;
  summary?: string;
  aliases?: unknown;
  topic?: string;
  faq?: unknown;
  procedureCodes?: unknown[];
  who?: string;
  prepare?: unknown;
  steps?: unknown;
  fees?: string;
  onlineDiscount?: string | null;
  processingTime?: string;
  checkStatus?: string;
  commonMistakes?: unknown;
  help?: string;
}

/** Read content/guides/*.yaml into the IndexableGuide shape (standalone engine tests and bench). */
export function loadGuideYaml(dir: string): IndexableGuide[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const y = parseYaml(readFileSync(join(dir, f), 'utf8')) as GuideYaml;
      const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x: unknown) => (typeof x === 'string' ? x : String((x as { text?: unknown } | null)?.text ?? ''))) : []);
      return {
        slug: y.slug,
        title: y.title,
        summary: y.summary ?? '',
        aliases: list(y.aliases),
        topic: y.topic ?? 'khac',
        procedureCodes: (y.procedureCodes ?? []).map(String),
        sections: {
          who: y.who ?? '',
          prepare: list(y.prepare),
          steps: list(y.steps),
          fees: y.fees ?? '',
          onlineDiscount: y.onlineDiscount ?? null,
          processingTime: y.processingTime ?? '',
          checkStatus: y.checkStatus ?? '',
          commonMistakes: list(y.commonMistakes),
          help: y.help ?? '',
        },
        faq: Array.isArray(y.faq) ? (y.faq as Array<{ q?: unknown; a?: unknown }>).map((x) => ({ q: String(x?.q ?? ''), a: String(x?.a ?? '') })).filter((x) => x.q && x.a) : [],
        url: `/huong-dan/${y.slug}`,
        updatedAt: new Date(0).toISOString(),
      } satisfies IndexableGuide;
    });
}

/** Read content/life-events/*.yaml into the situation layer's shape (standalone tests and bench). */
export function loadLifeEventYaml(dir: string): LifeEventDoc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const y = parseYaml(readFileSync(join(dir, f), 'utf8')) as { slug: string; title: string; cues?: unknown[]; stages?: Array<{ guides?: unknown[] }> };
      const guides: string[] = [];
      for (const s of y.stages ?? []) for (const g of s.guides ?? []) if (!guides.includes(String(g))) guides.push(String(g));
      return { slug: y.slug, title: y.title, url: `/su-kien/${y.slug}`, cues: (y.cues ?? []).map(String), guides };
    });
}

/** Stream the national procedure records fixture (gzipped JSON lines). */
export async function loadNationalRecords(file: string): Promise<IndexableProcedure[]> {
  if (!existsSync(file)) return [];
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const out: IndexableProcedure[] = [];
  for await (const line of rl) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, string>;
    out.push({
      code: r.ma_thu_tuc!,
      name: r.ten_thu_tuc ?? '',
      field: r.linh_vuc ?? '',
      stepsText: r.trinh_tu_thuc_hien ?? '',
      documentsText: r.thanh_phan_ho_so ?? '',
      feesText: r.cach_thuc_thuc_hien ?? '',
      url: r.detail_url ?? '',
    });
  }
  return out;
}
