import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // 2-core machines: forks keep native modules (better-sqlite3) isolated per file.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
