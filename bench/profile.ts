/** Run sizes: `--quick` (~2 min, for checking the harness) and the full run (~6 min, S1–S6, S1b, S9). */
export interface Profile {
  name: 'quick' | 'full';
  s1: { connections: number; warmupSeconds: number; seconds: number; runs: number };
  /** S1b and S9 (engine-bound, distinct requests): shorter runs so the default profile stays under 6 minutes. */
  distinct: { connections: number; warmupSeconds: number; seconds: number; runs: number };
  s2: { rate: number; seconds: number; runs: number; calibrationQueries: number };
  s3: { serialQueries: number; runs: number };
  live: {
    /** Subscriber counts for S6 (the largest is used for S4 and S5). */
    steps: number[];
    /** Sinch poll interval during the live scenarios (ms). */
    pollMs: number;
    /** Poll intervals counted per S6 step. */
    intervals: number;
    /** Publishes measured in S5. */
    publishes: number;
  };
}

export const PROFILES: Record<'quick' | 'full', Profile> = {
  quick: {
    name: 'quick',
    s1: { connections: 16, warmupSeconds: 2, seconds: 4, runs: 2 },
    distinct: { connections: 16, warmupSeconds: 2, seconds: 4, runs: 2 },
    s2: { rate: 50, seconds: 5, runs: 1, calibrationQueries: 6 },
    s3: { serialQueries: 10, runs: 2 },
    live: { steps: [1, 100, 1000, 2000], pollMs: 1000, intervals: 3, publishes: 4 },
  },
  full: {
    name: 'full',
    s1: { connections: 16, warmupSeconds: 3, seconds: 8, runs: 3 },
    distinct: { connections: 16, warmupSeconds: 2, seconds: 5, runs: 3 },
    s2: { rate: 50, seconds: 7, runs: 3, calibrationQueries: 12 },
    s3: { serialQueries: 20, runs: 3 },
    live: { steps: [1, 100, 1000, 10_000], pollMs: 1000, intervals: 4, publishes: 20 },
  },
};
