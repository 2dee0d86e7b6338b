import { startStack } from '../helpers/stack.js';
import { securityYogaOptions } from '../../src/security/limits.js';
const orig = console.error;
const s = await startStack({ sim: { agents: 4, queues: 1 } });
for (const n of [2200, 2900, 5000, 20000]) {
  const q = `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`;
  const r = await s.run(q);
  console.log(n, r.status, JSON.stringify(r.body).slice(0, 150));
}
await s.close();
