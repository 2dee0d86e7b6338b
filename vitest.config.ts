import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2-core machines: keep parallelism modest so timing-sensitive live tests stay stable.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
