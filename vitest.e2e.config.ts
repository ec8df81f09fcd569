import { defineConfig } from 'vitest/config';

/** End-to-end tests (`npm run test:e2e`): reports opened in headless Chromium. `npm test` does not run them. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
