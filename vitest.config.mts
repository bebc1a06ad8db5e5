import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from './tools/vitest/shared.mjs';

// One run over every project: `npm test` (after `npm run build`, which e2e tests need for spawned processes).
export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    projects: ['apps/*/vitest.config.mts', 'libs/*/vitest.config.mts', 'tools/*/vitest.config.mts'],
    reporters: ['default', './tools/vitest/summary-reporter.mjs'],
  },
});
