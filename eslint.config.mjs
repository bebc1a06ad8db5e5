// Lint for every project (`nx run-many -t lint`): typescript-eslint's recommended rules plus the layering rules of
// STYLE.md: apps never import other apps, libs never import apps.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '.asc/**', '.nx/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/*', '@asc/gateway', '@asc/policy-service', '@asc/metering', '@asc/audit', '@asc/cli'], message: 'Apps are never imported: share code through libs/.' }] }],
    },
  },
  {
    // Plain CommonJS entry points and fixtures.
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests may reach into their own app's sources.
    files: ['apps/*/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
