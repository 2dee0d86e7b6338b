/**
 * CPU time per thread of a process, from /proc (Linux only): the main thread against V8's workers (concurrent
 * compilers and GC helpers) and libuv's pool. A CPU profile samples the main thread only, so work V8 does beside it
 * (optimizing and re-optimizing, concurrent marking) shows only here.
 */
import { readdirSync, readFileSync } from 'node:fs';

const tick = 10; // ms per clock tick (USER_HZ is 100 on Linux)

/** CPU ms per thread name ('main' for the process's own thread), or null where /proc is not readable. */
export function threadCpu(pid: number): Record<string, number> | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const out: Record<string, number> = {};
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * tick;
      const name = tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out[name] = (out[name] ?? 0) + ms;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** `after − before` per thread name, largest first, dropping names that used nothing. */
export function threadDelta(before: Record<string, number>, after: Record<string, number>): Array<[string, number]> {
  return Object.entries(after)
    .map(([k, v]) => [k, v - (before[k] ?? 0)] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
}
