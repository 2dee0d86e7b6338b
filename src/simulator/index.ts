/**
 * A living contact center that serves all five vendor APIs as their docs describe them, from one seeded model.
 * Used by `npm start` (demo), the gateway's tests and the benchmarks. See README.md.
 */
import type { IdentityFileEntry } from '../domain/model.js';
import type { VendorName } from '../domain/vendors.js';
import { ccagentApi } from './ccagent.js';
import { cobrowserApi } from './cobrowser.js';
import { Counters, Faults, startHttp, type Fault } from './http.js';
import { SimModel } from './model.js';
import { sinchApi } from './sinch.js';
import { thuliumApi } from './thulium.js';
import { wolkvoxApi } from './wolkvox.js';
import { parseVariantsSetting, withVariants } from './variants.js';

export type { Fault } from './http.js';
export { SimModel } from './model.js';
export type { SimAgent, SimQueue, SimContact, SimAgentState, SimMembership, SimPresence } from './model.js';

export interface SimulatorOptions {
  /** Default 42. */
  seed?: number;
  /** Default 50 (5,000 works). */
  agents?: number;
  /** Default 6. */
  queues?: number;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Virtual clock start; default now (real time, so contact times and waiting durations agree with the wall clock). */
  startTime?: Date;
  /** Default true: the model advances with real time (× speed); false: only advance() moves it. */
  autoTick?: boolean;
  /** Simulated ms per real ms; default 1. */
  speed?: number;
  /**
   * Answer with variants of the documented shapes (variants.ts): `true`/`'1'` for every vendor, or a list such as
   * `'sinch,thulium'`. Seeded by `seed`. Default off (the strict simulator).
   */
  variants?: string | boolean | readonly VendorName[];
}

/** Fixed demo credentials: distinctive strings, so tests can grep logs and responses to prove none leaks. */
export const SIM_CREDENTIALS = {
  sinch: { username: 'sim-sinch-user', password: 'sim-sinch-pw-7Q2x9Lk4' },
  cobrowser: { user: 'sim-cobrowser', apiKey: 'sim-cobrowser-key-Vb81Zp3r' },
  wolkvox: { token: 'sim-wolkvox-token-Hq5mT0c2' },
  thulium: { username: 'sim-thulium-api', password: 'sim-thulium-pw-Rw4nE7s1' },
  ccagent: { apiKey: 'sim-ccagent-key-Jd93Ux6y' },
} as const;

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  baseUrls: { sinch: string; cobrowser: string; wolkvox: string; thulium: string; ccagent: string };
  credentials: typeof SIM_CREDENTIALS;
  /** Env vars that point a gateway at this simulator (SINCH_BASE_URL, SINCH_USERNAME, ... CCAGENT_API_KEY). */
  env(): Record<string, string>;
  /** Every person with all their accounts, in the CCGRAPH_IDENTITIES format. */
  identities(): IdentityFileEntry[];
  /** Read access for tests (agents, queues, contacts, clock). */
  model: SimModel;
  /** Steps the virtual clock deterministically. */
  advance(ms: number): void;
  now(): Date;
  faults: { set(vendor: VendorName, fault: Fault): void; clear(vendor?: VendorName): void };
  counters: { get(): Record<string, number>; total(vendor?: VendorName): number; reset(): void };
  close(): Promise<void>;
}

const TICK_MS = 200;

export function identitiesOf(model: SimModel): IdentityFileEntry[] {
  return model.agents.map((a) => ({
    key: a.key,
    name: `${a.firstName} ${a.lastName}`,
    email: a.email,
    accounts: {
      sinch: a.id,
      ...(a.cobrowserId ? { cobrowser: a.cobrowserId } : {}),
      ...(a.thuliumLogin ? { thulium: a.thuliumLogin } : {}),
      ...(a.wolkvoxId ? { wolkvox: a.wolkvoxId } : {}),
      ...(a.ccUserId !== null ? { ccagent: String(a.ccUserId) } : {}),
    },
  }));
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const seed = opts.seed ?? 42;
  const agents = opts.agents ?? 50;
  const queues = opts.queues ?? 6;
  if (!Number.isInteger(agents) || agents < 1) throw new Error('agents must be a positive integer');
  if (!Number.isInteger(queues) || queues < 1) throw new Error('queues must be a positive integer');
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new Error('speed must be positive');
  const startMs = opts.startTime ? opts.startTime.getTime() : Date.now();
  // Ticks count from here, so the time spent building the model and binding the port is not lost.
  const startedAt = performance.now();

  const model = new SimModel({ seed, agents, queues, startMs });
  const variants = parseVariantsSetting(opts.variants);
  const counters = new Counters();
  const faults = new Faults(seed);
  const creds = SIM_CREDENTIALS;
  const http = await startHttp({
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    apis: [
      sinchApi(model, creds.sinch),
      cobrowserApi(model, creds.cobrowser),
      wolkvoxApi(model, creds.wolkvox),
      thuliumApi(model, creds.thulium),
      ccagentApi(model, creds.ccagent),
    ].map((api) => (variants.has(api.vendor) ? withVariants(api, seed) : api)),
    counters,
    faults,
    control: {
      identities: () => identitiesOf(model),
      advance: (ms) => model.advance(ms),
      now: () => model.now(),
    },
  });

  let timer: NodeJS.Timeout | undefined;
  if (opts.autoTick ?? true) {
    let last = startedAt;
    timer = setInterval(() => {
      const t = performance.now();
      model.advance((t - last) * speed);
      last = t;
    }, TICK_MS);
    timer.unref();
  }

  const url = http.url;
  const baseUrls = {
    sinch: `${url}/sinch/RI/rmi`,
    cobrowser: `${url}/cobrowser`,
    wolkvox: `${url}/wolkvox`,
    thulium: `${url}/thulium`,
    ccagent: `${url}/ccagent`,
  };
  let closed: Promise<void> | undefined;

  return {
    url,
    baseUrls,
    credentials: creds,
    env: () => ({
      SINCH_BASE_URL: baseUrls.sinch,
      SINCH_USERNAME: creds.sinch.username,
      SINCH_PASSWORD: creds.sinch.password,
      COBROWSER_BASE_URL: baseUrls.cobrowser,
      COBROWSER_USER: creds.cobrowser.user,
      COBROWSER_API_KEY: creds.cobrowser.apiKey,
      WOLKVOX_BASE_URL: baseUrls.wolkvox,
      WOLKVOX_TOKEN: creds.wolkvox.token,
      THULIUM_BASE_URL: baseUrls.thulium,
      THULIUM_USERNAME: creds.thulium.username,
      THULIUM_PASSWORD: creds.thulium.password,
      CCAGENT_BASE_URL: baseUrls.ccagent,
      CCAGENT_API_KEY: creds.ccagent.apiKey,
    }),
    identities: () => identitiesOf(model),
    model,
    advance: (ms) => model.advance(ms),
    now: () => model.now(),
    faults: { set: (v, f) => faults.set(v, f), clear: (v) => faults.clear(v) },
    counters: { get: () => counters.get(), total: (v) => counters.total(v), reset: () => counters.reset() },
    close: () => {
      if (timer) clearInterval(timer);
      closed ??= http.close();
      return closed;
    },
  };
}
