/**
 * The layering of docs/architecture.md ("may import"), checked by `npm run lint` (and so by `npm test`).
 * Each rule names a folder and what it may import inside src/; anything else it imports from src/ is an error.
 * npm packages are not restricted here.
 */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, not even through types.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('domain', '^src/domain/', [], 'The normalized model: no GraphQL, no HTTP, nothing of ours above it.'),
    layer('vendors', '^src/vendors/', ['^src/domain/', '^src/config\\.ts$', '^src/redis\\.ts$'], 'Vendor clients map to the domain.'),
    layer('live', '^src/live/', ['^src/domain/', '^src/vendors/types\\.ts$', '^src/config\\.ts$', '^src/redis\\.ts$'], 'Polling, diffing, pub/sub.'),
    layer('services', '^src/services/', ['^src/domain/', '^src/vendors/types\\.ts$', '^src/live/'], 'Gateway-wide services.'),
    layer('security', '^src/security/', ['^src/redis\\.ts$'], 'Authentication, limits, masking, websocket guards: below the schema.'),
    layer(
      'schema',
      '^src/schema/',
      ['^src/domain/', '^src/services/', '^src/vendors/types\\.ts$', '^src/live/', '^src/security/roles\\.ts$'],
      'The GraphQL schema: resolvers reach vendors only through services and loaders.',
    ),
    layer('plugins', '^src/plugins/', ['^src/schema/', '^src/security/'], 'The request pipeline plugins.'),
    layer('federation', '^src/federation/', ['^src/schema/', '^src/domain/'], 'Federation subgraph mode.'),
    layer('persisted', '^src/persisted/', ['^src/schema/'], 'Persisted-operation manifests.'),
    layer('ws', '^src/ws/', ['^src/schema/', '^src/security/', '^src/persisted/', '^src/logger\\.ts$'], 'The websocket path.'),
    layer('observability', '^src/observability/', ['^src/domain/', '^src/config\\.ts$', '^src/logger\\.ts$'], 'Metrics, logs, tracing.'),
    layer('wallboard', '^src/wallboard/', [], 'The wallboard page talks GraphQL, not our modules.'),
    // stdio.ts is an entry point like main.ts (it builds a gateway), so it is not held to the folder's list.
    layer('mcp', '^src/mcp/(?!stdio\\.ts$)', ['^src/security/', '^src/live/alerts\\.ts$'], 'MCP tools talk GraphQL through the gateway\'s yoga.'),
    layer('simulator', '^src/simulator/', ['^src/domain/'], 'The simulator serves vendor APIs from its own model.'),
    layer('config', '^src/config\\.ts$', ['^src/security/config\\.ts$', '^src/security/roles\\.ts$', '^src/domain/time\\.ts$'], 'The only reader of process.env.'),
    layer('logger', '^src/logger\\.ts$', [], 'Logging.'),
    layer('redis', '^src/redis\\.ts$', [], 'The Redis client, loaded on first use.'),
    {
      name: 'src-not-to-tests',
      comment: 'Production code never imports tests, benchmarks or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/persisted/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
