import swc from 'unplugin-swc';

// Nest needs decorator metadata; esbuild (vite's default) drops it, so TypeScript goes through swc.
export const sharedTestConfig = {
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'es6' },
    }),
  ],
  // Vite 8 transforms TypeScript with oxc unless told not to; swc alone must do it (decorator metadata).
  oxc: false,
  // Workspace packages resolve to their TypeScript sources in tests (see each package.json "exports").
  resolve: { conditions: ['@asc/source'] },
  ssr: { resolve: { conditions: ['@asc/source'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: e2e suites start processes and bind ports, keep them from starving each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
};

/** Per-project config: `projectTestConfig(import.meta.dirname, 'gateway')`. */
export function projectTestConfig(name) {
  return {
    ...sharedTestConfig,
    test: { ...sharedTestConfig.test, name, include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'] },
  };
}
