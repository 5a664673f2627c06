// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** Node built-ins by exact name (`fs`, `fs/promises`); `node:*` is refused as a pattern. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** `names` are exact module names; `patterns` are gitignore-style path patterns. */
const restrict = (message, names, patterns) => ({
  'no-restricted-imports': ['error', { paths: names.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] }],
});

/**
 * The layers (ARCHITECTURE.md): shared/ is pure TypeScript; electron/backend/ is plain Node;
 * renderer/ talks to the backend only through a Transport.
 */
export const layerRules = [
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: restrict(
      'shared/ is pure TypeScript: no electron, no Node built-ins, no DOM.',
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3', 'node-hid', 'axios'],
      ['node:*', 'electron/*', 'react-dom/*', '**/electron/**', '**/renderer/**', '**/server/**'],
    ),
    languageOptions: { globals: { ...globals.es2021 } },
  },
  {
    // No DOM in shared/: the globals are not declared, and these names are refused outright.
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'fetch', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: restrict(
      'electron/backend/ is plain Node: it never imports electron (it must run under vitest and in the web host).',
      ['electron'],
      ['electron/*', '**/main/**', '**/preload/**', '**/renderer/**'],
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      'server/ is the central side: it may use shared/, never the workstation (electron/, renderer/).',
      ['electron'],
      ['electron/*', '**/electron/**', '**/renderer/**'],
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      'renderer/ runs in the page: no Node built-ins, no electron; call the backend through the Transport.',
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'node-hid', 'axios', 'pg', '@electric-sql/pglite'],
      ['node:*', 'electron/*', '**/electron/**', '**/server/**'],
    ),
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/lint/**', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layerRules,
);
