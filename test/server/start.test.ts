// `npm start` as a newcomer runs it: no vendor configured ⇒ embedded simulator, GraphiQL and live data.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(tsx, ['src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm start', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('serves GraphiQL and live simulated data within 30 s, then stops cleanly on SIGTERM', async () => {
    const started = Date.now();
    const { child, output } = startMain({ PORT: '0', HOST: '127.0.0.1' });
    children.push(child);
    let url: string | undefined;
    while (!url && Date.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 100));
      url = /GraphiQL at (http:\/\/[^\s"]+)\/graphql/.exec(output())?.[1];
      if (child.exitCode !== null) throw new Error(`exited early:\n${output()}`);
    }
    expect(url, output()).toBeDefined();
    expect(output()).toContain('embedded simulator');

    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    // Served from this process: no CDN, so GraphiQL works offline and behind strict egress rules.
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toContain('unpkg.com');

    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ agents(first: 5) { edges { node { id name state } } } queues { name } }' }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.agents.edges).toHaveLength(5);
    expect(body.data.queues.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(30_000);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('stopped');
  });

  it('exits with code 1 and lists every configuration problem at once', async () => {
    const { child, output } = startMain({ PORT: 'not-a-port', SINCH_BASE_URL: 'http://127.0.0.1:1/RI/rmi', WOLKVOX_BASE_URL: 'ftp://x' });
    children.push(child);
    expect(await exitCode(child)).toBe(1);
    const text = output();
    expect(text).toContain('PORT');
    expect(text).toContain('WOLKVOX_BASE_URL');
    expect(text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('reports the missing credentials of a configured vendor', async () => {
    const { child, output } = startMain({ SINCH_BASE_URL: 'http://127.0.0.1:1/RI/rmi' });
    children.push(child);
    expect(await exitCode(child)).toBe(1);
    expect(output()).toContain('SINCH_USERNAME');
    expect(output()).toContain('SINCH_PASSWORD');
  });
});
