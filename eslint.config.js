// ESLint flat config: typescript-eslint's recommended rules for the TypeScript sources and tests,
// eslint-plugin-svelte for the renderer, and the one architectural rule a linter can hold:
// the repo's shared/ and the check specs load in the renderer, so they import no node: or electron.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './renderer/svelte.config.js';

export default ts.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'build/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  {
    files: [
      'shared/**/*.ts',
      'electron/engine/check-spec.ts',
      'electron/engine/checks/*/spec.ts',
      'electron/engine/checks/*/findings.ts',
      'electron/engine/checks/specs.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|electron$)', message: 'shared/ and check specs load in the renderer: no node: or electron imports.' },
            {
              regex: '/engine/(net/|runner|engine|check$)|/checks/(index|[^/]+/check)$',
              message: 'only the pure half of a check (its spec) may load in the renderer.',
            },
          ],
        },
      ],
    },
  },
);
