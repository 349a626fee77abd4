import { describe, expect, it } from 'vitest';
import { BANDS, correct, foldOf, meetsTargets, metrics, reliability, type Outcome } from './evaluation.ts';

function o(id: string, expect: string[] | 'abstain', action: string, ranked: string[], confidence = 0.5): Outcome {
  return { item: { id, q: id, expect }, accented: true, action, ranked, confidence, ms: 1, status: 200 };
}

describe('assistant evaluation arithmetic', () => {
  it('puts a question in the same fold every time, spread over all folds', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `d2-${i}`);
    const folds = ids.map((id) => foldOf(id, 5));
    expect(ids.map((id) => foldOf(id, 5))).toEqual(folds);
    for (let f = 0; f < 5; f++) {
      const share = folds.filter((x) => x === f).length / ids.length;
      expect(share).toBeGreaterThan(0.12);
      expect(share).toBeLessThan(0.28);
    }
  });

  it('counts R@1, R@3, confidently wrong and abstention F1', () => {
    const m = metrics([
      o('a', ['x'], 'answer', ['x']),
      o('b', ['y'], 'clarify', ['x', 'y']),
      o('c', ['z'], 'answer', ['x']),
      o('d', 'abstain', 'handoff', []),
      o('e', 'abstain', 'answer', ['x']),
      o('f', ['x'], 'handoff', []),
    ]);
    expect(m.r1).toBeCloseTo(1 / 4);
    expect(m.r3).toBeCloseTo(2 / 4);
    expect(m.confidentlyWrong).toBe(2);
    expect(m.abstainPrecision).toBeCloseTo(1 / 2);
    expect(m.abstainRecall).toBeCloseTo(1 / 2);
    expect(m.abstainF1).toBeCloseTo(1 / 2);
    expect(meetsTargets(m)).toBe(false);
  });

  it('builds a reliability table over every confidence band', () => {
    const rows = reliability([o('a', ['x'], 'answer', ['x'], 0.95), o('b', ['x'], 'answer', ['y'], 0.91), o('c', 'abstain', 'handoff', [], 0.1)]);
    expect(rows).toHaveLength(BANDS.length - 1);
    const top = rows.at(-1)!;
    expect(top.n).toBe(2);
    expect(top.answeredCorrect).toBeCloseTo(0.5);
    expect(rows[0]!.correct).toBe(1);
    expect(correct(o('c', 'abstain', 'handoff', []))).toBe(true);
  });
});
