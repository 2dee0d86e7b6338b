/** Seeded randomness for the simulator: one PRNG stream for the live model, stateless hashes for synthesized history. */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for a simulation, and fully deterministic from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of numbers and strings (FNV-1a over the parts, then murmur3's finalizer). */
export function hash32(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = typeof p === 'number' ? String(p) : p;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // part separator, so ('ab','c') differs from ('a','bc')
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A PRNG stream derived from the parts: the same parts always give the same stream. */
export function rngFor(...parts: Array<number | string>): Rng {
  return mulberry32(hash32(...parts));
}

/** A 32-character upper-case hex id (Sinch GUID style) derived from the parts. */
export function guidOf(...parts: Array<number | string>): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += hash32(i, ...parts).toString(16).padStart(8, '0');
  return out.toUpperCase();
}

export const randInt = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** Exponentially distributed value with the given mean, in whole units (at least 1). */
export const expInt = (rng: Rng, mean: number): number => Math.max(1, Math.round(-Math.log(1 - rng()) * mean));

/** Poisson-distributed count (Knuth for small means, normal approximation above 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(rng(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng();
  } while (p > limit);
  return k - 1;
}
