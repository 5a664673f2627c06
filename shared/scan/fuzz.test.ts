/**
 * Bad input never throws: 100 000 random and mutated strings per parser. Each result must be a
 * well-formed Result (or ScanMeaning) with a Swedish message when it is a refusal.
 */
import { describe, expect, it } from 'vitest';
import { isValidHsaId, parseCaseNumber, parseIsoCode, parsePersonalNumber } from '../identifiers';
import type { Result } from '../result';
import { createScanClassifier } from './classify';
import { parseGs1 } from './gs1';
import { parseHibc } from './hibc';

const FUZZ_RUNS = 100_000;

/** xorshift32: fast and reproducible, so a failure can be replayed from the printed seed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const GS = '\u001d';
const ALPHABET = [
  ...'0123456789',
  ...'0123456789',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'abcxyz',
  ...'()[]/+-.$% *?&=#:_!"\'<>,;',
  GS,
  GS,
  '\r',
  '\n',
  '\t',
  '\u0000',
  '\u007f',
  'å',
  'Ö',
  '\ufffd',
  '\u{1F600}',
  '\ud800',
  ']',
  'https://',
  '(01)',
  '(17)',
  '/01/',
  '?17=',
  '$$',
  '+A123',
  '%2',
  '%41',
  ']d2',
  ']Q1',
  '-',
];

const SEEDS = [
  `]d201095011010209171719050810ABCD1234${GS}2110`,
  '(01)09506000134352(17)201231(10)ABC123',
  'https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426',
  '+A123ABCDEFGHI1234567891/$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202$',
  '+A123BJC5D6E71G+2001510X3GG',
  '198211059954',
  '821105-9954',
  '24020001',
  '14540',
  'SE2321000016-39KJ',
  '12 22 03',
  `01123456789012313100123456${GS}10ABC${GS}21XYZ`,
];

function randomString(rand: () => number): string {
  const len = Math.floor(rand() * rand() * 60);
  let s = '';
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return s;
}

function mutate(seed: string, rand: () => number): string {
  let s = seed;
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(rand() * (s.length + 1));
    const piece = ALPHABET[Math.floor(rand() * ALPHABET.length)] as string;
    switch (Math.floor(rand() * 6)) {
      case 0:
        s = s.slice(0, pos) + piece + s.slice(pos);
        break;
      case 1:
        s = s.slice(0, pos) + s.slice(pos + 1);
        break;
      case 2:
        s = s.slice(0, pos) + piece + s.slice(pos + 1);
        break;
      case 3:
        s = s.slice(0, pos); // truncated scan
        break;
      case 4:
        s = s + s.slice(pos); // repeated tail
        break;
      default:
        s = s.slice(0, pos) + GS + s.slice(pos);
    }
  }
  return s;
}

function fuzzInputs(seed: number, count: number, seeds: readonly string[] = SEEDS): Iterable<string> {
  const rand = prng(seed);
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < count; i++) {
        yield i % 2 === 0 ? randomString(rand) : mutate(seeds[Math.floor(rand() * seeds.length)] as string, rand);
      }
    },
  };
}

function checkResult(r: Result<unknown>, input: string): void {
  if (r.ok) return;
  if (typeof r.error.code !== 'string' || r.error.code.length === 0 || typeof r.error.message !== 'string' || r.error.message.length < 5) {
    throw new Error(`Malformed refusal for ${JSON.stringify(input)}: ${JSON.stringify(r)}`);
  }
}

function fuzz(name: string, seed: number, fn: (s: string) => void): void {
  it(`${name}: ${FUZZ_RUNS} random and mutated inputs, none throws (seed ${seed})`, () => {
    let n = 0;
    for (const input of fuzzInputs(seed, FUZZ_RUNS)) {
      try {
        fn(input);
      } catch (e) {
        throw new Error(`${name} threw on ${JSON.stringify(input)}: ${String(e)}`);
      }
      n++;
    }
    expect(n).toBe(FUZZ_RUNS);
  });
}

const TODAY = new Date(2025, 5, 1);
const classify = createScanClassifier({ today: TODAY, individualNoPrefixes: ['H'] });
const KINDS = new Set(['gs1', 'hibc', 'individualNo', 'articleNo', 'caseNumber', 'personalNumber', 'hsaId', 'unknown']);

describe('fuzz: parsers never throw', () => {
  fuzz('parseGs1', 1, (s) => checkResult(parseGs1(s, { today: TODAY }), s));
  fuzz('parseHibc', 2, (s) => checkResult(parseHibc(s, { today: TODAY }), s));
  fuzz('parsePersonalNumber', 3, (s) => checkResult(parsePersonalNumber(s, TODAY), s));
  fuzz('parseCaseNumber', 4, (s) => checkResult(parseCaseNumber(s), s));
  fuzz('parseIsoCode', 5, (s) => checkResult(parseIsoCode(s), s));
  fuzz('isValidHsaId', 6, (s) => {
    if (typeof isValidHsaId(s) !== 'boolean') throw new Error('not a boolean');
  });
  fuzz('classifyScan', 7, (s) => {
    const m = classify(s, s.length % 7 === 0 ? ']d2' : undefined);
    if (!KINDS.has(m.kind)) throw new Error(`unknown kind ${m.kind}`);
    if (m.kind === 'unknown' && (m.error.code.length === 0 || m.error.message.length < 5)) throw new Error('malformed error');
  });

  it('survives non-string input from untyped callers', () => {
    const junk = [undefined, null, 42, {}, [], Symbol.iterator] as unknown as string[];
    for (const j of junk) {
      expect(parseGs1(j).ok).toBe(false);
      expect(parseHibc(j).ok).toBe(false);
      expect(parsePersonalNumber(j).ok).toBe(false);
      expect(parseCaseNumber(j).ok).toBe(false);
      expect(parseIsoCode(j).ok).toBe(false);
      expect(isValidHsaId(j)).toBe(false);
      expect(classify(j).kind).toBe('unknown');
    }
  });

  it('turns away a very long input quickly', () => {
    const long = '0'.repeat(1_000_000);
    const t0 = performance.now();
    expect(parseGs1(long).ok).toBe(false);
    expect(classify(long).kind).toBe('unknown');
    expect(parseHibc('+' + long).ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
