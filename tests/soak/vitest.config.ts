import { defineConfig } from 'vitest/config';

/**
 * `npm run test:soak`: the sync tests at full size (issue 4) — 10,000 mutations through the fault
 * proxy, 200 SIGKILLs, 300 property runs. `npm test` runs the same scenarios smaller.
 */
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.soak.test.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    // One heavy scenario at a time: they measure robustness, not parallelism.
    fileParallelism: false,
  },
});
