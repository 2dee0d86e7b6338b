/**
 * The resilience stack: the simulator plus the real gateway (src/server.ts) on 127.0.0.1, built like
 * test/helpers/stack.ts but with everything the server prints captured (pino at `trace` into memory, plus
 * console), a tunable circuit breaker, and a raw HTTP client that records every response so the suite can prove
 * that no secret and no vendor URL with a query string ever leaves the process.
 */
import { Agent, request } from 'undici';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { createConnectors } from '../../src/vendors/index.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method?: string;
  /** Path and query under the gateway, default `/graphql`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface ResilienceStack {
  sim: Simulator;
  gateway: Gateway;
  config: Config;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Every line the server's logger wrote (trace level), and every console call made meanwhile. */
  printed: string[];
  /** One request over real HTTP (undici, keep-alive); the response text is checked for leaks before returning. */
  http(req: RawRequest): Promise<RawResponse>;
  /** POST application/json of `{ query, variables }`, parsed. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GqlBody<T> }>;
  /** Leaks found so far (in responses, headers and printed output); the suite asserts this stays empty. */
  leaks(): string[];
  /** Scans a text the test received by another path (e.g. websocket frames) and records what it finds. */
  scan(where: string, text: string): void;
  /** What `scan` would find in a text, without recording it (to test the detector itself). */
  findLeaks(text: string): string[];
  close(): Promise<void>;
}

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, any>;
}
export interface GqlBody<T = any> {
  data?: T | null;
  errors?: GqlError[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every form a configured secret could take on the wire or in a log line. */
export function secretForms(sim: Simulator, config: Config): string[] {
  const c = sim.credentials;
  const values = new Set<string>([...config.secrets]);
  for (const creds of Object.values(c)) for (const v of Object.values(creds)) values.add(v);
  const forms = new Set<string>();
  for (const v of values) {
    forms.add(v);
    forms.add(encodeURIComponent(v));
    forms.add(Buffer.from(v).toString('base64'));
  }
  // Basic auth header values (Sinch, Thulium).
  forms.add(Buffer.from(`${c.sinch.username}:${c.sinch.password}`).toString('base64'));
  forms.add(Buffer.from(`${c.thulium.username}:${c.thulium.password}`).toString('base64'));
  return [...forms].filter((f) => f.length >= 6);
}

/** Vendor URLs (or vendor paths) that carry a query string: where API keys travel. */
export function vendorUrlPatterns(sim: Simulator): RegExp[] {
  const host = new URL(sim.url).host;
  return [
    new RegExp(`${escapeRe(host)}/[^\\s"'\\\\]*\\?`),
    /\/cobrowser\/api\/Account\.php\?/,
    /reports_manager\.php\?/,
    /agents_work_report\?/,
    /\/api\/cc_agent\/[A-Za-z]+\?/,
    /\/RI\/rmi\/[^\s"'\\]*\?/,
  ];
}

/** Text that gives away internals: stack frames or source paths. */
export const INTERNALS: RegExp[] = [
  /\bat [^\s()]+ \(?[^\s()]*:\d+:\d+\)?/, // "at fn (file:1:2)"
  /\/work\/main\//,
  /node_modules/,
  /file:\/\//,
  /\b[\w/.-]+\.(ts|js|mjs|cjs):\d+/,
];

export async function startResilienceStack(
  opts: {
    sim?: SimulatorOptions;
    env?: Record<string, string>;
    /** Circuit breaker of every connector (defaults here: 3 failures, 300 ms half-open delay). */
    breakerThreshold?: number;
    halfOpenAfterMs?: number;
  } = {},
): Promise<ResilienceStack> {
  const sim = await startSimulator({ seed: 11, agents: 12, queues: 3, autoTick: false, ...opts.sim });
  // The simulator stops working on a call the moment its client leaves, so an abandoned wolkvox call frees the
  // token at once (the real vendor may work on for 60 s: WOLKVOX_CALL_LIMIT_MS, tested in test/vendors/wolkvox.test.ts).
  const config = loadConfig({ ...sim.env(), LOG_LEVEL: 'trace', WOLKVOX_CALL_LIMIT_MS: '0', ...opts.env });
  const printed: string[] = [];
  const logger = createLogger({
    level: 'trace',
    secrets: config.secrets,
    destination: { write: (line: string) => void printed.push(line) },
  });
  const connectors = createConnectors(config.vendors, {
    secrets: config.secrets,
    breakerThreshold: opts.breakerThreshold ?? 3,
    halfOpenAfterMs: opts.halfOpenAfterMs ?? 300,
    // Same observer as the composition root, so its log lines are part of what is scanned.
    onCall: (e) =>
      logger.debug({ vendor: e.vendor, endpoint: e.endpoint, status: e.status, ms: Math.round(e.durationMs), error: e.errorCode }, 'vendor call'),
  });
  const gateway = createGateway({ config, logger, identityFile: sim.identities(), connectors });
  const url = await gateway.listen(0, '127.0.0.1');

  // Anything printed outside the logger (a stray console.log in a resolver) counts as printed too.
  const detachConsole = captureConsole(printed);

  const forms = secretForms(sim, config);
  const urlPatterns = vendorUrlPatterns(sim);
  const found: string[] = [];
  const findLeaks = (text: string): string[] => {
    const out: string[] = [];
    for (const f of forms) if (text.includes(f)) out.push(`secret form ${JSON.stringify(f.slice(0, 4))}… in ${excerpt(text, f)}`);
    for (const re of urlPatterns) {
      const m = re.exec(text);
      if (m) out.push(`vendor URL with query string ${JSON.stringify(m[0])}`);
    }
    return out;
  };
  const scan = (where: string, text: string) => {
    for (const l of findLeaks(text)) found.push(`${where}: ${l}`);
  };

  const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 2_000 });
  const http = async (req: RawRequest): Promise<RawResponse> => {
    const res = await request(`${url}${req.path ?? '/graphql'}`, {
      method: (req.method ?? 'POST') as 'POST',
      headers: req.headers ?? {},
      ...(req.body !== undefined ? { body: req.body } : {}),
      dispatcher,
      headersTimeout: 20_000,
      bodyTimeout: 20_000,
    });
    const text = await res.body.text();
    const out: RawResponse = { status: res.statusCode, headers: res.headers, text };
    scan(`response ${req.method ?? 'POST'} ${req.path ?? '/graphql'}`, `${JSON.stringify(res.headers)}\n${text}`);
    return out;
  };

  let closed = false;
  return {
    sim,
    gateway,
    config,
    url,
    printed,
    http,
    async gql(query, variables) {
      const r = await http({
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: r.status, body: JSON.parse(r.text) };
    },
    leaks() {
      const out = [...found];
      printed.forEach((line, i) => out.push(...findLeaks(line).map((l) => `printed line ${i}: ${l}`)));
      return out;
    },
    scan,
    findLeaks,
    async close() {
      if (closed) return;
      closed = true;
      detachConsole();
      await dispatcher.close().catch(() => undefined);
      await gateway.close({ drainMs: 200 });
      await sim.close();
    },
  };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const consoleSinks = new Set<string[]>();
let consoleOriginals: Array<readonly [(typeof CONSOLE_METHODS)[number], (...args: unknown[]) => void]> | undefined;

/** One process-wide console patch feeding every open stack (several stacks may be open at once). */
function captureConsole(sink: string[]): () => void {
  if (!consoleOriginals) {
    consoleOriginals = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
    for (const [m, original] of consoleOriginals) {
      console[m] = (...args: unknown[]) => {
        const line = args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' ');
        for (const s of consoleSinks) s.push(line);
        // Recorded (and scanned) rather than echoed: hostile websocket frames make graphql-ws print a stack trace
        // each. RESILIENCE_ECHO=1 shows everything.
        if (process.env.RESILIENCE_ECHO === '1') original.apply(console, args);
      };
    }
  }
  consoleSinks.add(sink);
  return () => {
    consoleSinks.delete(sink);
    if (consoleSinks.size === 0 && consoleOriginals) {
      for (const [m, original] of consoleOriginals) console[m] = original;
      consoleOriginals = undefined;
    }
  };
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function excerpt(text: string, needle: string): string {
  const i = text.indexOf(needle);
  return JSON.stringify(text.slice(Math.max(0, i - 60), i + needle.length + 20));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A vendor that misbehaves in ways the simulator does not: a handler per request, with a count of requests. The
 * gateway is pointed at it through `<VENDOR>_BASE_URL` (credentials stay the simulator's).
 */
export interface RogueVendor {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startRogueVendor(
  handle: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<RogueVendor> {
  const { createServer } = await import('node:http');
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => n,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Writes `totalBytes` of a JSON array body (or forever when Infinity), respecting back-pressure. */
export function streamBody(res: import('node:http').ServerResponse, totalBytes: number, declareLength: boolean): void {
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength && Number.isFinite(totalBytes) ? { 'content-length': String(totalBytes) } : {}) });
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let sent = 0;
  res.write('[');
  sent++;
  const pump = () => {
    while (!res.destroyed && sent < totalBytes) {
      const n = Math.min(chunk.length, totalBytes - sent - 1);
      if (n <= 0) break;
      sent += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed && sent >= totalBytes - 1) res.end(']');
  };
  pump();
}
