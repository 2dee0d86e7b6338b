/**
 * Long tasks in a V8 CPU profile: runs of consecutive busy samples (no `(idle)`, `(program)` counted as busy) that
 * last at least `minMs`, and the functions that ran in them by inclusive time — what held the event loop while
 * requests waited. For `npm run bench:profile -- --stalls <file>` (S8's BENCH_CPU_PROFILE).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const label = (f: ProfileNode['callFrame']) => {
  const m = f.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const where = m ? m[1] : f.url.includes('/src/') ? `src/${f.url.split('/src/')[1]}` : f.url || '(native)';
  return `${f.functionName || '(anonymous)'} ${where}`;
};

export function longTasks(p: CpuProfile, minMs = 100, top = 30): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number) => {
    let s = stacks.get(id);
    if (!s) {
      s = [];
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const k = label(byId.get(cur)!.callFrame);
        if (seen.has(k)) continue; // recursion: a function counts once per sample
        seen.add(k);
        s.push(k);
      }
      stacks.set(id, s);
    }
    return s;
  };
  const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  const runs: Array<{ ms: number; samples: Array<[number, number]> }> = [];
  let t = 0;
  let run: (typeof runs)[number] | null = null;
  let busyMs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    t += dt;
    const id = p.samples[i]!;
    if (isIdle(id)) {
      if (run && run.ms >= minMs) runs.push(run);
      run = null;
      continue;
    }
    busyMs += dt;
    run ??= { ms: 0, samples: [] };
    run.ms += dt;
    run.samples.push([id, dt]);
  }
  if (run && run.ms >= minMs) runs.push(run);
  const inLong = new Map<string, number>();
  let longMs = 0;
  for (const r of runs) {
    longMs += r.ms;
    for (const [id, dt] of r.samples) for (const k of stackOf(id)) inLong.set(k, (inLong.get(k) ?? 0) + dt);
  }
  const out = [
    `${runs.length} busy runs ≥ ${minMs} ms over ${(t / 1000).toFixed(0)} s (${Math.round(longMs)} ms of ${Math.round(busyMs)} ms busy); longest: ${runs
      .map((r) => r.ms)
      .sort((a, b) => b - a)
      .slice(0, 10)
      .map((ms) => Math.round(ms))
      .join(', ')} ms`,
    `functions by inclusive time within them (share of the long runs' time):`,
  ];
  for (const [k, ms] of [...inLong].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${((100 * ms) / Math.max(1, longMs)).toFixed(1).padStart(5)} %  ${k}`);
  return out;
}
