import fs from 'node:fs';
import path from 'node:path';
import { test as teardown, expect } from '@playwright/test';
import { demoPersonalData, personalDataHits } from './personal-data';

/**
 * Issue 13 item 6, "no personal numbers, names or addresses in any log": after the whole e2e run
 * (the teardown project of playwright.config.ts), every log file the run's hosts wrote — each web
 * host's rotating workstation log, the central server's JSON log, the hosts the specs start
 * themselves — is read, and every personal number (in each written form), name and street
 * address of the demo region (the shared generator both sides seed from) is looked for.
 */

const logRoot = process.env.BUFFERT_E2E_LOG_DIR ?? '';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

teardown('no log file of the e2e run holds a personal number, name or address of the demo data', () => {
  expect(logRoot, 'BUFFERT_E2E_LOG_DIR (playwright.config.ts)').not.toBe('');
  const files = filesUnder(logRoot);
  const texts = files.map((f) => ({ file: path.relative(logRoot, f), text: fs.readFileSync(f, 'utf8') }));
  // The scan has something to read: the main host's and central's logs exist and are not empty.
  const main = texts.find((t) => t.file.startsWith(`main${path.sep}`));
  const central = texts.find((t) => t.file.startsWith(`central${path.sep}`));
  expect(main?.text.length ?? 0, `a log of the main web host under ${logRoot}`).toBeGreaterThan(0);
  expect(central?.text.length ?? 0, `central's log under ${logRoot}`).toBeGreaterThan(0);

  const needles = demoPersonalData();
  expect(needles.length).toBeGreaterThan(1000);
  const hits = texts.flatMap(({ file, text }) => personalDataHits(text, needles, file));
  console.log(`log scan: ${files.length} files, ${texts.reduce((n, t) => n + t.text.length, 0)} characters, ${needles.length} personal data items, ${hits.length} hits`);
  expect(hits, hits.slice(0, 30).join('\n')).toEqual([]);
});
