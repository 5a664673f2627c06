#!/usr/bin/env node
// `npm test`: every check a change must pass, in order — types, lint, unit and integration tests
// (vitest: real SQLite files, real HTTP), then the end-to-end tests in Debian's Chromium
// (Playwright against the web host). Ends with one summary line "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-test-reports-'));
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
const only = process.argv[2]; // optional: unit | e2e

const steps = [
  // Every layer with its own types (tsconfig.json lists the projects; see docs/decisions/0007).
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'], when: !only },
  { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings', '0'], when: !only },
  {
    name: 'unit + integration (vitest)',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
    when: !only || only === 'unit',
  },
  { name: 'build renderer', cmd: ['npx', 'vite', 'build', '--logLevel', 'warn'], when: !only || only === 'e2e' },
  {
    name: 'end-to-end (Playwright, Chromium)',
    cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    when: !only || only === 'e2e',
  },
];

let failedStep = null;
for (const step of steps) {
  if (!step.when) continue;
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...(step.env ?? {}) },
  });
  console.log(`◀ ${step.name}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failedStep = step.name;
    break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(vitestReport)) {
  const v = JSON.parse(fs.readFileSync(vitestReport, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (fs.existsSync(playwrightReport)) {
  const p = JSON.parse(fs.readFileSync(playwrightReport, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  skipped += p.stats?.skipped ?? 0;
}
fs.rmSync(reports, { recursive: true, force: true });
if (failedStep) console.log(`\nSteget "${failedStep}" misslyckades.`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedStep || failed > 0 ? 1 : 0);
