/**
 * In-process BM25F retrieval over approved content (guides, published Q&A) and national procedure records.
 * Hand-written rather than MiniSearch so that scores, per-field coverage and the record→guide link are
 * available to the confidence model (see decide.ts). Pure TypeScript, no I/O.
 */
import { accentedTerms, bigram, docTerms, edits1, fold, isStop, syllables, termsOf, type Syllable } from './text.ts';
import type { LexiconEntry } from './lexicon.ts';

export type DocKind = 'guide' | 'qa' | 'record';

export interface SourceDoc {
  /** unique id: guide:<slug>, qa:<code>, record:<code> */
  id: string;
  kind: DocKind;
  /** slug for guides, code for Q&A and records */
  ref: string;
  title: string;
  url: string;
  /** title-like text: aliases, Q&A question paraphrases */
  aliases: string[];
  /** summary / who: short descriptive text */
  summary: string;
  /** steps, documents, fees … */
  body: string;
  /** guide slugs a record or Q&A item belongs to (national records link to guides by procedure code) */
  guides?: string[];
  /** procedure family for the ambiguity test (defaults to the id) */
  family?: string;
}

type Field = 'title' | 'alias' | 'summary' | 'body' | 'acc';
const FIELDS: Field[] = ['title', 'alias', 'summary', 'body', 'acc'];
const WEIGHT: Record<Field, number> = { title: 4, alias: 3, summary: 1.5, body: 0.5, acc: 0.6 };
const B: Record<Field, number> = { title: 0.5, alias: 0.25, summary: 0.6, body: 0.75, acc: 0.3 };
const K1 = 1.2;
const BODY_LIMIT = 6000;

interface IndexedDoc {
  src: SourceDoc;
  /** title and aliases as folded, space-padded syllable strings (for whole-phrase matches) */
  phrases: string[];
  /** folded unigram set of title+aliases (for coverage) */
  titleSet: Set<string>;
  /** folded unigram + bigram set of everything */
  allSet: Set<string>;
}

interface Prepared {
  src: SourceDoc;
  fields: Record<Field, Map<string, number>>;
  lens: Record<Field, number>;
  titleSet: Set<string>;
  allSet: Set<string>;
}

function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Tokenise a source document once; cached so the index can be rebuilt quickly. */
export function prepareDoc(src: SourceDoc): Prepared {
  const aliasTerms = src.aliases.flatMap((a) => docTerms(a));
  const titleTerms = docTerms(src.title);
  const body = src.body.length > BODY_LIMIT ? src.body.slice(0, BODY_LIMIT) : src.body;
  const sumSyl = syllables(src.summary);
  const bodySyl = syllables(body);
  const f: Record<Field, string[]> = {
    title: titleTerms,
    alias: aliasTerms,
    summary: termsOf(sumSyl),
    body: termsOf(bodySyl),
    acc: [src.title, ...src.aliases].flatMap((a) => accentedTerms(a)),
  };
  const accSet = new Set<string>(f.acc);
  for (const s of sumSyl) if (s.marked) accSet.add(`~${s.acc}`);
  for (const s of bodySyl) if (s.marked) accSet.add(`~${s.acc}`);
  const fields = {} as Record<Field, Map<string, number>>;
  const lens = {} as Record<Field, number>;
  for (const k of FIELDS) {
    fields[k] = counts(f[k]);
    lens[k] = f[k].length;
  }
  const titleSet = new Set([...titleTerms, ...aliasTerms]);
  // records only need their title set (coverage of an uncovered procedure); guides and Q&A keep everything
  const allSet = src.kind === 'record' ? titleSet : new Set([...titleSet, ...fields.summary.keys(), ...fields.body.keys(), ...accSet]);
  for (const t of f.acc) titleSet.add(t);
  return { src, fields, lens, titleSet, allSet };
}

export interface QueryTerm {
  term: string;
  weight: number;
  /** concept group index (coverage is counted per group) */
  group: number;
}

export interface ParsedQuery {
  syllables: Syllable[];
  terms: QueryTerm[];
  /** groups of alternative terms standing for one user word/phrase; informative ones only */
  groups: { members: string[]; stop: boolean }[];
  accented: boolean;
  corrections: Record<string, string>;
}

export interface Hit {
  doc: SourceDoc;
  score: number;
}

export interface GuideCandidate {
  ref: string;
  kind: 'guide' | 'qa';
  doc: SourceDoc;
  score: number;
  /** own BM25F score */
  own: number;
  /** best linked national record score */
  viaRecord: number;
  /** idf-weighted share of the question's concept groups present in title/aliases */
  titleCoverage: number;
  /** same over every field of the item and its linked records' titles */
  coverage: number;
  /** share of the question's bigrams found in the item */
  bigramCoverage: number;
  /** syllable length of the longest title/alias phrase found whole in the question */
  phraseMatch: number;
  /** idf share of the question's rarest content word(s) that the item covers (1 = the rarest word is covered) */
  rareCoverage: number;
}

export interface SearchResult {
  query: ParsedQuery;
  candidates: GuideCandidate[];
  /** best national record not linked to any guide, with its title coverage */
  unlinkedRecord: (Hit & { titleCoverage: number }) | null;
  /** idf-weighted share of the question's concept groups found in no guide/Q&A item (only in records or nowhere) */
  outsideGuides: number;
  /** score of the query against itself: Σ weight·idf over matched terms (normaliser) */
  selfScore: number;
  topRecords: Hit[];
}

type PostingList = { doc: Int32Array; val: Float32Array };

/**
 * Postings in two parts: the national records' (rebuilt only when the records change) and the guides' and Q&A's
 * (rebuilt on every publish). A term's list is the two joined, in document order, merged once when first asked.
 */
class SplitPostings {
  private merged = new Map<string, PostingList>();
  constructor(
    private readonly base: Map<string, PostingList>,
    private readonly extra: Map<string, PostingList>,
  ) {}
  get(t: string): PostingList | undefined {
    const a = this.base.get(t);
    const b = this.extra.get(t);
    if (!a || !b) return a ?? b;
    let m = this.merged.get(t);
    if (!m) {
      const doc = new Int32Array(a.doc.length + b.doc.length);
      doc.set(a.doc);
      doc.set(b.doc, a.doc.length);
      const val = new Float32Array(a.val.length + b.val.length);
      val.set(a.val);
      val.set(b.val, a.val.length);
      this.merged.set(t, (m = { doc, val }));
    }
    return m;
  }
  df(t: string): number {
    return (this.base.get(t)?.doc.length ?? 0) + (this.extra.get(t)?.doc.length ?? 0);
  }
  has(t: string): boolean {
    return this.base.has(t) || this.extra.has(t);
  }
}

export class RetrievalIndex {
  private prepared = new Map<string, Prepared>();
  private docs: IndexedDoc[] = [];
  private postings = new SplitPostings(new Map(), new Map());
  private lexicon = new Map<string, { tokens: string[]; expansion: string[]; weight: number }[]>();
  private n = 0;
  private dirty = true;
  /** guide slug → record docs linking to it */
  private linked = new Map<string, number[]>();
  private byId = new Map<string, number>();
  /** every folded term of guides and Q&A items (approved content vocabulary) */
  private contentVocab = new Set<string>();
  version = 0;
  /** Average field lengths of the last full build, and each document's BM25 contributions computed with them. */
  private avg: Record<Field, number> | undefined;
  private contrib = new WeakMap<Prepared, { avg: Record<Field, number>; terms: string[]; vals: number[] }>();
  /** The records' postings (positions 0…R-1), kept while the records and the averages stay the same. */
  private recordPostings: { avg: Record<Field, number>; preps: Prepared[]; postings: Map<string, PostingList> } | undefined;

  setLexicon(entries: LexiconEntry[]) {
    this.lexicon.clear();
    for (const e of entries) {
      const tokens = syllables(e.term).map((s) => s.fold);
      if (!tokens.length) continue;
      const expansion = syllables(e.expansion).map((s) => s.fold);
      const list = this.lexicon.get(tokens[0]!) ?? [];
      list.push({ tokens, expansion, weight: Math.max(0.1, Math.min(1, e.weight)) });
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      this.lexicon.set(tokens[0]!, list);
    }
  }

  upsert(src: SourceDoc) {
    this.prepared.set(src.id, prepareDoc(src));
    this.dirty = true;
  }

  remove(id: string) {
    if (this.prepared.delete(id)) this.dirty = true;
  }

  /** Replace every document of one kind (e.g. all guides after a publish). */
  replaceKind(kind: DocKind, docs: SourceDoc[]) {
    for (const [id, p] of this.prepared) if (p.src.kind === kind) this.prepared.delete(id);
    for (const d of docs) this.upsert(d);
    this.dirty = true;
  }

  size() {
    return this.prepared.size;
  }

  /** Re-point national records to the guides that now cover their procedure codes. */
  relinkRecords(guidesByCode: Map<string, string[]>) {
    for (const p of this.prepared.values()) if (p.src.kind === 'record') p.src.guides = guidesByCode.get(p.src.ref) ?? [];
    this.dirty = true;
  }

  /** Build now if documents changed since the last build. */
  ensureBuilt() {
    if (this.dirty) this.build();
  }

  has(id: string) {
    return this.prepared.has(id);
  }

  /**
   * (Re)build postings from the prepared documents. `reuseAverages` keeps the average field lengths of the last
   * full build, so every unchanged document's BM25 contributions come from a cache and only new or changed
   * documents are scored again: a publish re-indexes in a fraction of a full build (the records, the bulk of
   * the corpus, do not change). The averages drift by a few documents out of thousands until the next full build.
   */
  build(opts: { reuseAverages?: boolean } = {}) {
    const all = [...this.prepared.values()];
    // Records first, then guides and Q&A: the records' postings are then a prefix that can be kept as is.
    const records = all.filter((p) => p.src.kind === 'record');
    const preps = [...records, ...all.filter((p) => p.src.kind !== 'record')];
    const n = preps.length;
    let avg = opts.reuseAverages ? this.avg : undefined;
    if (!avg) {
      avg = {} as Record<Field, number>;
      for (const f of FIELDS) avg[f] = Math.max(1, preps.reduce((s, p) => s + p.lens[f], 0) / Math.max(1, n));
      this.avg = avg;
    }
    const contributions = (p: Prepared) => {
      let c = this.contrib.get(p);
      if (!c || c.avg !== avg) {
        const tf = new Map<string, number>();
        for (const f of FIELDS) {
          const norm = 1 - B[f] + (B[f] * p.lens[f]) / avg[f];
          for (const [t, cnt] of p.fields[f]) tf.set(t, (tf.get(t) ?? 0) + (WEIGHT[f] * cnt) / norm);
        }
        c = { avg, terms: [...tf.keys()], vals: [...tf.values()].map((v) => (v * (K1 + 1)) / (v + K1)) };
        this.contrib.set(p, c);
      }
      return c;
    };
    const collect = (list: Prepared[], offset: number) => {
      const tmp = new Map<string, { doc: number[]; val: number[] }>();
      list.forEach((p, j) => {
        const c = contributions(p);
        for (let k = 0; k < c.terms.length; k++) {
          const t = c.terms[k]!;
          let post = tmp.get(t);
          if (!post) tmp.set(t, (post = { doc: [], val: [] }));
          post.doc.push(offset + j);
          post.val.push(c.vals[k]!);
        }
      });
      return tmp;
    };
    const base = this.recordPostings;
    if (!base || base.avg !== avg || base.preps.length !== records.length || base.preps.some((p, i) => p !== records[i])) {
      const postings = new Map<string, PostingList>();
      for (const [t, p] of collect(records, 0)) postings.set(t, { doc: Int32Array.from(p.doc), val: Float32Array.from(p.val) });
      this.recordPostings = { avg, preps: records, postings };
    }
    const extra = new Map<string, PostingList>();
    for (const [t, p] of collect(preps.slice(records.length), records.length)) extra.set(t, { doc: Int32Array.from(p.doc), val: Float32Array.from(p.val) });
    this.postings = new SplitPostings(this.recordPostings!.postings, extra);
    this.docs = [];
    this.byId.clear();
    this.linked.clear();
    preps.forEach((p, i) => {
      const phrases = p.src.kind === 'record' ? [] : [p.src.title, ...p.src.aliases].map((a) => ` ${syllables(a).map((x) => x.fold).join(' ')} `);
      this.docs.push({ src: p.src, phrases, titleSet: p.titleSet, allSet: p.allSet });
      this.byId.set(p.src.id, i);
      if (p.src.kind === 'record') for (const g of p.src.guides ?? []) this.linked.set(g, [...(this.linked.get(g) ?? []), i]);
    });
    this.contentVocab = new Set();
    for (const d of this.docs) if (d.src.kind !== 'record') for (const t of d.allSet) this.contentVocab.add(t);
    this.n = n;
    this.dirty = false;
    this.version++;
  }

  idf(term: string): number {
    const df = this.postings.df(term);
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** Most likely known syllable within one edit: first by how often it forms a bigram with the neighbours. */
  private correct(word: string, prev?: string, next?: string): string | null {
    if (word.length < 3 || /\d/.test(word) || this.postings.has(word)) return null;
    let best: string | null = null;
    let bestKey = [0, 0];
    for (const c of edits1(word)) {
      const df = this.postings.df(c);
      if (!df) continue;
      const ctx = (prev ? this.postings.df(bigram(prev, c)) : 0) + (next ? this.postings.df(bigram(c, next)) : 0);
      if (ctx > bestKey[0]! || (ctx === bestKey[0] && df > bestKey[1]!)) {
        best = c;
        bestKey = [ctx, df];
      }
    }
    return best;
  }

  /**
   * A short search query spelled the way the documents spell it, for plain keyword search elsewhere (the
   * catalogue): chat shorthand from the lexicon spelled out ("dk" → "dang ky"; only short expansions, not
   * synonym lists) and one-edit typos corrected against the indexed vocabulary. Folded, space-separated.
   */
  rewrite(question: string): { text: string; corrections: Record<string, string> } {
    if (this.dirty) this.build();
    const syl = syllables(question).slice(0, 40);
    const out: string[] = [];
    const corrections: Record<string, string> = {};
    for (let i = 0; i < syl.length; i++) {
      const f = syl[i]!.fold;
      const entry = (this.lexicon.get(f) ?? []).find((e) => e.expansion.length <= 3 && e.tokens.every((t, j) => syl[i + j]?.fold === t));
      if (entry) {
        out.push(...entry.expansion);
        i += entry.tokens.length - 1;
        continue;
      }
      const c = this.postings.has(f) ? null : this.correct(f, syl[i - 1]?.fold, syl[i + 1]?.fold);
      if (c) corrections[f] = c;
      out.push(c ?? f);
    }
    return { text: out.join(' '), corrections };
  }

  parse(question: string): ParsedQuery {
    if (this.dirty) this.build();
    const syl = syllables(question).slice(0, 120);
    const corrections: Record<string, string> = {};
    // typo tolerance: unknown folded syllables → most frequent known syllable within one edit
    const words = syl.map((s, i) => {
      if (this.postings.has(s.fold) || this.lexicon.has(s.fold)) return s;
      const c = this.correct(s.fold, syl[i - 1]?.fold, syl[i + 1]?.fold);
      if (!c) return s;
      corrections[s.fold] = c;
      return { acc: c, fold: c, marked: false };
    });
    const terms: QueryTerm[] = [];
    const groups: ParsedQuery['groups'] = [];
    const add = (term: string, weight: number, group: number) => {
      const ex = terms.find((t) => t.term === term);
      if (ex) ex.weight = Math.max(ex.weight, weight);
      else terms.push({ term, weight, group });
    };
    const groupOf: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const stop = isStop(w);
      groupOf[i] = groups.length;
      groups.push({ members: [w.marked ? `~${w.acc}` : w.fold], stop });
      add(w.fold, stop ? 0.15 : 1, groupOf[i]!);
      if (w.marked && !stop) add(`~${w.acc}`, 1, groupOf[i]!);
    }
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i]!;
      const b = words[i + 1]!;
      const bothStop = isStop(a) && isStop(b);
      add(bigram(a.fold, b.fold), bothStop ? 0.1 : 1, groupOf[i]!);
    }
    // lexicon: longest phrase first; expansions join the group of the phrase's first word
    for (let i = 0; i < words.length; i++) {
      for (const entry of this.lexicon.get(words[i]!.fold) ?? []) {
        const k = entry.tokens.length;
        if (entry.tokens.every((t, j) => words[i + j]?.fold === t)) {
          const g = groupOf[i]!;
          // the phrase's words become one concept group
          for (let j = 1; j < k; j++) {
            groups[g]!.members.push(...groups[groupOf[i + j]!]!.members);
            groups[groupOf[i + j]!]!.members = [];
          }
          groups[g]!.stop = false;
          const ex = entry.expansion;
          for (let j = 0; j < ex.length; j++) {
            add(ex[j]!, entry.weight * 0.8, g);
            groups[g]!.members.push(ex[j]!);
            if (j + 1 < ex.length) {
              add(bigram(ex[j]!, ex[j + 1]!), entry.weight, g);
              groups[g]!.members.push(bigram(ex[j]!, ex[j + 1]!));
            }
          }
          break;
        }
      }
    }
    return { syllables: syl, terms, groups: groups.filter((g) => g.members.length), accented: syl.some((s) => s.marked), corrections };
  }

  search(question: string, opts: { limit?: number } = {}): SearchResult {
    const query = this.parse(question);
    const scores = new Float64Array(this.n);
    let selfScore = 0;
    for (const qt of query.terms) {
      const p = this.postings.get(qt.term);
      if (!p) continue;
      const idf = this.idf(qt.term);
      // terms in most documents carry almost no evidence and cost the most: skip them
      if (idf < 0.3 && this.n > 1000) continue;
      const w = qt.weight * idf;
      selfScore += w * ((4 * (K1 + 1)) / (4 + K1));
      for (let i = 0; i < p.doc.length; i++) { const d = p.doc[i]!; scores[d] = scores[d]! + w * p.val[i]!; }
    }
    // one pass over the scored documents (no full sort): guides keep their own score, national records lend
    // theirs to the guides that cover them, the best uncovered record is remembered
    const topRecords: Hit[] = [];
    let unlinkedRecord: (Hit & { titleCoverage: number }) | null = null;
    const guideScore = new Map<string, { own: number; viaRecord: number; idx: number }>();
    let recordFloor = 0;
    for (let i = 0; i < this.n; i++) {
      const sc = scores[i]!;
      if (sc <= 0) continue;
      const d = this.docs[i]!.src;
      if (d.kind === 'record') {
        if (topRecords.length < 10 || sc > recordFloor) {
          topRecords.push({ doc: d, score: sc });
          if (topRecords.length > 10) {
            topRecords.sort((a, b) => b.score - a.score);
            topRecords.length = 10;
          }
          recordFloor = topRecords.length === 10 ? Math.min(...topRecords.map((h) => h.score)) : 0;
        }
        if (!d.guides?.length) {
          if (!unlinkedRecord || sc > unlinkedRecord.score) unlinkedRecord = { doc: d, score: sc, titleCoverage: 0 };
        } else
          for (const g of d.guides) {
            const id = `guide:${g}`;
            const gi = this.byId.get(id);
            if (gi === undefined) continue;
            const cur = guideScore.get(id) ?? { own: scores[gi]!, viaRecord: 0, idx: gi };
            if (sc > cur.viaRecord) cur.viaRecord = sc;
            guideScore.set(id, cur);
          }
      } else if (!guideScore.has(d.id)) guideScore.set(d.id, { own: sc, viaRecord: 0, idx: i });
    }
    topRecords.sort((a, b) => b.score - a.score);
    const informative = query.groups.filter((g) => !g.stop);
    if (unlinkedRecord) {
      const rd = this.docs[this.byId.get(unlinkedRecord.doc.id)!]!;
      unlinkedRecord.titleCoverage = this.coverage(informative, (t) => rd.titleSet.has(t));
    }
    const candidates: GuideCandidate[] = [];
    for (const [, g] of guideScore) {
      const doc = this.docs[g.idx]!;
      const recTitles = new Set<string>();
      for (const ri of this.linked.get(doc.src.ref) ?? []) for (const t of this.docs[ri]!.titleSet) recTitles.add(t);
      candidates.push({
        ref: doc.src.ref,
        kind: doc.src.kind as 'guide' | 'qa',
        doc: doc.src,
        own: g.own,
        viaRecord: g.viaRecord,
        score: g.own + 0.35 * g.viaRecord,
        titleCoverage: this.coverage(informative, (t) => doc.titleSet.has(t)),
        coverage: this.coverage(informative, (t) => doc.allSet.has(t) || recTitles.has(t)),
        bigramCoverage: 0,
        phraseMatch: 0,
        rareCoverage: 0,
      });
    }
    candidates.sort((a, b) => b.score - a.score);
    // a curated title/alias phrase found whole in the question is strong evidence: small rank boost
    // the two rarest content words of the question (by idf); words in no document at all are left out
    const rare = informative
      .filter((g) => g.members.some((m) => this.postings.has(m)))
      .map((g) => ({ g, idf: Math.max(...g.members.map((m) => (this.postings.has(m) ? this.idf(m) : 0))) }))
      .sort((a, b) => b.idf - a.idf)
      .slice(0, 2)
      .map((x) => x.g);
    const qString = ` ${query.syllables.map((x) => x.fold).join(' ')} `;
    for (const c of candidates.slice(0, 20)) {
      const doc = this.docs[this.byId.get(c.doc.id)!]!;
      for (const ph of doc.phrases) if (ph.length > 2 && qString.includes(ph)) c.phraseMatch = Math.max(c.phraseMatch, ph.trim().split(' ').length);
      if (c.phraseMatch >= 2) c.score *= 1 + 0.08 * Math.min(3, c.phraseMatch - 1);
    }
    candidates.sort((a, b) => b.score - a.score);
    const top = candidates.slice(0, opts.limit ?? 10);
    const qBigrams = query.terms.filter((t) => t.term.includes('_') && t.weight >= 0.5).map((t) => t.term);
    for (const c of top) {
      const doc = this.docs[this.byId.get(c.doc.id)!]!;
      c.bigramCoverage = qBigrams.length ? qBigrams.filter((b) => doc.allSet.has(b)).length / qBigrams.length : 0;
      const recTitles = new Set<string>();
      for (const ri of this.linked.get(doc.src.ref) ?? []) for (const t of this.docs[ri]!.titleSet) recTitles.add(t);
      c.rareCoverage = this.coverage(rare, (t) => doc.allSet.has(t) || recTitles.has(t));
    }
    const outsideGuides = 1 - this.coverage(informative, (t) => this.contentVocab.has(t));
    return { query, candidates: top, unlinkedRecord, selfScore, topRecords, outsideGuides };
  }

  private coverage(groups: ParsedQuery['groups'], has: (t: string) => boolean): number {
    let tot = 0;
    let got = 0;
    for (const g of groups) {
      const w = Math.max(...g.members.map((m) => Math.min(this.idf(m), 8)), 0.5);
      tot += w;
      if (g.members.some(has)) got += w;
    }
    return tot ? got / tot : 0;
  }
}

export { fold };
