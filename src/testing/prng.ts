/**
 * Seeded PRNGs for tests and benches, so a run can be replayed from its seed: mulberry32 for a
 * plain stream (bench data), and for the outbox soak an Rng that a failing run can be replayed
 * from by the seed it printed.
 * Each cycle forks its own stream: how long a fault loop ran (wall time, not reproducible) must
 * not shift the decisions of the cycles after it.
 */

export interface Rng {
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An independent stream for `label`, the same for the same seed and label. */
  fork(label: string | number): Rng;
}

/** mulberry32: tiny, fast and good enough to spread test data and decisions. */
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

/** FNV-1a over the seed and the label, then murmur3's finaliser: near seeds and labels land far apart. */
function mix(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (const part of [String(seed >>> 0), ':', label]) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function seededRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    fork: (label) => seededRng(mix(seed, String(label))),
  };
}

/** A fresh seed when none is given (printed, so the run can be repeated). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
