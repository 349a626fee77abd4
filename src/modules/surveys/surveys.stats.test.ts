import { describe, expect, it } from 'vitest';
import { allocate, drawRank, drawSample, estimateShare, mulberry32, sampleSize, suppress, weights, Z95, type StratumTally } from './surveys.stats.ts';

describe('sample size', () => {
  it('Cochran n0 = z²p(1−p)/e² with the finite-population correction', () => {
    const r = sampleSize({ N: 10_000, e: 0.05 });
    expect(r.n0).toBeCloseTo((Z95 * Z95 * 0.25) / 0.0025, 6); // 384.15
    // 384.15 / (1 + 383.15/10000) = 369.97 → 370
    expect(r.n).toBe(370);
    expect(sampleSize({ N: 1_000_000, e: 0.05 }).n).toBe(384); // 383.999…
    expect(sampleSize({ N: 200, e: 0.05 }).n).toBe(132);
    expect(sampleSize({ N: 10_000, e: 0.03, p: 0.9 }).n).toBe(370); // same n0: 3.8415·0.09/0.0009
  });
  it('Yamane n = N/(1 + N·e²) as SIPAS uses it', () => {
    expect(sampleSize({ N: 10_000, e: 0.05, method: 'yamane' }).n).toBe(385); // 384.6
    expect(sampleSize({ N: 500, e: 0.05, method: 'yamane' }).n).toBe(223); // 222.2
  });
  it('never exceeds the frame and refuses nonsense', () => {
    expect(sampleSize({ N: 10, e: 0.01 }).n).toBe(10);
    expect(sampleSize({ N: 0, e: 0.05 }).n).toBe(0);
    expect(() => sampleSize({ N: 100, e: 0 })).toThrow(RangeError);
    expect(() => sampleSize({ N: 100, e: 0.05, p: 1 })).toThrow(RangeError);
    expect(() => sampleSize({ N: -1, e: 0.05 })).toThrow(RangeError);
  });
});

describe('allocation', () => {
  it('is proportional, sums to n before floors, and raises small published strata to the floor', () => {
    const a = allocate(
      [
        { key: 'A', N: 6000 },
        { key: 'B', N: 3000 },
        { key: 'C', N: 900 },
        { key: 'D', N: 100 },
      ],
      400,
      30,
    );
    expect(a.map((x) => x.proportional)).toEqual([240, 120, 36, 4]);
    expect(a.reduce((s, x) => s + x.proportional, 0)).toBe(400);
    expect(a.map((x) => x.n)).toEqual([240, 120, 36, 30]);
    expect(a.map((x) => x.floored)).toEqual([false, false, false, true]);
  });
  it('uses largest remainders and caps at N_h; unpublished strata get no floor', () => {
    const a = allocate(
      [
        { key: 'A', N: 1 },
        { key: 'B', N: 1 },
        { key: 'C', N: 1 },
        { key: 'D', N: 20, published: false },
      ],
      2,
      30,
    );
    expect(a.map((x) => x.n)).toEqual([1, 1, 1, 2]);
    const b = allocate([{ key: 'X', N: 10 }, { key: 'Y', N: 20 }], 1000, 5);
    expect(b.map((x) => x.n)).toEqual([10, 20]);
  });
  it('does not depend on the order of the strata', () => {
    const s = [
      { key: 'a', N: 333 },
      { key: 'b', N: 333 },
      { key: 'c', N: 334 },
    ];
    const one = allocate(s, 100, 0);
    const two = allocate([...s].reverse(), 100, 0);
    expect(Object.fromEntries(one.map((x) => [x.key, x.n]))).toEqual(Object.fromEntries(two.map((x) => [x.key, x.n])));
  });
});

describe('seeded draw', () => {
  const frame = Array.from({ length: 500 }, (_, i) => ({ id: `HS-${i}`, stratum: i % 3 === 0 ? 'x' : 'y' }));
  const alloc = [
    { key: 'x', n: 20 },
    { key: 'y', n: 40 },
  ];
  it('repeats exactly from the same seed, whatever the row order', () => {
    const a = drawSample(frame, alloc, 'seed-42');
    const b = drawSample([...frame].reverse(), alloc, 'seed-42');
    expect(a.get('x')!.map((u) => u.id)).toEqual(b.get('x')!.map((u) => u.id));
    expect(a.get('y')!.map((u) => u.id)).toEqual(b.get('y')!.map((u) => u.id));
    expect(a.get('x')).toHaveLength(20);
    expect(a.get('y')).toHaveLength(40);
    expect(new Set(a.get('y')!.map((u) => u.id)).size).toBe(40);
    expect(a.get('x')!.every((u) => u.stratum === 'x')).toBe(true);
  });
  it('draws a different sample from another seed', () => {
    const a = drawSample(frame, alloc, 'seed-42').get('y')!.map((u) => u.id);
    const b = drawSample(frame, alloc, 'seed-43').get('y')!.map((u) => u.id);
    expect(a).not.toEqual(b);
  });
  it('rank is SHA-256 of seed:id read as a fraction (checkable with any tool)', () => {
    // sha256("s:1") = 0x6c7a9f… (first 6 bytes read big-endian, divided by 2^48)
    const r = drawRank('s', '1');
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
    expect(drawRank('s', '1')).toBe(r);
  });
  it('gives every unit the same chance (inclusion frequency over many seeds)', () => {
    const small = Array.from({ length: 10 }, (_, i) => ({ id: String(i), stratum: 's' }));
    const hits = new Array(10).fill(0);
    for (let k = 0; k < 2000; k++) for (const u of drawSample(small, [{ key: 's', n: 3 }], `k${k}`).get('s')!) hits[Number(u.id)]++;
    // expected 600 each; binomial sd ≈ 20.5, allow 5 sd
    for (const h of hits) expect(Math.abs(h - 600)).toBeLessThan(103);
  });
});

describe('weights and estimate', () => {
  it('design weight N_h/n_h, non-response adjusted N_h/r_h', () => {
    expect(weights({ key: 'a', N: 1000, n: 50, r: 20, y: 15 })).toEqual({ key: 'a', design: 20, adjusted: 50, responseRate: 0.4 });
    expect(weights({ key: 'a', N: 10, n: 0, r: 0, y: 0 })).toEqual({ key: 'a', design: null, adjusted: null, responseRate: null });
  });
  it('matches a hand computation of the stratified estimate and variance', () => {
    const t: StratumTally[] = [
      { key: 'a', N: 800, n: 100, r: 50, y: 40 },
      { key: 'b', N: 200, n: 50, r: 40, y: 20 },
    ];
    const e = estimateShare(t);
    expect(e.estimate).toBeCloseTo(0.8 * 0.8 + 0.2 * 0.5, 12);
    const v = 0.64 * (1 - 50 / 800) * ((0.8 * 0.2 * 50) / 49) / 50 + 0.04 * (1 - 40 / 200) * ((0.5 * 0.5 * 40) / 39) / 40;
    expect(e.se).toBeCloseTo(Math.sqrt(v), 12);
    expect(e.ciLow).toBeCloseTo(0.74 - Z95 * Math.sqrt(v), 12);
    expect(e.unweighted).toBeCloseTo(60 / 90, 12);
    expect(e.n).toBe(90);
    expect(e.invited).toBe(150);
    expect(e.coverage).toBe(1);
  });
  it('reports strata without respondents as lost coverage', () => {
    const e = estimateShare([
      { key: 'a', N: 900, n: 30, r: 30, y: 30 },
      { key: 'b', N: 100, n: 30, r: 0, y: 0 },
    ]);
    expect(e.coverage).toBeCloseTo(0.9, 12);
    expect(e.emptyStrata).toEqual(['b']);
    expect(e.estimate).toBe(1);
    expect(estimateShare([{ key: 'a', N: 5, n: 5, r: 0, y: 0 }]).estimate).toBeNull();
  });
});

describe('simulation: weighted intervals cover the truth, the unweighted mean does not', () => {
  // Synthetic population: 3 agencies × 2 field groups × 2 channels = 12 strata with known satisfaction; people in
  // the satisfied strata answer more often (online, non-land), so response depends on the stratum.
  const strata = [] as { key: string; N: number; p: number; resp: number }[];
  const rnd = mulberry32(20261203);
  let s = 0;
  for (const agency of ['so-tnmt', 'so-xd', 'ubnd-xa'])
    for (const field of ['dat-dai', 'khac'])
      for (const channel of ['truc-tuyen', 'truc-tiep']) {
        const online = channel === 'truc-tuyen';
        const p = (field === 'dat-dai' ? 0.62 : 0.78) + (online ? 0.12 : 0) + (s % 3) * 0.02;
        const resp = online ? 0.75 : 0.3 + (field === 'dat-dai' ? 0 : 0.1);
        strata.push({ key: `${agency}|${field}|${channel}`, N: 250 + Math.floor(rnd() * 1200), p, resp });
        s++;
      }
  const population = strata.flatMap((st) =>
    Array.from({ length: st.N }, (_, i) => ({ id: `${st.key}#${i}`, stratum: st.key, satisfied: rnd() < st.p })),
  );
  const N = population.length;
  const truth = population.filter((u) => u.satisfied).length / N;
  const n = sampleSize({ N, e: 0.03 }).n;
  const alloc = allocate(
    strata.map((st) => ({ key: st.key, N: st.N })),
    n,
    30,
  );
  const respOf = new Map(strata.map((st) => [st.key, st.resp]));

  const DRAWS = 200;
  let covered = 0;
  let naiveCovered = 0;
  let sumW = 0;
  let sumU = 0;
  for (let d = 0; d < DRAWS; d++) {
    const sample = drawSample(population, alloc, `sim-${d}`);
    const answer = mulberry32(1000 + d);
    const tallies: StratumTally[] = alloc.map((a) => {
      const drawn = sample.get(a.key) ?? [];
      const responders = drawn.filter(() => answer() < respOf.get(a.key)!);
      return { key: a.key, N: a.N, n: drawn.length, r: responders.length, y: responders.filter((u) => u.satisfied).length };
    });
    const e = estimateShare(tallies);
    if (e.ciLow! <= truth && truth <= e.ciHigh!) covered++;
    sumW += e.estimate!;
    sumU += e.unweighted!;
    const u = e.unweighted!;
    const half = Z95 * Math.sqrt((u * (1 - u)) / e.n);
    if (u - half <= truth && truth <= u + half) naiveCovered++;
  }
  const coverage = covered / DRAWS;
  const biasW = sumW / DRAWS - truth;
  const biasU = sumU / DRAWS - truth;
  // Printed so the figure can be quoted (issue 17 acceptance).
  console.log(
    `surveys simulation: N=${N}, n=${n} (+floors ${alloc.reduce((a, b) => a + b.n, 0)}), truth=${truth.toFixed(4)}, weighted coverage=${(coverage * 100).toFixed(1)} %, weighted bias=${(biasW * 100).toFixed(2)} pt, unweighted bias=${(biasU * 100).toFixed(2)} pt, naive unweighted coverage=${((naiveCovered / DRAWS) * 100).toFixed(1)} %`,
  );

  it('covers the true share in 93–97 % of 200 draws', () => {
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });
  it('is unbiased (mean error under half a point)', () => {
    expect(Math.abs(biasW)).toBeLessThan(0.005);
  });
  it('the unweighted mean of respondents is biased upwards, and its naive interval misses the truth', () => {
    expect(biasU).toBeGreaterThan(0.02);
    expect(naiveCovered / DRAWS).toBeLessThan(0.85); // nominal 95 %
  });
});

describe('suppression', () => {
  const cell = (key: string, n: number, est = 0.8, half = 0.05) => ({ key, n, estimate: est, ciLow: est - half, ciHigh: est + half });
  it('primary: too few respondents or too wide an interval', () => {
    const out = suppress([cell('a', 9), cell('b', 10), cell('c', 50, 0.5, 0.12), cell('d', 50, 0.5, 0.1)], []);
    expect(out.map((c) => [c.key, c.suppressed, c.reason])).toEqual([
      ['a', true, 'few-respondents'],
      ['b', false, undefined],
      ['c', true, 'wide-interval'],
      ['d', false, undefined],
    ]);
  });
  it('complementary: a lone suppressed cell in a row with a total takes the smallest other cell with it', () => {
    const out = suppress([cell('a', 4), cell('b', 40), cell('c', 25), cell('d', 60)], [['a', 'b', 'c', 'd']]);
    expect(out.filter((c) => c.suppressed).map((c) => [c.key, c.reason])).toEqual([
      ['a', 'few-respondents'],
      ['c', 'complementary'],
    ]);
  });
  it('two suppressed cells in a group need nothing more', () => {
    const out = suppress([cell('a', 4), cell('b', 3), cell('c', 25)], [['a', 'b', 'c']]);
    expect(out.filter((c) => c.suppressed).map((c) => c.key)).toEqual(['a', 'b']);
  });
  it('cascades across rows and columns of a two-way table', () => {
    // rows r1 = [a, b], r2 = [c, d]; columns k1 = [a, c], k2 = [b, d]. a is small.
    const out = suppress([cell('a', 3), cell('b', 30), cell('c', 40), cell('d', 50)], [
      ['a', 'b'],
      ['c', 'd'],
      ['a', 'c'],
      ['b', 'd'],
    ]);
    expect(out.every((c) => c.suppressed)).toBe(true);
    expect(out.find((c) => c.key === 'd')!.reason).toBe('complementary');
  });
});
