/** Runs the simulator standalone: `npm run simulator` (env SIM_SEED, SIM_AGENTS, SIM_QUEUES, SIM_PORT, SIM_SPEED, SIM_VARIANTS). */
import { startSimulator } from './index.js';

const int = (name: string, def: number): number => {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer`);
    process.exit(2);
  }
  return n;
};

const sim = await startSimulator({
  seed: int('SIM_SEED', 42),
  agents: int('SIM_AGENTS', 50),
  queues: int('SIM_QUEUES', 6),
  port: int('SIM_PORT', 4010),
  speed: int('SIM_SPEED', 1) || 1,
  variants: process.env.SIM_VARIANTS ?? '',
  host: process.env.SIM_HOST || '127.0.0.1',
});

// These are fixed demo credentials of the simulator, not secrets: print them so a gateway can be pointed here.
console.log(`# contact-center simulator on ${sim.url} (${sim.model.agents.length} agents, ${sim.model.queues.length} queues)`);
for (const [k, v] of Object.entries(sim.env())) console.log(`${k}=${v}`);
console.log(`# control: ${sim.url}/_sim/counters, /_sim/identities, POST /_sim/faults, POST /_sim/advance?ms=`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
