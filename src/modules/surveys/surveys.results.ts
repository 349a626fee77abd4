/**
 * A round's published figures, computed from its strata and responses: the weighted share satisfied overall
 * and by agency, field group and channel, per stratum (with response rates and weights), and per question
 * option; every figure with n, its 95 % interval and, when hidden, the reason.
 */
import type { Question } from './surveys.instruments.ts';
import { matrixKey } from './surveys.instruments.ts';
import { DEFAULT_RULES, estimateShare, suppress, weights, type StratumTally, type SuppressionReason, type SuppressionRules } from './surveys.stats.ts';

export interface Figure {
  key: string;
  label: string;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
  suppressed: boolean;
  reason?: SuppressionReason;
}

export interface StratumFigure extends Figure {
  agency: string;
  fieldGroup: string;
  channel: string;
  N: number;
  invited: number;
  responseRate: number | null;
  weight: number | null;
}

export interface QuestionFigures {
  id: string;
  text: string;
  type: string;
  n: number;
  options: Figure[];
}

export interface Results {
  surveyId: string;
  method: {
    kind: 'stratified' | 'self-selected';
    estimator: string;
    seed: string | null;
    design: unknown;
    rules: SuppressionRules;
    satisfiedMeans: string;
  };
  overall: Figure & { unweighted: number | null; coverage: number; invited: number; responseRate: number | null };
  byAgency: Figure[];
  byFieldGroup: Figure[];
  byChannel: Figure[];
  strata: StratumFigure[];
  questions: QuestionFigures[];
  modes: Record<string, number>;
}

/** A self-selected (open-link) survey is one pseudo-stratum without a finite-population correction. */
const OPEN_N = 1e12;

interface StratumInfo {
  key: string;
  agency: string;
  fieldGroup: string;
  channel: string;
  N: number;
  n: number;
}

interface Resp {
  stratum: string | null;
  mode: string;
  answers: Record<string, unknown>;
}

function figure(key: string, label: string, tallies: StratumTally[]): Figure {
  const e = estimateShare(tallies);
  return { key, label, estimate: e.estimate, ciLow: e.ciLow, ciHigh: e.ciHigh, n: e.n, suppressed: false };
}

function applySuppression<T extends Figure>(cells: T[], rules: SuppressionRules, grouped = true): T[] {
  const out = suppress(cells, grouped ? [cells.map((c) => c.key)] : [], rules);
  return cells.map((c, i) => {
    const s = out[i]!;
    // A hidden figure's numbers do not leave the server.
    return s.suppressed ? { ...c, estimate: null, ciLow: null, ciHigh: null, suppressed: true, reason: s.reason } : c;
  });
}

export function computeResults(input: {
  surveyId: string;
  access: 'invitation' | 'public';
  questions: Question[];
  strata: StratumInfo[];
  responses: Resp[];
  seed: string | null;
  design: unknown;
  locale: 'vi' | 'en';
  labels: { fieldGroup: (g: string) => string; channel: (c: string) => string; overall: string };
  rules?: SuppressionRules;
}): Results {
  const rules = input.rules ?? DEFAULT_RULES;
  const sampled = input.access === 'invitation';
  const strata: StratumInfo[] = sampled ? input.strata : [{ key: 'open', agency: '', fieldGroup: '', channel: '', N: OPEN_N, n: input.responses.length }];
  const respOf = (r: Resp) => (sampled ? r.stratum : 'open');
  const sat = input.questions.find((q) => q.satisfaction);

  /** Per-stratum tallies of an indicator among respondents who answered `answered`. */
  const tallies = (subset: StratumInfo[], answered: (a: Record<string, unknown>) => boolean, yes: (a: Record<string, unknown>) => boolean): StratumTally[] =>
    subset.map((s) => {
      const rs = input.responses.filter((r) => respOf(r) === s.key && answered(r.answers));
      return { key: s.key, N: s.N, n: sampled ? s.n : rs.length, r: rs.length, y: rs.filter((r) => yes(r.answers)).length };
    });
  const satAnswered = (a: Record<string, unknown>) => (sat ? typeof a[sat.id] === 'number' : false);
  const satYes = (a: Record<string, unknown>) => (sat ? Number(a[sat.id]) >= 4 : false);

  const all = tallies(strata, satAnswered, satYes);
  const overallEst = estimateShare(all);
  const invited = strata.reduce((s, x) => s + x.n, 0);
  const [overallFig] = applySuppression([figure('overall', input.labels.overall, all)], rules, false);

  const dimension = (pick: (s: StratumInfo) => string, label: (v: string) => string): Figure[] => {
    if (!sampled) return [];
    const values = [...new Set(strata.map(pick))].sort();
    return applySuppression(
      values.map((v) => figure(v, label(v), tallies(strata.filter((s) => pick(s) === v), satAnswered, satYes))),
      rules,
    );
  };

  const strataFigs: StratumFigure[] = sampled
    ? applySuppression(
        strata.map((s) => {
          const t = tallies([s], satAnswered, satYes)[0]!;
          const w = weights(t);
          return {
            ...figure(s.key, `${s.agency} · ${input.labels.fieldGroup(s.fieldGroup)} · ${input.labels.channel(s.channel)}`, [t]),
            agency: s.agency,
            fieldGroup: s.fieldGroup,
            channel: s.channel,
            N: s.N,
            invited: s.n,
            responseRate: w.responseRate,
            weight: w.adjusted,
          };
        }),
        rules,
      )
    : [];

  const questions: QuestionFigures[] = [];
  for (const q of input.questions) {
    if (q.type === 'short' || q.type === 'long' || q.type === 'number') continue;
    if (q.type === 'matrix') {
      // Each row: share answering 4–5.
      const rows = (q.options ?? []).map((row) => {
        const key = matrixKey(q, row.id);
        return figure(row.id, row.text[input.locale], tallies(strata, (a) => typeof a[key] === 'number', (a) => Number(a[key]) >= 4));
      });
      questions.push({ id: q.id, text: q.text[input.locale], type: q.type, n: Math.max(0, ...rows.map((r) => r.n)), options: applySuppression(rows, rules, false) });
      continue;
    }
    const answered = (a: Record<string, unknown>) => a[q.id] !== undefined;
    const opts =
      q.type === 'scale'
        ? [5, 4, 3, 2, 1].map((v) => ({ id: String(v), text: String(v), yes: (a: Record<string, unknown>) => Number(a[q.id]) === v }))
        : (q.options ?? []).map((o) => ({
            id: o.id,
            text: o.text[input.locale],
            yes: (a: Record<string, unknown>) => (Array.isArray(a[q.id]) ? (a[q.id] as string[]).includes(o.id) : a[q.id] === o.id),
          }));
    const figs = opts.map((o) => figure(o.id, o.text, tallies(strata, answered, o.yes)));
    // Shares of a single-answer question add up to 100 %: one hidden share could be recovered, so the group is complementary.
    questions.push({ id: q.id, text: q.text[input.locale], type: q.type, n: figs[0]?.n ?? 0, options: applySuppression(figs, rules, q.type !== 'multiple') });
  }

  const modes: Record<string, number> = {};
  for (const r of input.responses) modes[r.mode] = (modes[r.mode] ?? 0) + 1;

  return {
    surveyId: input.surveyId,
    method: {
      kind: sampled ? 'stratified' : 'self-selected',
      estimator: sampled
        ? 'Stratified random sample without replacement (strata: agency × field group × channel); weights N_h/r_h (design weight N_h/n_h adjusted for non-response within the stratum); 95 % interval P ± 1.96·√(Σ W_h²(1−r_h/N_h)s_h²/r_h).'
        : 'Open link, self-selected respondents, unweighted; the 95 % interval assumes simple random sampling and does not correct for self-selection.',
      seed: input.seed,
      design: input.design,
      rules,
      satisfiedMeans: sat ? `${sat.id} ∈ {4, 5}` : 'n/a',
    },
    overall: { ...overallFig!, unweighted: overallEst.unweighted, coverage: overallEst.coverage, invited, responseRate: sampled && invited > 0 ? input.responses.filter((r) => r.stratum).length / invited : null },
    byAgency: dimension((s) => s.agency, (v) => v),
    byFieldGroup: dimension((s) => s.fieldGroup, input.labels.fieldGroup),
    byChannel: dimension((s) => s.channel, input.labels.channel),
    strata: strataFigs,
    questions,
    modes,
  };
}
