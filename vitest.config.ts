import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql instance: vite would resolve `graphql` to index.mjs for our sources while yoga and Pothos load
    // index.js, and errors thrown from src/ would then fail graphql's instanceof checks (and be masked).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2-core machines: keep parallelism modest so timing-sensitive live tests stay stable.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
