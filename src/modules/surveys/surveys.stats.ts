/**
 * Survey statistics: sample size, allocation, the seeded draw, weights, the stratified estimate of the share
 * satisfied with its 95 % interval, and small-cell suppression. Pure functions, no I/O (anchors-surveys.md §2.2).
 *
 * Notation: stratum h has N_h frame units, n_h drawn, r_h respondents, y_h respondents satisfied (4–5).
 */
import { createHash } from 'node:crypto';

export const Z95 = 1.959963984540054;

export type SizeMethod = 'cochran' | 'yamane';

export interface SizeInput {
  /** Frame size N (units with a result in the period). */
  N: number;
  /** Margin of error e as a fraction (0.05 = ±5 points). */
  e: number;
  /** Expected proportion p (0.5 is the most conservative). */
  p?: number;
  z?: number;
  method?: SizeMethod;
}

/**
 * Cochran: n₀ = z²·p(1−p)/e², then the finite-population correction n = n₀ / (1 + (n₀ − 1)/N).
 * Yamane (SIPAS practice): n = N / (1 + N·e²). Rounded up, never above N.
 */
export function sampleSize(input: SizeInput): { n0: number; n: number; method: SizeMethod } {
  const { N, e } = input;
  const p = input.p ?? 0.5;
  const z = input.z ?? Z95;
  const method = input.method ?? 'cochran';
  if (!Number.isInteger(N) || N < 0) throw new RangeError('N must be a non-negative integer');
  if (!(e > 0 && e < 1)) throw new RangeError('e must be between 0 and 1');
  if (!(p > 0 && p < 1)) throw new RangeError('p must be between 0 and 1');
  if (N === 0) return { n0: 0, n: 0, method };
  if (method === 'yamane') {
    const n = N / (1 + N * e * e);
    return { n0: n, n: Math.min(N, Math.ceil(n - 1e-9)), method };
  }
  const n0 = (z * z * p * (1 - p)) / (e * e);
  const n = n0 / (1 + (n0 - 1) / N);
  return { n0, n: Math.min(N, Math.ceil(n - 1e-9)), method };
}

export interface StratumSize {
  key: string;
  N: number;
  /** A published stratum gets at least `floor` units (or all of them when smaller). Default true. */
  published?: boolean;
}

export interface Allocation {
  key: string;
  N: number;
  /** Proportional share before the floor (largest-remainder rounding, sums to n). */
  proportional: number;
  n: number;
  /** True when the floor raised this stratum above its proportional share. */
  floored: boolean;
}

/**
 * Proportional allocation n_h = n·N_h/N (largest remainder, so Σ proportional = n), then every published
 * stratum is raised to min(floor, N_h). The floor adds units rather than taking them from other strata, so
 * the total can exceed n; the design weights N_h/n_h correct for the over-sampling. Never above N_h.
 */
export function allocate(strata: StratumSize[], n: number, floor = 30): Allocation[] {
  const N = strata.reduce((s, x) => s + x.N, 0);
  if (N === 0) return strata.map((s) => ({ key: s.key, N: s.N, proportional: 0, n: 0, floored: false }));
  const target = Math.min(n, N);
  const raw = strata.map((s) => (target * s.N) / N);
  const base = raw.map((x) => Math.floor(x));
  let left = target - base.reduce((a, b) => a + b, 0);
  // Largest remainder; ties broken by the stratum key so the allocation does not depend on input order.
  const order = strata.map((s, i) => i).sort((a, b) => raw[b]! - base[b]! - (raw[a]! - base[a]!) || (strata[a]!.key < strata[b]!.key ? -1 : 1));
  for (const i of order) {
    if (left <= 0) break;
    base[i]! += 1;
    left -= 1;
  }
  return strata.map((s, i) => {
    const proportional = Math.min(base[i]!, s.N);
    const min = s.published === false ? 0 : Math.min(floor, s.N);
    const nh = Math.max(proportional, min);
    return { key: s.key, N: s.N, proportional, n: nh, floored: nh > proportional };
  });
}

/**
 * The rank of a frame unit in the draw: SHA-256 of `seed:unitId`, read as a number in [0, 1). Anyone holding
 * the frame and the published seed can repeat the draw with any SHA-256 tool, and the draw does not depend on
 * the order of rows in the import.
 */
export function drawRank(seed: string, unitId: string): number {
  const h = createHash('sha256').update(`${seed}:${unitId}`).digest();
  // 48 bits are plenty for ordering and exact in a double.
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Simple random sampling without replacement within each stratum: the n_h units with the smallest rank.
 * Returns the drawn ids per stratum in rank order.
 */
export function drawSample<T extends { id: string; stratum: string }>(frame: T[], allocation: { key: string; n: number }[], seed: string): Map<string, T[]> {
  const want = new Map(allocation.map((a) => [a.key, a.n]));
  const by = new Map<string, { unit: T; rank: number }[]>();
  for (const unit of frame) {
    const list = by.get(unit.stratum) ?? [];
    list.push({ unit, rank: drawRank(seed, unit.id) });
    by.set(unit.stratum, list);
  }
  const out = new Map<string, T[]>();
  for (const [key, list] of by) {
    list.sort((a, b) => a.rank - b.rank || (a.unit.id < b.unit.id ? -1 : 1));
    out.set(key, list.slice(0, want.get(key) ?? 0).map((x) => x.unit));
  }
  return out;
}

/** A fresh seed for a real draw (recorded and published with the results). */
export function newSeed(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A small deterministic generator (mulberry32) for simulations; not used for the real draw. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StratumTally {
  key: string;
  /** Frame units. */
  N: number;
  /** Units drawn (invited). */
  n: number;
  /** Respondents who answered the satisfaction item. */
  r: number;
  /** Of those, satisfied (4 or 5). */
  y: number;
}

export interface StratumWeights {
  key: string;
  /** Design weight N_h / n_h. */
  design: number | null;
  /** Non-response adjusted weight N_h / r_h (design weight × n_h / r_h). */
  adjusted: number | null;
  responseRate: number | null;
}

export function weights(t: StratumTally): StratumWeights {
  return {
    key: t.key,
    design: t.n > 0 ? t.N / t.n : null,
    adjusted: t.r > 0 ? t.N / t.r : null,
    responseRate: t.n > 0 ? t.r / t.n : null,
  };
}

export interface Estimate {
  /** Weighted share satisfied (0–1), null when no stratum has a respondent. */
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Standard error of the estimate. */
  se: number | null;
  /** Respondents (unweighted). */
  n: number;
  /** Units invited. */
  invited: number;
  /** Share of the frame (N) in strata with at least one respondent; the estimate speaks for that part only. */
  coverage: number;
  /** Strata with no respondent (left out; their frame share is reported in coverage). */
  emptyStrata: string[];
  /** Unweighted share of respondents satisfied, shown only to make the weighting visible. */
  unweighted: number | null;
}

/**
 * Weighted share satisfied with the non-response adjusted weights N_h/r_h, i.e. P̂ = Σ W_h·p_h with
 * W_h = N_h/N and p_h = y_h/r_h (respondents treated as a random subsample within their stratum), and the
 * stratified variance V = Σ W_h²·(1 − r_h/N_h)·p_h(1 − p_h)/(r_h − 1). The 95 % interval is P̂ ± z·√V,
 * clipped to [0, 1]. A stratum with one respondent contributes the conservative p(1−p) = 1/4.
 * Strata without respondents are left out and W_h renormalised over the rest (reported as coverage).
 */
export function estimateShare(tallies: StratumTally[], z = Z95): Estimate {
  const covered = tallies.filter((t) => t.r > 0 && t.N > 0);
  const Ntot = tallies.reduce((s, t) => s + t.N, 0);
  const Ncov = covered.reduce((s, t) => s + t.N, 0);
  const n = tallies.reduce((s, t) => s + t.r, 0);
  const invited = tallies.reduce((s, t) => s + t.n, 0);
  const ysum = tallies.reduce((s, t) => s + t.y, 0);
  const emptyStrata = tallies.filter((t) => t.N > 0 && t.r === 0).map((t) => t.key);
  const unweighted = n > 0 ? ysum / n : null;
  if (Ncov === 0) return { estimate: null, ciLow: null, ciHigh: null, se: null, n, invited, coverage: 0, emptyStrata, unweighted };
  let est = 0;
  let v = 0;
  for (const t of covered) {
    const W = t.N / Ncov;
    const p = t.y / t.r;
    est += W * p;
    const fpc = Math.max(0, 1 - t.r / t.N);
    const s2 = t.r > 1 ? (p * (1 - p) * t.r) / (t.r - 1) : 0.25;
    v += W * W * fpc * (s2 / t.r);
  }
  const se = Math.sqrt(v);
  return {
    estimate: est,
    ciLow: Math.max(0, est - z * se),
    ciHigh: Math.min(1, est + z * se),
    se,
    n,
    invited,
    coverage: Ntot > 0 ? Ncov / Ntot : 0,
    emptyStrata,
    unweighted,
  };
}

export interface SuppressionRules {
  /** Fewest respondents a published cell may rest on. */
  minRespondents: number;
  /** Widest acceptable half-width of the 95 % interval (fraction; 0.10 = ±10 points). */
  maxHalfWidth: number;
}

export const DEFAULT_RULES: SuppressionRules = { minRespondents: 10, maxHalfWidth: 0.1 };

export type SuppressionReason = 'few-respondents' | 'wide-interval' | 'complementary';

export interface Cell {
  key: string;
  /** Respondents behind the cell. */
  n: number;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface SuppressedCell extends Cell {
  suppressed: boolean;
  reason?: SuppressionReason;
}

/**
 * Primary suppression: a cell with fewer than `minRespondents` respondents, or whose interval is wider than
 * ±`maxHalfWidth`. Complementary suppression: each group lists the cells that add up to a published total
 * (a row, a column of a two-way table); a group with exactly one suppressed cell would let a reader get it
 * back from the total, so the published cell with the fewest respondents in that group is suppressed too.
 * Repeats until no group has exactly one suppressed cell (a second suppression can open another group). A
 * group whose total is itself suppressed need not be listed.
 */
export function suppress(cells: Cell[], groups: string[][], rules: SuppressionRules = DEFAULT_RULES): SuppressedCell[] {
  const out = new Map<string, SuppressedCell>();
  for (const c of cells) {
    let reason: SuppressionReason | undefined;
    if (c.n < rules.minRespondents || c.estimate === null) reason = 'few-respondents';
    else if (c.ciLow !== null && c.ciHigh !== null && (c.ciHigh - c.ciLow) / 2 > rules.maxHalfWidth + 1e-12) reason = 'wide-interval';
    out.set(c.key, reason ? { ...c, suppressed: true, reason } : { ...c, suppressed: false });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of groups) {
      const members = g.map((k) => out.get(k)).filter((c): c is SuppressedCell => c !== undefined);
      const hidden = members.filter((c) => c.suppressed);
      if (hidden.length !== 1) continue;
      const open = members.filter((c) => !c.suppressed).sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : 1));
      const pick = open[0];
      if (!pick) continue;
      out.set(pick.key, { ...pick, suppressed: true, reason: 'complementary' });
      changed = true;
    }
  }
  return cells.map((c) => out.get(c.key)!);
}
