/**
 * Bench child: S9's peer, Hive Gateway (createGatewayRuntime, no response cache, no inbound deduplication: both
 * are opt-in) serving the supergraph composed at start from the Mesh JSON-schema description of the Sinch RMI
 * resources the dashboard reads (bench/lib/mesh-source.ts), pointed at the bench upstream.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { basicAuth, composeSinchSupergraph, SINCH_AUTH_ENV } from '../lib/mesh-source.js';
import { processStats, serve } from '../lib/rpc.js';

process.env[SINCH_AUTH_ENV] = basicAuth(process.env.BENCH_SINCH_USER!, process.env.BENCH_SINCH_PASSWORD!);
const supergraph = await composeSinchSupergraph(process.env.BENCH_SINCH_URL!);
// `BENCH_HIVE_JIT=1`: what `hive-gateway --jit` adds (graphql-jit, as ccgraph compiles its execution); off by default.
const jit = process.env.BENCH_HIVE_JIT === '1';
const plugins = jit ? [(await import('@graphql-mesh/plugin-jit')).useJIT()] : [];
const gateway = createGatewayRuntime({ supergraph, logging: false, plugins: () => plugins });
const server = createServer(gateway);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

serve({
  info: () => ({ url, jit }),
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
