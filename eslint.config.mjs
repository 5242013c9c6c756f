import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers (docs/architecture.md "Layers"): the domain is pure; libraries never import apps;
  // payouts use the features' public entry points only.
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', 'apps/*'], message: 'A library never imports an app.' }] },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@app/*',
                '!@app/domain',
                '!@app/domain/*',
                '**/libs/**',
                ...['event-store', 'platform', 'features', 'read-models', 'payouts', 'roster', 'testing'].map(
                  (lib) => `**/${lib}/src/**`,
                ),
              ],
              message: 'The domain imports no other library of the project.',
            },
            { group: ['@nestjs/*', 'express', 'rxjs'], message: 'The domain imports no framework.' },
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'net',
                'http',
                'https',
                'child_process',
                'pg',
                'pg-*',
                '@electric-sql/*',
                '@eventstore/*',
                'bullmq',
                'ioredis',
                'pino',
                'pino-*',
                'nestjs-pino',
              ],
              message: 'The domain does no I/O: time, ids and data come in as arguments.',
            },
            { group: ['**/apps/**', 'apps/*'], message: 'A library never imports an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/payouts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/features/*/**', '@app/features/*/*.ts'],
              message:
                'Import a feature through its entry point (@app/features/claims, @app/features/shared).',
            },
            { group: ['**/apps/**', 'apps/*'], message: 'A library never imports an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
