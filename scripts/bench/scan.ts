import { pathToFileURL } from 'node:url';
import { formatCaseNumber, luhnValid } from '../../shared/identifiers';
import { classifyScan, createScanClassifier, gs1CheckDigit, mod43CheckChar, parseGs1 } from '../../shared/scan';

/**
 * Scan parsing throughput on one core (issue 3): `classifyScan` over a mixed, realistic corpus
 * (target ≥ 200 000 scans/s) and `parseGs1` over GS1 scans (target ≥ 300 000/s).
 * `npx tsx scripts/bench/scan.ts` prints the lines; `npm run bench` includes them.
 */

const CLASSIFY_TARGET = 200_000;
const GS1_TARGET = 300_000;
const GS = '\u001d';

/** Small deterministic PRNG so every run measures the same corpus. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function buildCorpus(): { mixed: string[]; gs1: string[] } {
  const rand = prng(2024);
  const int = (n: number) => Math.floor(rand() * n);
  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');
  const alnum = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'[int(33)]).join('');
  const gtin = () => {
    const body = '0' + '7350' + digits(8);
    return body + gs1CheckDigit(body);
  };
  const yymmdd = () => `${20 + int(10)}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}`;
  const udi = () => {
    // Typical medical-device DataMatrix: GTIN, expiry, batch (GS), serial.
    const variant = int(4);
    if (variant === 0) return `]d201${gtin()}17${yymmdd()}10${alnum(6)}${GS}21${alnum(10)}`;
    if (variant === 1) return `]d201${gtin()}11${yymmdd()}17${yymmdd()}21${alnum(12)}`;
    if (variant === 2) return `]C101${gtin()}10${alnum(8)}`;
    return `]d201${gtin()}21${alnum(8)}${GS}240${alnum(10)}`;
  };
  const digitalLink = () => `]Q1https://id.gs1.org/01/${gtin()}/10/${alnum(6)}/21/${alnum(8)}?17=${yymmdd()}`;
  const hibc = () => {
    const body = `+H123${alnum(8)}1/$$3${yymmdd()}${alnum(6)}`;
    return body + mod43CheckChar(body);
  };
  const personalNumber = () => {
    for (;;) {
      const s = `19${50 + int(49)}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}${digits(4)}`;
      if (luhnValid(s.slice(2))) return s;
    }
  };
  const mixed: string[] = [];
  const gs1: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const r = rand();
    let scan: string;
    if (r < 0.25) scan = udi();
    else if (r < 0.3) scan = digitalLink();
    else if (r < 0.34) scan = hibc();
    else if (r < 0.54) scan = String(10000 + int(89999)); // Sesam article number
    else if (r < 0.72) scan = String(100000 + int(9899999)); // individual number, 6–7 digits
    else if (r < 0.82) scan = formatCaseNumber(new Date(2024 + int(2), int(12), 1 + int(28)), 1 + int(9999));
    else if (r < 0.87) scan = personalNumber();
    else if (r < 0.9) scan = `SE2321000016-${alnum(4)}`;
    else if (r < 0.95) scan = `${String(10000 + int(89999))}\r\n`; // terminator left on
    else scan = alnum(1 + int(12)); // misreads and typos
    mixed.push(scan);
    if (i % 3 === 0) gs1.push(udi());
    else if (i % 10 === 1) gs1.push(digitalLink().slice(3));
    else gs1.push(udi());
  }
  return { mixed, gs1 };
}

/** Runs `fn` over the corpus for about `ms` milliseconds, `rounds` times; median ops/s. */
function measure(corpus: string[], fn: (s: string) => unknown, rounds = 5, ms = 400): number {
  let sink = 0;
  const once = (budget: number): number => {
    let ops = 0;
    const start = performance.now();
    let now = start;
    while (now - start < budget) {
      for (let i = 0; i < corpus.length; i++) {
        const r = fn(corpus[i] as string);
        if (r !== undefined) sink++;
      }
      ops += corpus.length;
      now = performance.now();
    }
    return (ops / (now - start)) * 1000;
  };
  once(200); // warm-up: let the JIT settle
  const results: number[] = [];
  for (let k = 0; k < rounds; k++) results.push(once(ms));
  results.sort((a, b) => a - b);
  if (sink === 0) throw new Error('benchmark produced nothing');
  return results[Math.floor(results.length / 2)] as number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('sv-SE');

export async function runScanBench(): Promise<{ lines: string[] }> {
  const { mixed, gs1 } = buildCorpus();
  const today = new Date();
  const classifier = createScanClassifier({ today });
  // Sanity: the corpus exercises every branch it claims to.
  const kinds = new Map<string, number>();
  for (const s of mixed) {
    const k = classifier(s).kind;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const gs1Failures = gs1.filter((s) => !parseGs1(s, { today }).ok).length;
  if (gs1Failures > 0) throw new Error(`${gs1Failures} GS1 corpus entries do not parse`);

  const classifyRate = measure(mixed, (s) => classifier(s));
  const classifyDefaultRate = measure(mixed, (s) => classifyScan(s));
  const gs1Rate = measure(gs1, (s) => parseGs1(s, { today }));

  const verdict = (rate: number, target: number) => (rate >= target ? 'ok' : 'MISSED');
  const mix = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${Math.round((n / mixed.length) * 100)}%`).join(', ');
  return {
    lines: [
      `Scan parsing, one core, ${mixed.length} distinct scans (${mix}); median of 5 rounds.`,
      `classifyScan (classifier built once): ${fmt(classifyRate)} scans/s (target ≥ ${fmt(CLASSIFY_TARGET)}) ${verdict(classifyRate, CLASSIFY_TARGET)}`,
      `classifyScan (default rules, no options): ${fmt(classifyDefaultRate)} scans/s (target ≥ ${fmt(CLASSIFY_TARGET)}) ${verdict(classifyDefaultRate, CLASSIFY_TARGET)}`,
      `parseGs1 (UDI DataMatrix / GS1-128 / Digital Link): ${fmt(gs1Rate)} /s (target ≥ ${fmt(GS1_TARGET)}) ${verdict(gs1Rate, GS1_TARGET)}`,
    ],
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines } = await runScanBench();
  for (const line of lines) console.log(line);
}
