/**
 * Benchmark processes: every server and load generator runs in its own child (node + tsx), optionally pinned to a
 * core with `taskset` and with a raised file-descriptor limit, and is driven over the child_process IPC channel
 * with small request/response commands.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';

export type Handlers = Record<string, (args: any) => unknown>;

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Child side: answer the parent's commands; `ready` is sent once the handlers are installed. */
export function serve(own: Handlers): void {
  // Every child can report its event-loop stalls (`loopDelay`; the first call starts watching).
  let loop: ReturnType<typeof loopDelayMonitor> | undefined;
  const handlers: Handlers = { loopDelay: () => (loop ??= loopDelayMonitor())(), ...own };
  if (!process.send) throw new Error('bench child must be started with an IPC channel (bench/lib/rpc.ts spawnChild)');
  process.on('message', (msg: Request) => {
    // A clean exit (so --cpu-prof and similar flags can write their output).
    if (msg.cmd === 'exit') {
      process.send?.({ id: msg.id, ok: true }, () => process.exit(0));
      return;
    }
    void (async () => {
      let reply: Reply;
      try {
        const handler = handlers[msg.cmd];
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        reply = { id: msg.id, ok: true, result: await handler(msg.args) };
      } catch (e) {
        reply = { id: msg.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      process.send?.(reply);
    })();
  });
  // The parent going away (crash, Ctrl-C) must not leave load generators or servers behind.
  process.on('disconnect', () => process.exit(0));
  process.send({ id: 0, ok: true, result: 'ready' });
}

export interface Child {
  name: string;
  pid: number;
  call<T = any>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** CPU core (or taskset list, e.g. '0,1') to pin to; ignored when taskset is missing or the machine has one core. */
  core?: number | string | undefined;
  /** Raise `ulimit -n` to this (capped at the hard limit). */
  fileLimit?: number;
  env?: Record<string, string>;
  /** Extra node flags (e.g. --max-old-space-size). */
  nodeFlags?: string[];
}

let tasksetPath: string | null | undefined;
/** The taskset binary, or null when it is not installed. */
export function taskset(): string | null {
  if (tasksetPath === undefined) {
    const r = spawnSync('bash', ['-c', 'command -v taskset'], { encoding: 'utf8' });
    tasksetPath = r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  }
  return tasksetPath;
}

const childrenDir = fileURLToPath(new URL('../children/', import.meta.url));
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Node flags of every gateway child: those `npm start` runs the server with (package.json), then
 * BENCH_GATEWAY_FLAGS (space-separated, to A/B a V8 setting; a later flag wins).
 */
export function gatewayNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return [...startNodeFlags(pkg.scripts.start), ...(process.env.BENCH_GATEWAY_FLAGS?.split(' ').filter(Boolean) ?? [])];
}

/** The V8/node flags of a `node … src/main.ts` command line, without the loader (`--import tsx`). */
export function startNodeFlags(command: string): string[] {
  const words = command.split(/\s+/);
  return words.filter((w, i) => w.startsWith('--') && w !== '--import' && words[i - 1] !== '--import');
}

/** Starts bench/children/<name>.ts and resolves once it is ready for commands. */
export async function spawnChild(name: string, opts: SpawnOptions = {}): Promise<Child> {
  const script = `${childrenDir}${name}.ts`;
  const flags = ['--expose-gc', '--import', 'tsx', ...(opts.nodeFlags ?? []), ...(name === 'gateway' ? gatewayNodeFlags() : [])];
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const node = [process.execPath, ...flags, script].map(quote).join(' ');
  const pin = opts.core !== undefined && taskset() ? `${quote(taskset()!)} -c ${opts.core} ` : '';
  const ulimit = opts.fileLimit ? `ulimit -n $(( $(ulimit -Hn) < ${opts.fileLimit} ? $(ulimit -Hn) : ${opts.fileLimit} )) 2>/dev/null; ` : '';
  const proc = spawn('bash', ['-c', `${ulimit}exec ${pin}${node}`], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', ...opts.env }, // graphql-js reads it once at load: production mode for every server, as deployed
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  });
  live.add(proc);
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const readyP = new Promise<void>((res, rej) => {
    ready = res;
    failed = rej;
  });
  proc.on('message', (m: Reply) => {
    if (m.id === 0) return ready();
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${name}: ${m.error}`));
  });
  proc.on('exit', (code, signal) => {
    live.delete(proc);
    const e = new Error(`${name} exited (code ${code}, signal ${signal})`);
    failed(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  await readyP;
  return {
    name,
    pid: proc.pid!,
    call<T>(cmd: string, args?: unknown, timeoutMs = 600_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        proc.send({ id, cmd, args });
      });
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Wall clock with sub-millisecond resolution, comparable across processes on one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * Process CPU time (ms) and memory, after a full GC when --expose-gc is on; with `withResident`, also where resident
 * memory sits (reads /proc/self/smaps: S7 asks for it outside its timed windows, nothing else does).
 */
export function processStats(
  gc = false,
  withResident = false,
  withSpaces = false,
): { cpuMs: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; resident: Resident | null; spaces?: HeapSpaces } {
  if (gc && global.gc) {
    global.gc();
    global.gc();
  }
  const c = process.cpuUsage();
  const m = process.memoryUsage();
  return {
    cpuMs: (c.user + c.system) / 1000,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    resident: withResident ? resident() : null,
    ...(withSpaces ? { spaces: heapSpaces() } : {}),
  };
}

/** Per V8 heap space (old_space, new_space, code_space, large_object_space, …): bytes reserved and bytes in use. */
export type HeapSpaces = Record<string, { size: number; used: number }>;

function heapSpaces(): HeapSpaces {
  return Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
}

/** Where resident memory sits (bytes): V8's heap pages, glibc's main heap (brk), other anonymous mappings, files. */
export interface Resident {
  v8Heap: number;
  brk: number;
  anon: number;
  files: number;
}

function resident(): Resident | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null; // not Linux
  }
  const r: Resident = { v8Heap: getHeapStatistics().total_physical_size, brk: 0, anon: 0, files: 0 };
  let kind: 'brk' | 'anon' | 'files' = 'anon';
  for (const line of text.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1]!;
      kind = name === '[heap]' ? 'brk' : name === '' ? 'anon' : 'files';
    } else if (line.startsWith('Rss:')) r[kind] += Number(line.slice(4).trim().split(/\s+/)[0]) * 1024;
  }
  return r;
}

/**
 * This process's event-loop stalls since the previous call (`loopDelay` handler of the children): p99 and max in
 * ms, and the stalls over `overMs` with their wall-clock start, so a latency tail can be told apart from a stall of
 * the server, the simulator or the load generator itself.
 */
export function loopDelayMonitor(overMs = 15): () => { p99: number; max: number; stalls: Array<{ at: number; ms: number }> } {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let stalls: Array<{ at: number; ms: number }> = [];
  let last = wallNow();
  const timer = setInterval(() => {
    const now = wallNow();
    if (now - last > overMs + 2) stalls.push({ at: last, ms: now - last - 2 });
    last = now;
  }, 2);
  timer.unref();
  return () => {
    const out = { p99: h.percentile(99) / 1e6, max: h.max / 1e6, stalls };
    h.reset();
    stalls = [];
    return out;
  };
}
