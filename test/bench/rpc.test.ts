/** The process harness: children start over bash (ulimit) + taskset, answer commands, and really are pinned. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { gatewayNodeFlags, spawnChild, startNodeFlags, taskset, type Child } from '../../bench/lib/rpc.js';

let sim: Child | undefined;
afterAll(async () => {
  await sim?.kill();
});

describe('bench child processes', () => {
  it('a pinned simulator child answers commands and logs vendor request spans', async () => {
    const pin = taskset() !== null && cpus().length >= 2;
    sim = await spawnChild('sim', { core: pin ? 1 : undefined, fileLimit: 4096 });
    const status = readFileSync(`/proc/${sim.pid}/status`, 'utf8');
    if (pin) expect(status).toMatch(/Cpus_allowed_list:\s+1\n/);
    const limits = readFileSync(`/proc/${sim.pid}/limits`, 'utf8');
    const soft = Number(/Max open files\s+(\d+)/.exec(limits)?.[1]);
    expect(soft).toBeGreaterThan(0);
    expect(soft).toBeLessThanOrEqual(4096);

    const info = await sim.call<{ baseUrls: { sinch: string }; credentials: any }>('info');
    await sim.call('resetCounters');
    await sim.call('startSpans');
    const auth = `Basic ${Buffer.from(`${info.credentials.sinch.username}:${info.credentials.sinch.password}`).toString('base64')}`;
    const res = await fetch(`${info.baseUrls.sinch}/queueStatuses`, { headers: { accept: 'application/json', authorization: auth } });
    expect(res.status).toBe(200);
    await res.text();
    const spans = await sim.call<Array<{ path: string; start: number; end: number }>>('stopSpans');
    expect(spans).toHaveLength(1);
    expect(spans[0]!.path).toBe('/sinch/RI/rmi/queueStatuses');
    expect(spans[0]!.end).toBeGreaterThanOrEqual(spans[0]!.start);
    expect(await sim.call('counters')).toEqual({ 'sinch GET /queueStatuses': 1 });
    await expect(sim.call('nope')).rejects.toThrow(/unknown command nope/);
  });
});

describe('gateway node flags', () => {
  it('the bench gateway, `npm start` and the Docker image run node with the same flags', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const start = startNodeFlags(pkg.scripts.start);
    expect(start).toContain('--max-semi-space-size=32'); // S7/S8: bench/README.md, tenth pass
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'))?.[1];
    expect(startNodeFlags(JSON.parse(cmd!).join(' '))).toEqual(start);
    try {
      vi.stubEnv('BENCH_GATEWAY_FLAGS', undefined);
      expect(gatewayNodeFlags()).toEqual(start);
      vi.stubEnv('BENCH_GATEWAY_FLAGS', '--trace-gc --max-semi-space-size=64');
      expect(gatewayNodeFlags()).toEqual([...start, '--trace-gc', '--max-semi-space-size=64']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
