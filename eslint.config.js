// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import buffert from './eslint-rules/allowed-imports.js';

const root = import.meta.dirname;

/**
 * What each layer MAY import (ARCHITECTURE.md; why: docs/decisions/0007-layer-rules.md). Anything
 * not listed is refused: a new package or a new edge between layers is added here, on purpose,
 * in review. `layers` are folders (relative imports), `packages` npm names (any subpath),
 * `nodeBuiltins` whether `node:*` is allowed. The tsconfig references mirror the `layers` edges.
 */
export const LAYERS = {
  shared: {
    layers: ['shared'],
    packages: ['zod', 'date-fns'],
    nodeBuiltins: false,
    why: 'pure TypeScript, run alike by the workstation and the central server',
  },
  renderer: {
    layers: ['renderer', 'shared'],
    packages: ['react', 'react-dom', '@mantine/core', '@mantine/hooks', '@tanstack/react-virtual', 'i18next', 'react-i18next', 'zustand', 'zod'],
    nodeBuiltins: false,
    why: 'the page, which reaches the backend only through a Transport',
  },
  'electron/backend': {
    layers: ['electron/backend', 'electron/backend/documents', 'shared'],
    packages: ['better-sqlite3-multiple-ciphers', 'axios', 'zod', 'node-hid', '@pokusew/pcsclite', '@fast-csv/parse', 'electron-log', 'jszip', 'pdf-to-printer'],
    nodeBuiltins: true,
    why: 'plain Node, run under vitest and in the web host too',
  },
  // After electron/backend: its rule replaces the backend's for the files in this folder.
  'electron/backend/documents': {
    layers: ['electron/backend/documents', 'shared'],
    packages: ['pdfkit', 'bwip-js', 'exceljs', 'zod'],
    nodeBuiltins: true,
    why: 'the PDF documents, plain Node, shared by the workstation backend and the central server (decision 0013)',
  },
  'electron/main': {
    layers: ['electron/main', 'electron/backend', 'shared'],
    // @peculiar/x509 (+ its reflect-metadata polyfill): reading SITHS certificates (siths.ts);
    // electron-updater: updates from the region's server (updater.ts, updates.ts; decision 0033);
    // electron-log: the rotating, redacted log file (index.ts; docs/diagnostics-and-backups.md).
    packages: ['electron', '@peculiar/x509', 'reflect-metadata', 'electron-updater', 'electron-log'],
    nodeBuiltins: true,
    why: 'the thin main process: lifecycle, window security, the IPC router',
  },
  'electron/preload': {
    layers: ['electron/preload', 'shared'],
    packages: ['electron'],
    nodeBuiltins: false,
    why: 'the sandboxed bridge that exposes { invoke, on } and nothing else',
  },
  'electron/web-host': {
    layers: ['electron/web-host', 'electron/backend', 'shared'],
    packages: ['fastify', '@fastify/static', '@fastify/websocket', 'electron-log'],
    nodeBuiltins: true,
    why: 'the contract over HTTP and WebSocket, on loopback',
  },
  server: {
    layers: ['server', 'electron/backend/documents', 'shared'],
    packages: ['fastify', '@fastify/helmet', '@fastify/rate-limit', 'pg', '@electric-sql/pglite', 'zod', '@peculiar/x509', 'reflect-metadata'],
    nodeBuiltins: true,
    why: 'the central side, which never knows the workstation',
  },
};

/** Test files may live beside the code they test; they are not product code. */
export const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts'];
/** Tests, test support and bench code: never imported by product code. */
const TEST_CODE = ['tests', 'scripts/bench', 'scripts/test-support'];
/** What a test file inside a layer may use on top of its layer's list. */
const TEST_EXTRAS = { layers: ['tests'], packages: ['vitest', 'fast-check', 'personnummer'] };

const SOURCES = '**/*.{ts,tsx,js,mjs}';

/** One block per layer for its product code, one for the tests that sit in it. */
export const layerRules = Object.entries(LAYERS).flatMap(([layer, allowed]) => {
  const options = { root, layer, ...allowed, testCode: TEST_CODE };
  return [
    {
      files: [`${layer}/${SOURCES}`],
      ignores: TEST_FILES,
      plugins: { buffert },
      rules: {
        'buffert/allowed-imports': ['error', options],
        // A dynamic import hides a dependency from this rule and from the bundlers (and a
        // computed specifier from everyone); product code imports statically.
        'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: `No dynamic import() in product code (${layer}/): import statically.` }],
      },
    },
    {
      files: TEST_FILES.map((glob) => `${layer}/${glob}`),
      plugins: { buffert },
      rules: {
        'buffert/allowed-imports': [
          'error',
          { ...options, product: false, layers: [...allowed.layers, ...TEST_EXTRAS.layers], packages: [...allowed.packages, ...TEST_EXTRAS.packages] },
        ],
      },
    },
  ];
});

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'coverage/**', 'test-results/**', 'playwright-report/**', '.tsbuild/**', 'tests/fixtures/lint/**', 'tests/fixtures/types/**', '**/*.cjs'],
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
  {
    // No DOM and no Node in shared/: the compiler refuses them too (shared/tsconfig.json); lint
    // names the global at once in the editor.
    files: [`shared/${SOURCES}`],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'fetch', 'process', 'Buffer', 'require'],
    },
  },
  ...layerRules,
);
