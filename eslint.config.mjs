// Lint for every workspace: typescript-eslint's type-checked rules, plus the few that
// matter most here (promises that nobody awaits, switches that miss a case, type-only
// imports that would otherwise load a module at run time). `npm test` runs it before
// jest with --max-warnings 0.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// web/src/gql/ and store/till/src/gql/ are written by GraphQL Code Generator on every build, so they are not linted.

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'docker/**',
      'coverage/**',
      'web/src/gql/**',
      'store/till/src/gql/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Three programs for the whole tree (the one `npm run typecheck` builds, and the two page
      // packages'), not one per workspace: type-aware rules cost one type check, not sixteen.
      parserOptions: {
        project: ['./tsconfig.check.json', './web/tsconfig.json', './store/till/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    // Test doubles implement Promise-returning ports with plain values; an async arrow is
    // the clearest way to write one, and there is no caller whose timing it could change.
    // @types/jest types its asymmetric matchers (expect.objectContaining, expect.any, …) and
    // the tests' GraphQL responses as `any`, so the no-unsafe rules would flag every
    // assertion that uses one; production code keeps them.
    files: ['**/test/**/*.ts', '**/*.test.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
