import { execute, parse } from 'graphql';
import { startStack } from '../test/helpers/stack.js';
import { DASHBOARD_QUERY, DASHBOARD_BODY } from './lib/dashboard.js';
import { schema } from '../src/schema/index.js';
import { createLoaders } from '../src/schema/loaders.js';
const s = await startStack({ env: { NODE_ENV: 'production' } });
const services = s.gateway.services;
const doc = parse(DASHBOARD_QUERY);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
async function measure(name: string, n: number, conc: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn();
  const c0 = cpu(); let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i++ < n) await fn(); }));
  console.log(name, 'cpu ms/query', ((cpu() - c0) / n).toFixed(2));
}
const ctx = () => ({ requestId: 'x', services, auth: { enabled: false, roles: [], subject: null }, loaders: createLoaders(services) } as any);
// Vendor answers cached: connectors return the same parsed arrays.
const conn = services.connectors.sinch!;
const [agents, qs, sums] = await Promise.all([conn.listAgents({ ids: undefined }), conn.listQueueStatuses(), conn.listContactSummaries({ from: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())) })]);
console.log('rows', agents.length, qs.length, sums.length);
for (const conc of [1, 16]) {
  await measure(`yoga.fetch conc=${conc}`, 300, conc, async () => { const r = await s.gateway.yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: DASHBOARD_BODY }); await r.text(); });
  await measure(`graphql execute conc=${conc}`, 300, conc, async () => { const r = await execute({ schema, document: doc, contextValue: ctx() }); if ((r as any).errors) throw new Error(JSON.stringify((r as any).errors)); JSON.stringify(r); });
}
const orig = { la: conn.listAgents, lq: conn.listQueueStatuses, ls: conn.listContactSummaries };
(conn as any).listAgents = async () => agents; (conn as any).listQueueStatuses = async () => qs; (conn as any).listContactSummaries = async () => sums;
for (const conc of [1, 16]) {
  await measure(`execute, vendor cached conc=${conc}`, 300, conc, async () => { const r = await execute({ schema, document: doc, contextValue: ctx() }); JSON.stringify(r); });
  await measure(`yoga.fetch, vendor cached conc=${conc}`, 300, conc, async () => { const r = await s.gateway.yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: DASHBOARD_BODY }); await r.text(); });
}
await s.close();
