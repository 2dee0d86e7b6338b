/**
 * The long profile (`npm run bench -- --long`): S7 (bench/scenarios/scale.ts) and S8 (bench/scenarios/soak.ts).
 * Their flags and sizes here, so bench/run.ts only registers them.
 */
import { spawnSync } from 'node:child_process';
import type { S8Options } from './soak.js';

export const LONG_SCENARIOS = ['S7', 'S8'] as const;

export interface ScaleArgs {
  long: boolean;
  s7Subscribers?: number;
  s7Publishes?: number;
  /** S7's sockets per side when fewer than its subscribers (the rest share them); default: one per subscriber. */
  s7Sockets?: number;
  soakSeconds?: number;
  s8Subscribers?: number;
  /** Everything else, for bench/run.ts's own parseArgs. */
  rest: string[];
}

const FLAGS = { '--s7-subscribers': 's7Subscribers', '--s7-publishes': 's7Publishes', '--s7-sockets': 's7Sockets', '--soak-seconds': 'soakSeconds', '--s8-subscribers': 's8Subscribers' } as const;

/** Takes the long profile's flags out of argv (`--long`, `--s7-subscribers N`, `--soak-seconds N`, …). */
export function parseScaleArgs(argv: string[]): ScaleArgs {
  const out: ScaleArgs = { long: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (a === '--long') out.long = true;
    else if (name in FLAGS) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (!v || !Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
      out[FLAGS[name as keyof typeof FLAGS]] = n;
    } else out.rest.push(a);
  }
  return out;
}

/** Sizes of the long profile; `--quick` shrinks them for checking the harness. */
export function scaleProfile(a: ScaleArgs, quick: boolean) {
  return {
    s7: { subscribers: a.s7Subscribers ?? (quick ? 5_000 : 100_000), publishes: a.s7Publishes ?? (quick ? 4 : 10), sockets: a.s7Sockets, pollMs: 1000 },
    s8: {
      seconds: a.soakSeconds ?? (quick ? 60 : 600),
      subscribers: a.s8Subscribers ?? (quick ? 2_000 : 10_000),
      churnPerSecond: 50,
      queriesPerSecond: 100,
      mutationsPerSecond: 1,
      pollMs: 1000,
    } satisfies S8Options,
  };
}

/** The hard limit on open files (`ulimit -Hn`): a process cannot raise its own above it without CAP_SYS_RESOURCE. */
export function hardFileLimit(): number {
  const r = spawnSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const v = r.stdout.trim();
  return v === 'unlimited' ? 1 << 20 : Number(v) || 1024;
}
