import { mulberry32, Random } from './random';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, and floats in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('is pinned: the first values for seed 1 never change (the demo market depends on them)', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()].map((x) => x.toFixed(8))).toEqual([
      '0.62707394',
      '0.00273572',
      '0.52744704',
    ]);
  });

  it('gives different sequences for different seeds', () => {
    expect(mulberry32(1)()).not.toEqual(mulberry32(2)());
  });
});

describe('Random', () => {
  it('int() stays within both bounds and reaches each of them', () => {
    const random = new Random(7);
    const values = Array.from({ length: 2000 }, () => random.int(3, 6));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(() => random.int(5, 4)).toThrow(RangeError);
  });

  it('chance() comes true about as often as asked', () => {
    const random = new Random(11);
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.2)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(1800);
    expect(hits).toBeLessThan(2200);
    expect(Array.from({ length: 100 }, () => random.chance(0)).some(Boolean)).toBe(false);
  });

  it('pick() returns members and refuses an empty list', () => {
    const random = new Random(3);
    const items = ['a', 'b', 'c'];
    const picked = new Set(Array.from({ length: 200 }, () => random.pick(items)));
    expect([...picked].sort()).toEqual(items);
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it('weighted() follows the weights', () => {
    const random = new Random(5);
    const counts = { rare: 0, common: 0 };
    for (let i = 0; i < 5000; i += 1) {
      counts[
        random.weighted([
          ['rare', 1],
          ['common', 9],
        ] as const)
      ] += 1;
    }
    expect(counts.common / 5000).toBeGreaterThan(0.85);
    expect(counts.rare).toBeGreaterThan(0);
    expect(() => random.weighted([])).toThrow(RangeError);
  });

  it('sample() returns distinct members, at most as many as there are, leaving the input alone', () => {
    const random = new Random(9);
    const items = [1, 2, 3, 4, 5];
    const three = random.sample(items, 3);
    expect(three).toHaveLength(3);
    expect(new Set(three).size).toBe(3);
    expect(three.every((x) => items.includes(x))).toBe(true);
    expect(random.sample(items, 10).sort()).toEqual(items);
    expect(random.sample(items, 0)).toEqual([]);
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  it('is deterministic across instances with the same seed', () => {
    const run = (seed: number) => {
      const r = new Random(seed);
      return [r.int(1, 100), r.pick(['x', 'y', 'z']), r.sample([1, 2, 3, 4], 2), r.chance(0.5)];
    };
    expect(run(2024)).toEqual(run(2024));
  });
});
