import { describe, expect, it } from 'vitest';
import { compareStandings, countingAttempt, drawRandom, isCorrect, maskName, rank, roundsFor, validateRules, type Standing } from './learning.rules.ts';
import { parseCsv } from './learning.coverage.ts';

const s = (id: string, correct: number, prediction: number | null, durationMs: number, at: number): Standing => ({ attemptId: id, personKey: id, correct, prediction, durationMs, submittedAt: new Date(at) });

describe('contest rules (pure)', () => {
  it('ranks by correct, then |prediction − truth|, then duration, then submission time; true ties share a rank', () => {
    const rows = [s('a', 9, 100, 50_000, 5), s('b', 10, 5000, 90_000, 9), s('c', 9, 120, 10_000, 1), s('d', 9, 100, 50_000, 5), s('e', 9, 100, 50_000, 3), s('f', 9, null, 1_000, 0)];
    const r = rank(rows, 110);
    expect(r.map((x) => [x.personKey, x.rank])).toEqual([
      ['b', 1], // most correct, whatever the prediction
      ['c', 2], // |120−110| = 10 ties |100−110| = 10 → shorter duration wins
      ['e', 3], // same correct, error and duration as a and d, submitted earlier
      ['a', 4],
      ['d', 4], // a and d tie on every link of the chain
      ['f', 6], // no prediction ranks after any given one
    ]);
  });

  it('ignores the prediction until the truth is known (round still open)', () => {
    const near = s('near', 5, 100, 60_000, 1);
    const fast = s('fast', 5, 9_999, 30_000, 2);
    expect(compareStandings(near, fast, null)).toBeGreaterThan(0);
    expect(compareStandings(near, fast, 100)).toBeLessThan(0);
  });

  it('first-of counts the first submitted attempt; best-of the best by the chain', () => {
    const first = s('1', 3, null, 50_000, 100);
    const better = s('2', 5, null, 80_000, 200);
    expect(countingAttempt('first', [better, first])?.attemptId).toBe('1');
    expect(countingAttempt('best', [first, better])?.attemptId).toBe('2');
    expect(countingAttempt('best', [])).toBeUndefined();
  });

  it('splits the contest into rounds at midnight, Vietnam time (day and Monday-based week)', () => {
    const open = new Date('2026-10-01T03:00:00Z'); // Thu 10:00 ICT
    const close = new Date('2026-10-15T17:00:00Z'); // Fri 16 Oct 00:00 ICT
    const days = roundsFor(open, close, 'day');
    expect(days).toHaveLength(15);
    expect(days[0]!.endsAt.toISOString()).toBe('2026-10-01T17:00:00.000Z');
    const weeks = roundsFor(open, close, 'week');
    expect(weeks.map((w) => w.endsAt.toISOString())).toEqual(['2026-10-04T17:00:00.000Z', '2026-10-11T17:00:00.000Z', '2026-10-15T17:00:00.000Z']);
    expect(roundsFor(open, close, 'whole')).toHaveLength(1);
  });

  it('scores single, multiple, true/false and numeric questions', () => {
    expect(isCorrect('single', { optionIds: ['b'] }, { optionId: 'b' })).toBe(true);
    expect(isCorrect('single', { optionIds: ['b'] }, { optionIds: ['b', 'a'] })).toBe(false);
    expect(isCorrect('multiple', { optionIds: ['a', 'c'] }, { optionIds: ['c', 'a'] })).toBe(true);
    expect(isCorrect('multiple', { optionIds: ['a', 'c'] }, { optionIds: ['a'] })).toBe(false);
    expect(isCorrect('true_false', { optionIds: ['a'] }, { optionId: 'a' })).toBe(true);
    expect(isCorrect('numeric', { value: 12 }, { value: 12 })).toBe(true);
    expect(isCorrect('numeric', { value: 12, tolerance: 1 }, { value: 13 })).toBe(true);
    expect(isCorrect('numeric', { value: 12 }, { value: 13 })).toBe(false);
    expect(isCorrect('numeric', { value: 12 }, undefined)).toBe(false);
  });

  it('validates rule packs and draws distinct random questions', () => {
    expect(validateRules({ round: 'week', attemptsPerRound: 1, scoring: 'best', pools: [{ tags: ['x'], count: 3 }], timeLimitSec: 600, prediction: true, identity: ['roster'] })).toEqual([]);
    expect(validateRules({ round: 'month', attemptsPerRound: 0, scoring: 'avg', pools: [], timeLimitSec: 1, prediction: 'y', identity: [] })).toHaveLength(7);
    const d = drawRandom([1, 2, 3, 4, 5], 3);
    expect(new Set(d).size).toBe(3);
    expect(drawRandom([1, 2], 5)).toHaveLength(2);
  });

  it('masks the holder name and reads CSV with quotes and semicolons', () => {
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V** A*');
    expect(parseCsv('a;b\r\n"x;1";"say ""hi"""\n')).toEqual([['a', 'b'], ['x;1', 'say "hi"']]);
  });
});
