import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runArticleBench } from './articles';
import { benchBootstrapOnPostgres } from './bootstrap';
import { runServerBench } from './central';
import { runReplicaBench } from './replica';
import { runOrdersBench } from './orders';
import { runRecipientBench } from './recipient';
import { runReceiptBench } from './receipt';
import { mergeReport } from './report';
import { runScanBench } from './scan';
import { runUiScanBench } from './scan-ui';
import { benchStocktake } from './stocktake';
import { benchStocktakeReports } from './stocktake-reports';
import { runStocktakeUiBench } from './stocktake-ui';

const ALL_PARTS = ['scan', 'replica', 'receipt', 'orders', 'recipient', 'ui', 'stocktake', 'server', 'sync', 'articles'];

/**
 * `npm run bench [-- --articles 200000 --individuals 1000000] [--only scan,replica,receipt,ui,stocktake,server,sync,articles]
 * [--data-dir DIR] [--no-write]` prints the figures and writes them to docs/benchmarks.md.
 * Targets: issue 2 (replica, at the handler), issue 3 (scan parsing), issue 4 (sync on PostgreSQL
 * over loopback). Exit code 1 when a target is missed.
 */
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '200000' },
    individuals: { type: 'string', default: '1000000' },
    only: { type: 'string', default: ALL_PARTS.join(',') },
    'no-write': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});

interface Check {
  name: string;
  value: number;
  target: number;
  unit: string;
  /** 'below' (default): value < target; 'above': value ≥ target. */
  direction?: 'below' | 'above';
}

const parts = new Set(values.only.split(',').map((p) => p.trim()));
const log = (line: string) => console.log(line);
const startedAt = new Date();
const sections: string[] = [];
const checks: Check[] = [];
const missedLines: string[] = [];

if (parts.has('scan')) {
  log('Skanning: klassning och GS1-tolkning …');
  const scan = await runScanBench();
  for (const line of scan.lines) log(`  ${line}`);
  sections.push('## Scanning (issue 3)', '', ...scan.lines.map((l) => `- ${l}`), '');
  missedLines.push(...scan.lines.filter((l) => l.endsWith('MISSED')));
}

if (parts.has('replica')) {
  const replica = await runReplicaBench({
    articles: Number(values.articles),
    individuals: Number(values.individuals),
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  sections.push(
    `## Workstation replica (issue 2): ${Number(values.articles).toLocaleString('sv-SE')} articles, ${Number(values.individuals).toLocaleString('sv-SE')} individuals`,
    '',
    '| What | At the handler | Raw better-sqlite3 | Ratio |',
    '|---|---|---|---|',
    ...replica.lines,
    '',
  );
  checks.push(...replica.checks);
}

if (parts.has('receipt')) {
  const receipt = await runReceiptBench({ articles: Number(values.articles), log });
  sections.push(
    `## Goods receipt (issue 8): ${Number(values.articles).toLocaleString('sv-SE')} articles, purchase orders of 200 tracked lines`,
    '',
    '| What | At the handler | Raw better-sqlite3 | |',
    '|---|---|---|---|',
    ...receipt.lines,
    '',
  );
  checks.push(...receipt.checks);
}

if (parts.has('orders')) {
  const orders = await runOrdersBench({ articles: Number(values.articles), log });
  sections.push(
    `## Orders to a recipient (issue 11): ${Number(values.articles).toLocaleString('sv-SE')} articles`,
    '',
    '| What | At the handler | Raw better-sqlite3 | Ratio |',
    '|---|---|---|---|',
    ...orders.lines,
    '',
  );
  checks.push(...orders.checks);
}

if (parts.has('recipient')) {
  const recipient = await runRecipientBench({ articles: Number(values.articles), log });
  sections.push(
    `## A recipient's card (issue 11): ${Number(values.articles).toLocaleString('sv-SE')} articles, a recipient with 200 aids`,
    '',
    '| What | At the handler | Raw better-sqlite3 | Ratio |',
    '|---|---|---|---|',
    ...recipient.lines,
    '',
  );
  checks.push(...recipient.checks);
}

if (parts.has('ui')) {
  const ui = await runUiScanBench({ articles: Number(values.articles), log });
  sections.push('## Scanning on screen (issue 8), Chromium over the web host', '', '| What | Measured | | |', '|---|---|---|---|', ...ui.lines, '');
  checks.push(...ui.checks);
}

if (parts.has('stocktake')) {
  const stocktake = await benchStocktake({ log });
  sections.push(
    '## Stocktake (issue 9): a store of 20 000 individuals and 5 000 articles, 50 000 count events from 3 workstations',
    '',
    '| What | Measured | Beside it | |',
    '|---|---|---|---|',
    ...stocktake.lines,
  );
  checks.push(...stocktake.checks);
  const reports = benchStocktakeReports({ log });
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  sections.push(
    `| Variance report of ${reports.lines.toLocaleString('en-US')} lines as PDF (merge included / merge kept) | ${ms(reports.pdf.coldMs)} / ${ms(reports.pdf.warmMs)} | ${reports.pdf.pages ?? '?'} pages | target < 5 s |`,
    `| … as XLSX (merge included / merge kept) | ${ms(reports.xlsx.coldMs)} / ${ms(reports.xlsx.warmMs)} | ${Math.round(reports.xlsx.bytes / 1024)} KiB | target < 5 s |`,
    `| … as CSV | ${ms(reports.csvMs)} | merge alone ${ms(reports.mergeMs)} | |`,
    '',
  );
  if (parts.has('ui')) {
    // The store: about 5 000 articles with a balance (the demo gives 45 % of articles one), 20 000 individuals.
    const ui = await runStocktakeUiBench({ articles: 11_000, log });
    sections.splice(sections.length - 1, 0, ...ui.lines);
    checks.push(...ui.checks);
  }
  checks.push(
    { name: 'variance report PDF, 5 000 lines', value: reports.pdf.coldMs, target: 5000, unit: 'ms' },
    { name: 'variance report XLSX, 5 000 lines', value: reports.xlsx.coldMs, target: 5000, unit: 'ms' },
  );
}

if (parts.has('articles')) {
  const articles = await runArticleBench({ articles: Number(values.articles), log });
  sections.push(
    `## Articles (issue 11): ${Number(values.articles).toLocaleString('sv-SE')} articles, search as you type`,
    '',
    '| What | At the handler | Raw better-sqlite3 | Ratio |',
    '|---|---|---|---|',
    ...articles.lines,
    '',
  );
  checks.push(...articles.checks);
}

if (parts.has('server')) {
  log('Central server på PostgreSQL: push, pull, 50 arbetsstationer …');
  const server = await runServerBench({ log });
  sections.push('## Central server on PostgreSQL over loopback (issue 4)', '', ...server.lines, '');
  checks.push(...server.checks);
}

if (parts.has('sync')) {
  log('Första synk (bootstrap) från PostgreSQL till en ny replik …');
  const sync = await benchBootstrapOnPostgres();
  sections.push('## First sync of a workstation (issue 4)', '', ...sync.lines.map((l) => (l.startsWith('|') ? l : `- ${l}`)), '');
  checks.push({ name: 'bootstrap rows/s ÷ raw better-sqlite3 insert rows/s', value: sync.ratio, target: 0.5, unit: '×', direction: 'above' });
}

const met = (c: Check) => (c.direction === 'above' ? c.value >= c.target : c.value < c.target);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
const report = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (scripts/bench/); do not edit by hand. Speed and memory targets live',
  'here, not in timed unit tests. Replica figures are measured at the backend handler (contract',
  'validation, login check, repository) and, beside it, the same query on raw better-sqlite3, so',
  'the overhead is visible as a ratio. Generated data: the demo generator with its fixed seed.',
  '',
  `Run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; parts: ${[...parts].join(', ')}.`,
  '',
  ...sections,
  '## Targets',
  '',
  '| Target | Measured | Target | |',
  '|---|---|---|---|',
  ...checks.map(
    (c) =>
      `| ${c.name} | ${c.value.toFixed(3)} ${c.unit} | ${c.direction === 'above' ? '≥' : '<'} ${c.target} ${c.unit} | ${met(c) ? 'ok' : '**MISSED**'} |`,
  ),
  '',
].join('\n');

console.log(`\n${report}`);
if (!values['no-write']) {
  const file = path.resolve(import.meta.dirname, '../../docs/benchmarks.md');
  // A run of some parts keeps the other parts' sections and targets (scripts/bench/report.ts).
  const allParts = ALL_PARTS.every((p) => parts.has(p));
  fs.writeFileSync(file, !allParts && fs.existsSync(file) ? mergeReport(fs.readFileSync(file, 'utf8'), report) : report);
  console.log(`Skrev ${path.relative(process.cwd(), file)}`);
}
const missed = checks.filter((c) => !met(c)).length + missedLines.length;
if (missed > 0) {
  console.log(`${missed} mål missades.`);
  process.exitCode = 1;
}
