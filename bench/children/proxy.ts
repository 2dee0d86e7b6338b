/**
 * Bench child: the REST-proxy baseline. node:http + an undici Pool to Sinch; one GET /dashboard fetches the three
 * Sinch resources in parallel and assembles the same JSON as ccgraph's dashboard query (bench/lib/dashboard.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { assembleDashboard, dashboardPaths, PAGE, sortPeople, type ProxyPerson } from '../lib/dashboard.js';
import { processStats, serve } from '../lib/rpc.js';
import { assembleDistinct, filterPeople, parseProxyPath, pathsFor, peopleOf } from '../lib/distinct.js';

interface Identity {
  key: string;
  name: string;
  accounts: { sinch?: string };
}
const sinchBase = new URL(process.env.BENCH_SINCH_URL!);
const auth = `Basic ${Buffer.from(`${process.env.BENCH_SINCH_USER}:${process.env.BENCH_SINCH_PASSWORD}`).toString('base64')}`;
// The identity file, loaded once at start (the gateway caches its directory too).
const people = sortPeople(
  (JSON.parse(process.env.BENCH_IDENTITIES ?? '[]') as Identity[]).map((i): ProxyPerson => ({ key: i.key, name: i.name, sinchId: i.accounts.sinch })),
);
const page = people.slice(0, PAGE);
const basePath = sinchBase.pathname.replace(/\/+$/, '');
const pool = new Pool(sinchBase.origin, { connections: 32 });

async function getJson(path: string): Promise<any[]> {
  const res = await pool.request({ path: basePath + path, method: 'GET', headers: { accept: 'application/json', authorization: auth } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`sinch ${path.split('?')[0]} answered ${res.statusCode}`);
  return JSON.parse(text);
}

// S1b: distinct dashboards (bench/lib/distinct.ts), `GET /dashboard?fields=…&first=…&offset=…&text=…`.
const distinctPeople = peopleOf(JSON.parse(process.env.BENCH_IDENTITIES ?? '[]'));
const none = Promise.resolve([] as any[]);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/dashboard?')) {
    const r = parseProxyPath(req.url);
    if (!r) {
      res.writeHead(400).end();
      return;
    }
    const now = new Date();
    const matching = filterPeople(distinctPeople, r.text);
    const paths = pathsFor(r, matching.slice(r.offset, r.offset + r.first), now);
    Promise.all([paths.agents ? getJson(paths.agents) : none, getJson(paths.queueStatuses), paths.summaries ? getJson(paths.summaries) : none]).then(
      ([agents, statuses, summaries]) => {
        const body = JSON.stringify(assembleDistinct(r, matching, agents, statuses, summaries, now));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      },
      (e: Error) => res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: e.message }] })),
    );
    return;
  }
  if (req.method !== 'GET' || req.url !== '/dashboard') {
    res.writeHead(404).end();
    return;
  }
  const now = new Date();
  const paths = dashboardPaths(page, now);
  Promise.all([getJson(paths.agents), getJson(paths.queueStatuses), getJson(paths.summaries)]).then(
    ([agents, statuses, summaries]) => {
      const body = JSON.stringify(assembleDashboard(people, agents, statuses, summaries, now));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    },
    (e: Error) => {
      const body = JSON.stringify({ errors: [{ message: e.message }] });
      res.writeHead(502, { 'content-type': 'application/json' }).end(body);
    },
  );
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

serve({
  info: () => ({ url }),
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
