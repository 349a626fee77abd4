/**
 * Contest rules as data (the rule pack Vietnamese provinces publish as an organising committee's decision):
 * rounds, scored attempts per person per round (first-of or best-of), N random questions from tagged pools,
 * a server-side time limit, an optional prediction sub-question scored after the round closes, and the
 * ranking chain correct → |prediction − truth| → duration → submission time. Pure functions, no I/O.
 */

export const AUDIENCES = ['pupils', 'students', 'officials', 'community', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'numeric'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface ContestRules {
  /** Round length: one calendar day, one week (Monday–Sunday, Vietnam time) or the whole contest. */
  round: 'day' | 'week' | 'whole';
  /** Attempts a person may start in one round. */
  attemptsPerRound: number;
  /** Which of a person's attempts in a round counts. */
  scoring: 'first' | 'best';
  /** Questions drawn at random, per attempt, from each tagged pool. */
  pools: Array<{ tags: string[]; count: number }>;
  /** Server-side time limit per attempt, in seconds. */
  timeLimitSec: number;
  /** Ask "how many people will take part in this round?" (scored after the round closes). */
  prediction: boolean;
  /** Who may take part: citizens signed in with the national SSO, pupils with a roster code. */
  identity: Array<'citizen' | 'roster'>;
}

/** Check a rule pack; returns locale keys of problems (empty when valid). */
export function validateRules(r: unknown): string[] {
  const p: string[] = [];
  const x = r as Partial<ContestRules> | null;
  if (!x || typeof x !== 'object') return ['learning.rules.shape'];
  if (!['day', 'week', 'whole'].includes(String(x.round))) p.push('learning.rules.round');
  if (!Number.isInteger(x.attemptsPerRound) || x.attemptsPerRound! < 1 || x.attemptsPerRound! > 100) p.push('learning.rules.attempts');
  if (!['first', 'best'].includes(String(x.scoring))) p.push('learning.rules.scoring');
  if (!Array.isArray(x.pools) || x.pools.length === 0 || x.pools.some((q) => !Array.isArray(q?.tags) || !Number.isInteger(q?.count) || q.count < 1 || q.count > 100)) p.push('learning.rules.pools');
  if (!Number.isInteger(x.timeLimitSec) || x.timeLimitSec! < 30 || x.timeLimitSec! > 4 * 3600) p.push('learning.rules.timeLimit');
  if (typeof x.prediction !== 'boolean') p.push('learning.rules.prediction');
  if (!Array.isArray(x.identity) || x.identity.length === 0 || x.identity.some((i) => i !== 'citizen' && i !== 'roster')) p.push('learning.rules.identity');
  return p;
}

const VN_OFFSET_MS = 7 * 3600_000;
const DAY = 86_400_000;

/** Split [opensAt, closesAt) into rounds; day and week boundaries fall at midnight Vietnam time. */
export function roundsFor(opensAt: Date, closesAt: Date, round: ContestRules['round']): Array<{ no: number; startsAt: Date; endsAt: Date }> {
  if (round === 'whole') return [{ no: 1, startsAt: opensAt, endsAt: closesAt }];
  const out: Array<{ no: number; startsAt: Date; endsAt: Date }> = [];
  let start = opensAt.getTime();
  const end = closesAt.getTime();
  while (start < end && out.length < 1000) {
    const local = start + VN_OFFSET_MS;
    let boundary = Math.floor(local / DAY) * DAY + DAY; // next local midnight
    if (round === 'week') {
      const dow = (new Date(Math.floor(local / DAY) * DAY).getUTCDay() + 6) % 7; // Monday = 0
      boundary = Math.floor(local / DAY) * DAY + (7 - dow) * DAY;
    }
    const next = Math.min(boundary - VN_OFFSET_MS, end);
    out.push({ no: out.length + 1, startsAt: new Date(start), endsAt: new Date(next) });
    start = next;
  }
  return out;
}

export interface QuestionOption {
  id: string;
  text: string;
}
/** The answer key: option ids (single, multiple, true/false) or a numeric value with a tolerance. */
export type AnswerKey = { optionIds: string[] } | { value: number; tolerance?: number };
/** What a learner sent for one question. */
export interface GivenAnswer {
  optionId?: string;
  optionIds?: string[];
  value?: number;
}

export function isCorrect(type: QuestionType, key: AnswerKey, given: GivenAnswer | undefined): boolean {
  if (!given) return false;
  if (type === 'numeric') {
    if (!('value' in key) || typeof given.value !== 'number' || !Number.isFinite(given.value)) return false;
    return Math.abs(given.value - key.value) <= (key.tolerance ?? 0);
  }
  if (!('optionIds' in key)) return false;
  const chosen = given.optionIds ?? (given.optionId !== undefined ? [given.optionId] : []);
  if (type !== 'multiple' && chosen.length !== 1) return false;
  const a = [...new Set(chosen)].sort();
  const b = [...key.optionIds].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One scored attempt as the ranking sees it. */
export interface Standing {
  attemptId: string;
  personKey: string;
  correct: number;
  prediction: number | null;
  durationMs: number;
  submittedAt: Date;
}

/**
 * The ranking chain: more correct answers; then the prediction closer to the truth (only once the truth is
 * known; a missing prediction ranks after any given one); then the shorter duration; then the earlier
 * submission. Negative when `a` ranks above `b`; 0 is a true tie.
 */
export function compareStandings(a: Standing, b: Standing, truth: number | null): number {
  if (a.correct !== b.correct) return b.correct - a.correct;
  if (truth !== null) {
    const da = a.prediction === null ? Number.POSITIVE_INFINITY : Math.abs(a.prediction - truth);
    const db = b.prediction === null ? Number.POSITIVE_INFINITY : Math.abs(b.prediction - truth);
    if (da !== db) return da < db ? -1 : 1;
  }
  if (a.durationMs !== b.durationMs) return a.durationMs - b.durationMs;
  return a.submittedAt.getTime() - b.submittedAt.getTime();
}

/** Sort and rank; true ties share a rank (1, 1, 3). */
export function rank<T extends Standing>(rows: T[], truth: number | null): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => compareStandings(a, b, truth) || a.personKey.localeCompare(b.personKey));
  const out: Array<T & { rank: number }> = [];
  sorted.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && compareStandings(prev, r, truth) === 0 ? prev.rank : i + 1 });
  });
  return out;
}

/**
 * The attempt that counts for a person in a round: the first submitted (first-of) or the best by the ranking
 * chain (best-of; the prediction is not known yet, so it does not decide between one person's attempts).
 */
export function countingAttempt<T extends Standing>(scoring: ContestRules['scoring'], attempts: T[]): T | undefined {
  if (attempts.length === 0) return undefined;
  if (scoring === 'first') return [...attempts].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())[0];
  return [...attempts].sort((a, b) => compareStandings(a, b, null))[0];
}

/** Draw `count` distinct items at random (Fisher–Yates on a copy); `random` is injectable for tests. */
export function drawRandom<T>(items: T[], count: number, random: () => number = Math.random): T[] {
  const a = [...items];
  const n = Math.min(count, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** "Nguyễn Văn An" → "Nguyễn V** A*" : enough to recognise, not enough to identify. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : `${[...p][0]}${'*'.repeat(Math.max(1, [...p].length - 1))}`)).join(' ');
}
