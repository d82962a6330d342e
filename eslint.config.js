// @ts-check
const js = require('@eslint/js');
const prettier = require('eslint-config-prettier');
const simpleImportSort = require('eslint-plugin-simple-import-sort');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const services = ['ingest', 'aggregator', 'predictor', 'order', 'availability-api'];

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.fareflow/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'simple-import-sort': simpleImportSort },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // Services never import each other, and shared never imports a service.
  ...[...services, 'shared'].map((workspace) => ({
    files: [`${workspace}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...services
              .filter((other) => other !== workspace)
              .map((other) => ({
                group: [`@fareflow/${other}`, `@fareflow/${other}/*`, `**/${other}/src/**`],
                message: 'services talk through messages or HTTP; move shared code to @fareflow/shared',
              })),
            ...(workspace === 'shared' ? [] : [{ group: ['**/shared/src/**'], message: 'import @fareflow/shared' }]),
          ],
        },
      ],
    },
  })),
  // Pure domain logic does no I/O and knows no adapter.
  {
    files: ['*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../adapters/*', '**/adapters/**', 'pg', 'cassandra-driver', 'amqplib', 'axios'] }] },
      ],
    },
  },
  {
    files: ['cli/src/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // The console's browser code runs in a page, not in Node.
  {
    files: ['console/src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
