// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: no I/O, no framework, no environment, no logger. Time is an argument.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'express',
                'pg',
                'pg-boss',
                '@electric-sql/*',
                '@hubspot/api-client',
                'jsforce',
                'pino',
                'node:fs*',
                'node:net',
                'node:http*',
                'fs',
                '**/storage/**',
                '**/connectors/**',
                '**/server/**',
                '**/config/**',
              ],
              message: 'src/domain is pure: pass data and time in, keep I/O in services and adapters.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain must not read process.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Take the instant as an argument.' },
      ],
    },
  },
  {
    // HubSpot builds each card/page folder alone and reaches extensions/shared through a symlink
    // from outside that folder, where no package resolves: the shared package imports only itself.
    files: ['extensions/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message:
                'extensions/shared is built from outside every extension folder: no package imports; take what you need (hubspot.fetch) as an argument.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The Salesforce Lead page: a Lightning Web Component (browser JavaScript) and its Jest tests.
    files: ['salesforce/**/*.js', 'salesforce/**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: {
        document: 'readonly',
        window: 'readonly',
        CustomEvent: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        describe: 'readonly',
        it: 'readonly',
        expect: 'readonly',
        jest: 'readonly',
        beforeEach: 'readonly',
        afterEach: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
    rules: {
      // Jest's module system: fixtures and the preset are loaded with require.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // scripts/require-node.cjs: CommonJS any Node can read, so that an old one is told what it lacks.
    files: ['scripts/**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly' } },
  },
);
