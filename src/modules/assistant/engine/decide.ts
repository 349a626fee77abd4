/**
 * Confidence and decision: raw BM25 always returns something, so the decision uses calibrated signals —
 * coverage of the question by the item's title/aliases, coverage by the whole item, shared bigrams, the score
 * normalised by the query's self-score, the margin to the next procedure family, and whether a national
 * procedure that no guide covers fits the question better.
 */
import type { GuideCandidate, SearchResult } from './engine.ts';
import { syllables } from './text.ts';
import type { SituatedResult } from './situation.ts';

export interface Decision {
  action: 'answer' | 'clarify' | 'handoff';
  confidence: number;
  /** ranked items: the cited item first for answer, the options for clarify */
  ranked: GuideCandidate[];
  reason: 'confident' | 'ambiguous' | 'low_confidence' | 'not_covered' | 'no_match';
  features: Record<string, number>;
}

/**
 * Chosen by cross-validated calibration (`npm run eval:assistant -- --calibrate`, 5 folds over both development sets):
 * the grid point picked on the training folds in 4 of 5 folds; held-out R@1 0.858 → 0.893, R@3 0.903 → 0.958,
 * confidently wrong 0.6 % both, abstention F1 0.720 → 0.739 (eval/README.md).
 */
export const THRESHOLDS = { answer: 0.48, answerLow: 0.34, clarify: 0.16, margin: 0.24, siblingMargin: 0.3, marginLow: 0.35, optionRatio: 0.6, situation: 0.15 };
export type Thresholds = typeof THRESHOLDS;

export function features(r: SearchResult & SituatedResult, th: Thresholds = THRESHOLDS) {
  const [a, b] = r.candidates;
  if (!a) return null;
  const norm = r.selfScore > 0 ? Math.min(1, a.score / r.selfScore) : 0;
  const margin = b ? (a.score - b.score) / a.score : 1;
  const ur = r.unlinkedRecord;
  const urRatio = ur ? ur.score / a.score : 0;
  const uncovered = ur ? Math.max(0, ur.titleCoverage - a.titleCoverage) * Math.min(1.5, urRatio) : 0;
  // a curated alias/title phrase found whole in the question (any of the top 3): the topic is covered, even
  // when the wording around it is long or off-topic — enough to offer options rather than hand over
  const best = Math.max(0, ...r.candidates.slice(0, 3).map((c) => c.phraseMatch));
  const phrase = best >= 2 ? Math.min(1, (best - 1) / 2) : 0;
  const base = 0.35 * a.titleCoverage + 0.25 * a.coverage + 0.25 * a.bigramCoverage + 0.15 * norm;
  // a story whose life event leads to the top guide (situation layer) adds what its words alone do not show
  const situation = r.situation ?? 0;
  const confidence = Math.max(0, Math.min(1, base + th.situation * situation - 0.6 * uncovered));
  return { situation, rare: a.rareCoverage, phrase, outside: r.outsideGuides, titleCoverage: a.titleCoverage, coverage: a.coverage, bigramCoverage: a.bigramCoverage, norm, margin, urRatio, uncovered, base, confidence };
}

/** Sibling procedures (cấp đổi / cấp lại, khai sinh / liên thông khai sinh): titles share two or more bigrams. */
export function siblings(a: GuideCandidate, b: GuideCandidate): boolean {
  const bg = (t: string) => {
    const w = syllables(t).map((s) => s.fold);
    return new Set(w.slice(1).map((x, i) => `${w[i]}_${x}`));
  };
  const A = bg(a.doc.title);
  let shared = 0;
  for (const x of bg(b.doc.title)) if (A.has(x)) shared++;
  return shared >= 2;
}

/** `th` lets the evaluation's cross-validated calibration try other thresholds; the service uses the defaults. */
export function decide(r: SearchResult & SituatedResult, th: Thresholds = THRESHOLDS): Decision {
  const f = features(r, th);
  if (!f) return { action: 'handoff', confidence: 0, ranked: [], reason: 'no_match', features: {} };
  const top = r.candidates[0]!;
  const close = r.candidates.filter((c) => c.score >= top.score * th.optionRatio).slice(0, 3);
  const options = close.length >= 2 ? close : r.candidates.slice(0, 2);
  const conf = Number(f.confidence.toFixed(3));
  // a national procedure that no guide covers fits the question clearly better: say so, offer a human
  if (f.uncovered > 0.1 && f.urRatio >= 0.8 && (r.unlinkedRecord?.titleCoverage ?? 0) >= 0.5) return { action: 'handoff', confidence: conf, ranked: r.candidates, reason: 'not_covered', features: f };
  // a short question that several items cover completely ("giấy phép", "bảo hiểm") does not say which one
  const informative = r.query.groups.filter((g) => !g.stop).length;
  const fullyCovered = r.candidates.slice(0, 3).filter((c) => c.titleCoverage >= 0.99 && c.score >= top.score * th.optionRatio).length;
  const second = r.candidates[1];
  // siblings: the top one must also match the question's words better in its title/aliases, or lead clearly
  const needed =
    second && siblings(top, second) && top.titleCoverage <= second.titleCoverage + 0.05 ? th.siblingMargin : th.margin;
  const clear = (f.margin >= needed || r.candidates.length < 2) && !(informative <= 2 && fullyCovered >= 2);
  if ((conf >= th.answer && clear) || (conf >= th.answerLow && f.titleCoverage >= 0.5 && f.margin >= Math.max(needed, th.marginLow)))
    return { action: 'answer', confidence: conf, ranked: r.candidates, reason: 'confident', features: f };
  if (conf + 0.12 * f.phrase >= th.clarify && options.length >= 2) return { action: 'clarify', confidence: conf, ranked: options, reason: 'ambiguous', features: f };
  if (conf >= th.answer) return { action: 'answer', confidence: conf, ranked: r.candidates, reason: 'confident', features: f };
  return { action: 'handoff', confidence: conf, ranked: r.candidates, reason: 'low_confidence', features: f };
}
