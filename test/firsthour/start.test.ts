/**
 * `npm start` as a newcomer runs it: the startup banner lists every endpoint and what is in force, and SIGTERM to
 * the `npm start` process stops the server and frees its port (issue 17).
 */
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** True when something accepts connections on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  it('prints a banner with every endpoint, then stops on SIGTERM to the npm process and frees the port', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SIM_PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let banner: Record<string, any> | undefined;
      while (!banner && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        banner = out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, any>)
          .find((l) => typeof l.msg === 'string' && l.msg.startsWith('ccgraph ready'));
      }
      expect(banner, out).toBeDefined();
      const base = `http://127.0.0.1:${port}`;
      expect(banner!.endpoints).toMatchObject({
        graphiql: expect.stringContaining(`${base}/graphql`),
        websocket: expect.stringContaining(`ws://127.0.0.1:${port}/graphql`),
        sse: expect.stringContaining('text/event-stream'),
        wallboard: `${base}/wallboard/`,
        metrics: `${base}/metrics`,
        health: `${base}/health`,
        ready: `${base}/ready`,
      });
      expect(banner!.vendors).toMatch(/embedded simulator/);
      expect(banner!.auth).toMatch(/^off/);
      expect(banner!.limits).toMatchObject({ maxDepth: expect.any(Number), maxCost: expect.any(Number) });
      // The readable message says the same.
      for (const word of ['wallboard', 'metrics', 'health', 'ready', 'websocket', 'auth', 'limits']) expect(banner!.msg).toContain(word);
      expect((await fetch(`${base}/health`)).status).toBe(200);

      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      expect(code, out).not.toBe('hung');
      expect(await portOpen(port)).toBe(false);
      expect(out).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
