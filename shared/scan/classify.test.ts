import { describe, expect, it } from 'vitest';
import { GS } from './gs1';
import { classifyScan, createScanClassifier, type ScanKind, type ScanMeaning } from './classify';

const TODAY = new Date(2025, 5, 1);
const classify = createScanClassifier({ today: TODAY });

function kindOf(m: ScanMeaning): string {
  return m.kind === 'unknown' ? `unknown:${m.error.code}` : m.kind;
}

describe('classifyScan with the default rules (docs/scanning.md, "Default rules")', () => {
  it.each<[string, string | undefined, string, ScanKind[]]>([
    // Sesam numbers
    ['14540', undefined, 'articleNo', []],
    ['123456', undefined, 'individualNo', []],
    ['12345678901', undefined, 'individualNo', []],
    // 8 digits: a plausible YYWWNNNN is an order number, with "individual number" as the other reading
    ['24020001', undefined, 'caseNumber', ['individualNo']],
    ['25530001', undefined, 'individualNo', []], // 2025 has no week 53
    ['12345678', undefined, 'individualNo', []], // 2012: older than the 10-year window
    ['24020000', undefined, 'individualNo', []], // running number 0000 does not exist
    // Personal numbers: 12 digits without separator, or any form with a separator
    ['198211059954', undefined, 'personalNumber', ['individualNo']],
    ['198211059955', undefined, 'individualNo', []], // Luhn fails: not a personnummer
    ['8211059954', undefined, 'individualNo', []], // bare 10 digits: off by default
    ['821105-9954', undefined, 'personalNumber', []],
    ['19821105-9954', undefined, 'personalNumber', []],
    ['821105-9955', undefined, 'unknown:personalNumber.checkDigit', []],
    // GTINs without symbology identifier (EAN-13 with AIM ids off)
    ['2112233789657', undefined, 'gs1', ['individualNo']],
    ['2112233789658', undefined, 'individualNo', []],
    // HSA-ID
    ['SE2321000016-39KJ', undefined, 'hsaId', []],
    ['SE2321000016', undefined, 'unknown:scan.hsaId', []],
    // GS1 by symbology, by shape, or as a bare element string
    [`]d201095011010209171719050810ABCD1234${GS}2110`, undefined, 'gs1', []],
    ['0109501101020917', ']C1', 'gs1', []],
    ['0109501101020918', ']C1', 'unknown:gs1.checkDigit', []],
    [`01095011010209171719050810ABCD${GS}21XYZ`, undefined, 'gs1', []],
    ['01095011010209171719050810ABCD', undefined, 'gs1', []],
    ['0109501101020917', undefined, 'gs1', ['individualNo']],
    ['(01)09506000134352(17)201231', undefined, 'gs1', []],
    ['https://id.gs1.org/01/09520123456788/21/12345', ']Q1', 'gs1', []],
    ['https://example.com/', ']Q1', 'unknown:gs1.dl.noKey', []],
    [']E02112233789657', undefined, 'gs1', []],
    // HIBC
    ['+A123BJC5D6E71G', undefined, 'hibc', []],
    ['+A123BJC5D6E71H', undefined, 'unknown:hibc.checkChar', []],
    // Symbology that says nothing about GS1 does not stop number rules
    [']C014540', undefined, 'articleNo', []],
    // Bad input
    ['', undefined, 'unknown:scan.empty', []],
    ['\r\n', undefined, 'unknown:scan.empty', []],
    ['1234', undefined, 'unknown:scan.unknownNumber', []],
    ['abc', undefined, 'unknown:scan.unknown', []],
    ['AB\u0007C', undefined, 'unknown:scan.control', []],
    ['145\ufffd40', undefined, 'unknown:scan.garbled', []],
  ])('%j (symbology %s) → %s', (text, symbology, kind, alternatives) => {
    const m = classify(text, symbology);
    expect(kindOf(m)).toBe(kind);
    expect(m.alternatives).toEqual(alternatives);
  });

  it('returns the parsed content, not just the kind', () => {
    expect(classify('24020001')).toMatchObject({ kind: 'caseNumber', caseNumber: '24020001', isoWeekYear: 2024, week: 2, seq: 1 });
    expect(classify('198211059954')).toMatchObject({ kind: 'personalNumber', personalNumber: { normalized: '198211059954', birthDate: '1982-11-05' } });
    expect(classify(`]d201095011010209171719050810ABCD1234${GS}2110`)).toMatchObject({
      kind: 'gs1',
      symbology: ']d2',
      gs1: { gtin: '09501101020917', expiry: '2019-05-08', batch: 'ABCD1234', serial: '10' },
    });
    expect(classify('+A123BJC5D6E71G+2001510X3GG')).toMatchObject({ kind: 'hibc', hibc: { lic: 'A123', lot: '10X3', expiry: '2020-01-15' } });
  });

  it('ignores the terminator the scanner sends and spaces around typed numbers', () => {
    expect(classify('14540\r\n')).toMatchObject({ kind: 'articleNo', text: '14540' });
    expect(classify('14540\t')).toMatchObject({ kind: 'articleNo', text: '14540' });
    expect(classify(' 14540 ')).toMatchObject({ kind: 'articleNo', articleNo: '14540' });
  });

  it('keeps a trailing space that is a HIBC check character', () => {
    expect(classify('+A123BJCMD6E79++$$52001510X3+ ')).toMatchObject({ kind: 'hibc', hibc: { product: 'BJCMD6E7' } });
  });

  it('explains a GS1 error in Swedish', () => {
    const m = classify(']d2010950110102091710ABCD123421123456789012345');
    expect(m.kind).toBe('unknown');
    if (m.kind === 'unknown') expect(m.error.message).toMatch(/GS-avskiljare/);
  });

  it('works without explicit rules through the default classifier', () => {
    expect(classifyScan('14540').kind).toBe('articleNo');
    expect(classifyScan('0109501101020917', ']C1').kind).toBe('gs1');
  });
});

describe('classifyScan with region rules', () => {
  it('individual numbers with a prefix', () => {
    const c = createScanClassifier({ today: TODAY, individualNoPrefixes: ['H', 'IND-'] });
    expect(c('H123456')).toMatchObject({ kind: 'individualNo', individualNo: 'H123456' });
    expect(c('IND-00042')).toMatchObject({ kind: 'individualNo', individualNo: 'IND-00042' });
    expect(c('X123456').kind).toBe('unknown');
    expect(c('H').kind).toBe('unknown');
  });

  it('article number prefixes and other digit counts', () => {
    const c = createScanClassifier({ today: TODAY, articleNoDigits: [5, 6], articleNoPrefixes: ['A'] });
    expect(c('123456')).toMatchObject({ kind: 'articleNo', alternatives: ['individualNo'] });
    expect(c('A12345')).toMatchObject({ kind: 'articleNo', articleNo: 'A12345' });
  });

  it('8 digits preferred as individual numbers', () => {
    const c = createScanClassifier({ today: TODAY, eightDigitPreference: 'individualNo' });
    expect(c('24020001')).toMatchObject({ kind: 'individualNo', alternatives: ['caseNumber'] });
  });

  it('case numbers off', () => {
    const c = createScanClassifier({ today: TODAY, caseNumbers: false });
    expect(c('24020001')).toMatchObject({ kind: 'individualNo', alternatives: [] });
  });

  it('case numbers only when individual numbers are longer', () => {
    const c = createScanClassifier({ today: TODAY, individualNoMinDigits: 9 });
    expect(c('24020001')).toMatchObject({ kind: 'caseNumber', alternatives: [] });
    expect(c('12345678').kind).toBe('unknown');
  });

  it('bare 10-digit personal numbers on', () => {
    const c = createScanClassifier({ today: TODAY, tenDigitPersonalNumbers: true });
    expect(c('8211059954')).toMatchObject({ kind: 'personalNumber', alternatives: ['individualNo'] });
  });

  it('passing rules to classifyScan directly', () => {
    expect(classifyScan('123456', undefined, { today: TODAY, individualNoMinDigits: 7 }).kind).toBe('unknown');
  });
});
