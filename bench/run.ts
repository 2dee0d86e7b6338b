/**
 * `npm run bench [-- --quick] [-- --only S1,S3]`: ccgraph against its baselines, in one run, on this machine.
 * Writes bench/results.json and bench/RESULTS.md. Not part of `npm test`.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, type Results } from './lib/report.js';
import { gatewayNodeFlags, taskset } from './lib/rpc.js';
import { PROFILES } from './profile.js';
import { runS1, runS2, runS3, sameJson, startHttpStack } from './scenarios/http.js';
import { LIVE_ENV, runLive } from './scenarios/live.js';
import { runS1b } from './scenarios/engine.js';
import { runS9, startPeerStack } from './scenarios/peer.js';
import { LONG_SCENARIOS, parseScaleArgs, scaleProfile } from './scenarios/long.js';
import { runS7, runS8 } from './scenarios/scale.js';

export const SCENARIOS = ['S1', 'S1B', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'] as const;
type Scenario = (typeof SCENARIOS)[number];

export function parseArgs(argv: string[]): { quick: boolean; only: Scenario[] } {
  let quick = false;
  let only: Scenario[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error('--only needs a list, e.g. --only S1,S3');
      only = v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) as Scenario[];
      const bad = only.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
      if (bad.length) throw new Error(`unknown scenario ${bad.join(', ')} (known: ${SCENARIOS.join(', ')})`);
    } else if (a === '--help' || a === '-h') {
      throw new Error('usage: npm run bench [-- --quick] [-- --only S1,S3] [-- --long [--soak-seconds N] [--s7-subscribers N] [--s7-sockets N] [--s8-subscribers N]]');
    } else throw new Error(`unknown argument ${a}`);
  }
  return { quick, only };
}

const uptime = () => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'unavailable';
  }
};

async function main() {
  const scale = parseScaleArgs(process.argv.slice(2));
  const { quick, only } = parseArgs(scale.rest);
  const p = PROFILES[quick ? 'quick' : 'full'];
  // S7/S8 only with --long (alone) or by name in --only.
  const isLong = (s: Scenario) => (LONG_SCENARIOS as readonly string[]).includes(s);
  const want = (s: Scenario) => (only.length ? only.includes(s) : scale.long === isLong(s));
  const twoCores = cpus().length >= 2 && taskset() !== null;
  const cores = twoCores ? { server: 0, client: 1 } : {};
  const started = new Date();
  const log = (s: string) => console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${s}`);
  const results: Results = {
    meta: {
      startedAt: started.toISOString(),
      finishedAt: '',
      durationSeconds: 0,
      profile: scale.long ? `long${quick ? ' (quick sizes)' : ''}` : p.name,
      only,
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      taskset: taskset() !== null,
      pinning: twoCores
        ? 'Processes: server under test (ccgraph, proxy, raw ws server, naive poller) pinned to core 0 with taskset; simulator and load generator / websocket client pinned to core 1; the orchestrator is not pinned.'
        : 'No pinning (taskset missing or a single core): every process shares the CPUs.',
      loadBefore: uptime(),
      loadAfter: '',
      env: { ...LIVE_ENV, POLL_SINCH_MS: String(p.live.pollMs), CCGRAPH_COST_BUDGET_PER_MINUTE: '0' },
      gatewayNodeFlags: gatewayNodeFlags(),
    },
    errors: {},
  };
  log(`profile ${p.name}${only.length ? `, only ${only.join(',')}` : ''}; ${results.meta.pinning}`);
  log(`load: ${results.meta.loadBefore}`);

  if (want('S1') || want('S2') || want('S3')) {
    const stack = await startHttpStack(cores, log);
    try {
      results.meta.sameJson = await sameJson(stack);
      log(`same JSON from ccgraph and the proxy: ${results.meta.sameJson.equal}`);
      for (const [name, run] of [
        ['S3', () => runS3(stack, p, log)],
        ['S1', () => runS1(stack, p, log)],
        ['S2', () => runS2(stack, p, log)],
      ] as const) {
        if (!want(name)) continue;
        log(`${name} …`);
        try {
          (results as any)[name.toLowerCase()] = await run();
        } catch (e) {
          results.errors[name] = e instanceof Error ? e.message : String(e);
          log(`${name} failed: ${results.errors[name]}`);
        }
      }
    } finally {
      await stack.close();
    }
  }

  if (want('S1B')) {
    log('S1b …');
    try {
      results.s1b = await runS1b(p, cores, log);
    } catch (e) {
      results.errors.S1b = e instanceof Error ? e.message : String(e);
      log(`S1b failed: ${results.errors.S1b}`);
    }
  }

  if (want('S4') || want('S5') || want('S6')) {
    log('S4/S5/S6 …');
    try {
      Object.assign(results, await runLive({ s4: want('S4'), s5: want('S5'), s6: want('S6') }, p, cores, log));
    } catch (e) {
      results.errors['S4–S6'] = e instanceof Error ? e.message : String(e);
      log(`live scenarios failed: ${results.errors['S4–S6']}`);
    }
  }

  const sp = scaleProfile(scale, quick);
  for (const [name, run] of [
    ['S7', () => runS7(sp.s7, cores, log)],
    ['S8', () => runS8(sp.s8, cores, log)],
  ] as const) {
    if (!want(name)) continue;
    log(`${name} …`);
    try {
      (results as any)[name.toLowerCase()] = await run();
    } catch (e) {
      results.errors[name] = e instanceof Error ? e.message : String(e);
      log(`${name} failed: ${results.errors[name]}`);
    }
  }

  if (want('S9')) {
    log('S9 …');
    try {
      const stack = await startPeerStack(cores, log);
      try {
        results.s9 = await runS9(stack, p, log);
      } finally {
        await stack.close();
      }
    } catch (e) {
      results.errors.S9 = e instanceof Error ? e.message : String(e);
      log(`S9 failed: ${results.errors.S9}`);
    }
  }

  const finished = new Date();
  results.meta.finishedAt = finished.toISOString();
  results.meta.durationSeconds = (finished.getTime() - started.getTime()) / 1000;
  results.meta.loadAfter = uptime();
  const dir = fileURLToPath(new URL('./', import.meta.url));
  // The long profile keeps its own files, so a run of S7/S8 leaves the default run's results alone.
  const suffix = (only.length ? only.every(isLong) : scale.long) ? '-long' : '';
  writeFileSync(`${dir}results${suffix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  const md = renderMarkdown(results);
  writeFileSync(`${dir}RESULTS${suffix}.md`, md);
  console.log(`\n${md}`);
  log(`wrote bench/results${suffix}.json and bench/RESULTS${suffix}.md`);
}

// Run only as the entry point (tests import parseArgs).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
