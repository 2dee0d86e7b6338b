// Optional subsystems load when used, not with every gateway: the OpenTelemetry SDK and exporter only when tracing
// is on, the MCP SDK on the first /mcp request (~12 MB of heap and ~25 MB of RSS less per idle instance), ioredis
// only when REDIS_URL is set (src/redis.ts).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('lazily loaded subsystems', () => {
  it('a gateway with tracing off and no Redis loads no OpenTelemetry SDK nor ioredis, and the MCP SDK only once /mcp is asked', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/perf/fixtures/loaded-modules.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test' },
      timeout: 60_000,
    });
    const { before, after } = JSON.parse(stdout) as Record<'before' | 'after', { status: number; modules: string[] }>;
    expect(before.status).toBe(200);
    expect(before.modules).toContain('graphql-yoga'); // the hook sees packages at all
    expect(before.modules).toContain('@opentelemetry/api'); // log correlation reads the active span: small, always
    expect(before.modules.filter((m) => m.startsWith('@opentelemetry/') && m !== '@opentelemetry/api')).toEqual([]);
    expect(before.modules).not.toContain('@envelop/opentelemetry');
    expect(before.modules).not.toContain('@modelcontextprotocol/sdk');
    expect(before.modules).not.toContain('ioredis');
    expect(after.status).toBe(200);
    expect(after.modules).toContain('@modelcontextprotocol/sdk');
    expect(after.modules).not.toContain('ioredis');
  }, 70_000);
});
