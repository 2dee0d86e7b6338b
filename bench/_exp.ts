import { spawnChild } from './lib/rpc.js';
import { DASHBOARD_BODY } from './lib/dashboard.js';
const sim = await spawnChild('sim', { core: 1 });
const info = await sim.call('info');
const flags = (process.env.FLAGS ?? '').split(' ').filter(Boolean);
const gw = await spawnChild(process.env.CHILD ?? 'gateway', { core: 0, env: { BENCH_ENV: JSON.stringify({ ...info.env, ...JSON.parse(process.env.XENV ?? '{}') }), BENCH_IDENTITIES: JSON.stringify(info.identities) }, nodeFlags: flags });
const lg = await spawnChild('loadgen', { core: 1 });
const g = await gw.call('info');
const target = { url: g.url + '/graphql', method: 'POST', body: DASHBOARD_BODY };
await lg.call('autocannon', { target, connections: 16, seconds: 2 });
for (let i = 0; i < 3; i++) {
  const a = (await gw.call('stats')).cpuMs;
  const r = await lg.call('autocannon', { target, connections: 16, seconds: 4 });
  const b = (await gw.call('stats')).cpuMs;
  console.log(`rps ${r.rps.toFixed(0)} cpu ms/query ${((b - a) / r.total).toFixed(2)}`);
}
await gw.kill(); await lg.kill(); await sim.kill();
