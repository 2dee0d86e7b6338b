/**
 * Background health probe: one cheap read per configured vendor when the gateway starts, then periodically, so
 * `vendors { reachable }` knows the answer before anyone has called the vendor (and keeps knowing for vendors that
 * nobody calls). Owned by one gateway (started by listen(), stopped by close()); nothing process-wide.
 *
 * A periodic probe is skipped for a vendor that real calls reached within the interval (they say the same, and
 * a probe on top would only add load and count in its circuit breaker). Each probe is the smallest harmless read of the vendor's API, through the connector (so it uses the same
 * credentials, limits and circuit breaker as real calls). cc_agent has no read API and every one of its endpoints
 * changes an agent, so its probe only opens a TCP connection to the API's host and port: it proves the host
 * accepts connections, not that the key is valid.
 */
import { connect } from 'node:net';
import type { VendorName } from '../domain/vendors.js';
import { VENDORS } from '../domain/vendors.js';
import type { Connectors } from '../vendors/types.js';

export interface ProbeResult {
  /** When the last probe finished. */
  at: Date;
  /** The vendor answered the probe as expected. */
  ok: boolean;
  /** The vendor answered at all (an error status still proves it is reachable; a timeout does not). */
  reachable: boolean;
  /** How long the last probe took (ms). */
  latencyMs: number;
  /** The error code of the last probe when it failed (a `vendorCode`, e.g. `TIMEOUT`, `UNAUTHORIZED`). */
  errorCode: string | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** The error code of the last failed probe (kept after later successes, with lastFailureAt). */
  lastFailureCode: string | null;
  /** What the probe does, e.g. `GET /userstatuses` or `TCP connect`. */
  method: string;
}

export interface VendorProbeOptions {
  connectors: Connectors;
  /** ms between probes (default 30 s); 0: probe once at start only. */
  intervalMs?: number;
  /** Per-vendor floor on the interval (wolkvox asks for one call per 5 minutes per report). */
  minIntervalMs?: Partial<Record<VendorName, number>>;
  /** Deadline of one probe (default 5 s), or per vendor (their own call deadlines). */
  timeoutMs?: number | Partial<Record<VendorName, number>>;
  /** cc_agent's base URL (its probe is a TCP connect to that host). */
  ccagentBaseUrl?: string;
  /** wolkvox's base URL (its probe is a TCP connect too: every report call spends a token). */
  wolkvoxBaseUrl?: string;
}

type Probe = { method: string; run: (signal: AbortSignal) => Promise<void> };

const ONE_MINUTE = 60_000;

export class VendorProbe {
  private readonly results = new Map<VendorName, ProbeResult>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly probes = new Map<VendorName, Probe>();
  private stopped = false;

  constructor(private readonly opts: VendorProbeOptions) {
    const c = opts.connectors;
    const window = () => ({ from: new Date(Date.now() - ONE_MINUTE), to: new Date() });
    if (c.sinch) {
      const s = c.sinch;
      this.probes.set('sinch', { method: 'GET /userstatuses', run: async (signal) => void (await s.listUserStatuses({ signal })) });
    }
    if (c.cobrowser) {
      const s = c.cobrowser;
      this.probes.set('cobrowser', { method: 'getOnlineAgents', run: async (signal) => void (await s.getOnlineAgents({ signal })) });
    }
    if (c.thulium) {
      const s = c.thulium;
      // A login nobody has: an empty one-minute report.
      this.probes.set('thulium', {
        method: 'GET /api/agents_work_report (one minute, no agent)',
        run: async (signal) => void (await s.agentWorkReport({ logins: ['ccgraph-health-probe'], ...window() }, { signal })),
      });
    }
    // Every wolkvox call spends a daily token and one of its two slots, and real report calls already tell whether
    // it answers: the probe only checks that its host accepts connections.
    if (c.wolkvox && opts.wolkvoxBaseUrl) this.probes.set('wolkvox', tcpProbe(opts.wolkvoxBaseUrl, 'TCP connect (report calls spend daily tokens)'));
    if (c.ccagent && opts.ccagentBaseUrl) this.probes.set('ccagent', tcpProbe(opts.ccagentBaseUrl, 'TCP connect (cc_agent has no read API)'));
  }

  /** Probes every vendor now (resolves when all have answered or timed out), then keeps probing in the background. */
  async start(): Promise<void> {
    const interval = this.opts.intervalMs ?? 30_000;
    await Promise.all([...this.probes.keys()].map((v) => this.probe(v)));
    if (interval <= 0 || this.stopped) return;
    for (const vendor of this.probes.keys()) {
      const every = Math.max(interval, this.opts.minIntervalMs?.[vendor] ?? 0);
      const timer = setInterval(() => {
        // Real calls within the interval already tell whether the vendor answers: no probe on top of them.
        const h = this.opts.connectors[vendor]?.health();
        const lastCall = Math.max(h?.lastSuccessAt?.getTime() ?? 0, h?.lastErrorAt?.getTime() ?? 0);
        const lastProbe = this.results.get(vendor)?.at.getTime() ?? 0;
        if (vendor !== 'ccagent' && lastCall > lastProbe && Date.now() - lastCall < every) return;
        void this.probe(vendor);
      }, every);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  /** The last probe of `vendor`; null before the first one finished (or when it is not configured). */
  result(vendor: VendorName): ProbeResult | null {
    return this.results.get(vendor) ?? null;
  }

  /** Every vendor's last probe, in precedence order. */
  all(): Array<[VendorName, ProbeResult | null]> {
    return VENDORS.map((v) => [v, this.result(v)]);
  }

  private async probe(vendor: VendorName): Promise<void> {
    const probe = this.probes.get(vendor);
    if (!probe || this.stopped) return;
    const started = performance.now();
    const t = this.opts.timeoutMs;
    const signal = AbortSignal.timeout((typeof t === 'number' ? t : t?.[vendor]) ?? 5_000);
    let errorCode: string | null = null;
    try {
      await probe.run(signal);
    } catch (e) {
      errorCode = signal.aborted ? 'TIMEOUT' : codeOf(e);
    }
    const at = new Date();
    const prev = this.results.get(vendor);
    const ok = errorCode === null;
    this.results.set(vendor, {
      at,
      ok,
      reachable: ok || !UNREACHABLE.has(errorCode ?? ''),
      latencyMs: Math.round(performance.now() - started),
      errorCode,
      lastSuccessAt: ok ? at : (prev?.lastSuccessAt ?? null),
      lastFailureAt: ok ? (prev?.lastFailureAt ?? null) : at,
      lastFailureCode: ok ? (prev?.lastFailureCode ?? null) : errorCode,
      method: probe.method,
    });
  }
}

/** Codes that mean no answer came back from the vendor (anything else was an answer, even a refusal). */
const UNREACHABLE = new Set(['TIMEOUT', 'NETWORK', 'CIRCUIT_OPEN']);

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'NETWORK';
}

function tcpProbe(baseUrl: string, method: string): Probe {
  const url = new URL(baseUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return { method, run: (signal) => tcpConnect(url.hostname, port, signal) };
}

function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (e: unknown) => {
      socket.destroy();
      reject(Object.assign(new Error('connect failed'), { code: signal.aborted ? 'TIMEOUT' : 'NETWORK', cause: e }));
    };
    signal.addEventListener('abort', fail, { once: true });
    socket.once('error', fail);
    socket.once('connect', () => {
      signal.removeEventListener('abort', fail);
      socket.end();
      resolve();
    });
  });
}
