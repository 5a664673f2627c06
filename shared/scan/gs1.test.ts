import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AI_TABLE, type AiComponent, type AiDefinition } from './ai-table';
import { GS, gs1CheckDigit, gs1Year, parseGs1, parseGs1Text, type Gs1Element } from './gs1';

const TODAY = new Date(2025, 5, 1);
const opts = { today: TODAY };

function elements(input: string, today = TODAY): Gs1Element[] | string {
  const r = parseGs1(input, { today });
  return r.ok ? r.value.elements : r.error.code;
}

/** "^" = FNC1, as in the GS1 Barcode Syntax Engine's tests; a scanner sends it as GS. */
const fnc1 = (s: string): string => s.replaceAll('^', GS);
const el = (...pairs: string[]): Gs1Element[] => {
  const out: Gs1Element[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push({ ai: pairs[i] as string, value: pairs[i + 1] as string });
  return out;
};

describe('parseGs1: scan data with symbology identifiers', () => {
  // Vectors: github.com/gs1/gs1-barcode-engine, src/c-lib/scandata.c, test_scandata_processScanData.
  it.each([']Q3', ']d2', ']e0', ']C1'])('%s element string with GS after a variable-length AI', (sym) => {
    const r = parseGs1(`${sym}011231231231233310ABC123${GS}99TESTING`, opts);
    expect(r).toEqual({
      ok: true,
      value: { symbology: sym, elements: el('01', '12312312312333', '10', 'ABC123', '99', 'TESTING'), gtin: '12312312312333', batch: 'ABC123' },
    });
  });

  it.each([']e0', ']Q3', ']d2'])('%s with no data is an error', (sym) => {
    expect(elements(sym)).toBe('gs1.empty');
  });

  it('reads a Digital Link URI from a plain QR code (]Q1) and DataMatrix (]d1)', () => {
    for (const sym of [']Q1', ']d1']) {
      const r = parseGs1(`${sym}https://id.gs1.org/01/12312312312333?99=TEST`, opts);
      expect(r.ok && r.value.elements).toEqual(el('01', '12312312312333', '99', 'TEST'));
      expect(r.ok && r.value.symbology).toBe(sym);
    }
  });

  it('refuses plain text in a non-GS1 symbol instead of guessing', () => {
    expect(elements(']d1TESTING')).toBe('gs1.notGs1');
    expect(elements(']Q10112312312312333')).toBe('gs1.notGs1');
    expect(elements(']C00112312312312333')).toBe('gs1.notGs1');
  });

  it('takes a GTIN from EAN-13 (]E0) and EAN-8 (]E4), check digit verified', () => {
    // Check-digit vectors: gs1-barcode-engine src/c-lib/ai.c, test_ai_validateParity.
    expect(elements(']E02112233789657')).toEqual(el('01', '02112233789657'));
    expect(elements(']E02112233789658')).toBe('gs1.checkDigit');
    expect(elements(']E402345680')).toEqual(el('01', '00000002345680'));
    expect(elements(']E402345689')).toBe('gs1.checkDigit');
    expect(elements(']E0211223378965')).toBe('gs1.ean');
  });

  it('accepts leading, doubled and trailing GS', () => {
    const expected = el('01', '12312312312333', '10', 'ABC123', '99', 'TESTING');
    expect(elements(`${GS}011231231231233310ABC123${GS}${GS}99TESTING${GS}`)).toEqual(expected);
    expect(elements(`]d2011231231231233310ABC123${GS}99TESTING${GS}${GS}`)).toEqual(expected);
  });
});

describe('parseGs1: element strings (FNC1 = GS)', () => {
  // Vectors: gs1-barcode-engine src/c-lib/ai.c, test_ai_processAIdata ("^" = FNC1).
  const ok = [
    '^991234',
    '^0112345678901231',
    '^0112345678901231^',
    '^0112345678901231991234',
    '^0112345678901231^991234',
    '^2421',
    '^242123456',
    '^242123456^10ABC123',
    '^242123456^',
    '^81111234',
    '^81111234^10ABC123',
    '^800112341234512398',
    '^800112341234512398^0112345678901231',
    '^800302112345678900ABC',
    '^800302112345678900',
    '^800302112345678900^10ABC123',
    '^800302112345678900ABCDEFGHIJKLMNOP',
    '^7230121234567890123456789012345678',
    '^7230123',
  ];
  const bad = [
    '^',
    '^891234',
    '^99~ABC',
    '^99ABC~',
    '^01A2345678901231',
    '^011234567890123A',
    '^0112345678901234',
    '^011234567890123',
    '^01123456789012312',
    '^011234567890123^',
    '^01123456789012345^',
    '^01123456789012345^991234',
    '^2421234567',
    '^8111123',
    '^811112345',
    '^80011234123451239',
    '^8001123412345123981',
    '^80011234123451239^0112345678901231',
    '^800302112345678901ABC',
    '^800302112345678900ABCDEFGHIJKLMNOPQ',
    '^72301212345678901234567890123456789',
    '^723012',
  ];
  it.each(ok)('accepts %s', (s) => {
    expect(parseGs1(fnc1(s), opts).ok).toBe(true);
  });
  it.each(bad)('rejects %s', (s) => {
    const r = parseGs1(fnc1(s), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
  });

  it('splits values exactly as the engine does', () => {
    expect(elements(fnc1('^0112345678901231991234'))).toEqual(el('01', '12345678901231', '99', '1234'));
    expect(elements(fnc1('^800302112345678900^10ABC123'))).toEqual(el('8003', '02112345678900', '10', 'ABC123'));
    expect(elements(fnc1('^3100123456^10ABC'))).toEqual(el('3100', '123456', '10', 'ABC'));
  });

  it('reads a typical UDI on a medical device: GTIN, expiry, batch, serial', () => {
    const r = parseGs1(`]d201095011010209171719050810ABCD1234${GS}2110`, opts);
    expect(r).toEqual({
      ok: true,
      value: {
        symbology: ']d2',
        elements: el('01', '09501101020917', '17', '190508', '10', 'ABCD1234', '21', '10'),
        gtin: '09501101020917',
        expiry: '2019-05-08',
        batch: 'ABCD1234',
        serial: '10',
      },
    });
  });

  it('says the GS was probably lost when a batch swallows the rest of the code', () => {
    // GS after (10) lost in keyboard mode: "ABCD1234" + "2110" + … runs past 20 characters.
    const r = parseGs1('010950110102091710ABCD123421123456789012345', opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('gs1.tooLong');
      expect(r.error.message).toMatch(/GS-avskiljare/);
    }
  });

  it('rejects stray control characters with the position', () => {
    const r = parseGs1('0109501101020917\r', opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('gs1.control');
      expect(r.error.message).toContain('plats 17');
    }
  });

  it('rejects the same AI twice with different values', () => {
    expect(elements(`10ABC${GS}10DEF`)).toBe('gs1.duplicate');
    expect(elements(`10ABC${GS}10ABC`)).toEqual(el('10', 'ABC', '10', 'ABC'));
  });

  it('rejects a wrong GTIN check digit, never correcting it', () => {
    const r = parseGs1('0109501101020918', opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('gs1.checkDigit');
      expect(r.error.message).toContain('ska vara 7');
    }
  });
});

describe('parseGs1: bracketed human-readable form', () => {
  // Vectors: gs1-barcode-engine src/c-lib/ai.c, test_ai_parseAIdata.
  it.each([
    ['(01)12345678901231', el('01', '12345678901231')],
    ['(10)12345', el('10', '12345')],
    ['(01)12345678901231(10)12345', el('01', '12345678901231', '10', '12345')],
    ['(3100)123456(10)12345', el('3100', '123456', '10', '12345')],
    ['(10)12345(11)991225', el('10', '12345', '11', '991225')],
    ['(3900)12345(11)991225', el('3900', '12345', '11', '991225')],
    ['(10)12345\\(11)991225', el('10', '12345(11)991225')],
    ['(10)12345\\(', el('10', '12345(')],
    ['(01) 09506000134352 (17) 201231 (10) ABC123', el('01', '09506000134352', '17', '201231', '10', 'ABC123')],
  ])('%s', (input, expected) => {
    expect(elements(input)).toEqual(expected);
  });

  it.each(['(10)(11)98765', '(10)12345(11)', '(1A)12345', '1(12345', '12345', '()12345', '(1)12345', '(12345)12345', '(15', '(1', '(', '(01)123456789012312(10)12345', '(17)9(90)217'])(
    'rejects %s',
    (input) => {
      expect(parseGs1(input, opts).ok).toBe(false);
    },
  );
});

describe('parseGs1: GS1 Digital Link', () => {
  // Vectors: gs1-barcode-engine src/c-lib/dl.c, test_dl_parseDLuri (incl. the examples it takes
  // from the GS1 Digital Link standard).
  it.each([
    ['http://a/00/006141411234567890', el('00', '006141411234567890')],
    ['https://a/stem/00/006141411234567890', el('00', '006141411234567890')],
    ['https://a/more/stem/00/006141411234567890', el('00', '006141411234567890')],
    ['https://a/00/faux/00/006141411234567890', el('00', '006141411234567890')],
    ['https://a/01/12312312312333', el('01', '12312312312333')],
    ['https://a/01/2112345678900', el('01', '02112345678900')],
    ['https://a/01/416000336108', el('01', '00416000336108')],
    ['https://a/01/02345673', el('01', '00000002345673')],
    ['https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ', el('01', '12312312312333', '22', 'TEST', '10', 'ABC', '21', 'XYZ')],
    ['https://a/01/12312312312333/235/TEST', el('01', '12312312312333', '235', 'TEST')],
    ['https://a/253/1231231231232', el('253', '1231231231232')],
    ['https://a/253/1231231231232TEST5678901234567', el('253', '1231231231232TEST5678901234567')],
    ['https://a/8018/123456789012345675/8019/123', el('8018', '123456789012345675', '8019', '123')],
    ['https://a/stem/00/006141411234567890?99=ABC', el('00', '006141411234567890', '99', 'ABC')],
    ['https://a/stem/401/12345678?99=ABC', el('401', '12345678', '99', 'ABC')],
    ['https://a/01/12312312312333?99=ABC&98=XYZ', el('01', '12312312312333', '99', 'ABC', '98', 'XYZ')],
    ['https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&', el('01', '12312312312333', '99', 'ABC', '98', 'XYZ')],
    ['https://a/01/12312312312333?99=ABC&unknown=666&98=XYZ', el('01', '12312312312333', '99', 'ABC', '98', 'XYZ')],
    ['https://a/01/12312312312333?99=ABC&singleton&98=XYZ', el('01', '12312312312333', '99', 'ABC', '98', 'XYZ')],
    ['https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987', el('01', '12312312312333', '22', 'ABC-123', '99', 'ABC', '98', 'XYZ/987')],
    ['https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426', el('01', '09520123456788', '10', 'ABC1', '21', '12345', '17', '180426')],
    ['https://example.com/01/9520123456788?3103=000195&3922=0299&17=201225', el('01', '09520123456788', '3103', '000195', '3922', '0299', '17', '201225')],
    ['https://brand.example.com/some-extra/pathinfo/01/9520123456788', el('01', '09520123456788')],
    ['https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123', el('00', '952012345678912345', '02', '09520123456788', '37', '25', '10', 'ABC123')],
    ['HTTPS://ID.GS1.ORG/01/09520123456788/10/ABC1', el('01', '09520123456788', '10', 'ABC1')],
  ])('%s', (uri, expected) => {
    expect(elements(uri)).toEqual(expected);
  });

  it.each([
    'ftp://',
    'http://',
    'http:///',
    'http://a',
    'http://a/',
    'https://00/006141411234567890',
    'https://a/stem/00/006141411234567890/',
    'https://a/01/12312312312333?99=ABC&999=faux',
    'https://a/253/1231231231232TEST56789012345678',
    'https://a/01/12312312312334',
    'https://a/01/12312312312333/21/XYZ/10/ABC',
    'https://a/01/12312312312333/10/A%2',
    'https://a/01/12312312312333/10/AB C',
    'https://example.com/products/shower-chair',
  ])('rejects %s', (uri) => {
    expect(parseGs1(uri, opts).ok).toBe(false);
  });

  it('fills expiry and serial from the URI', () => {
    const r = parseGs1('https://id.gs1.org/01/09520123456788/21/12345?17=180426', opts);
    expect(r.ok && r.value).toMatchObject({ gtin: '09520123456788', serial: '12345', expiry: '2018-04-26' });
  });
});

describe('GS1 dates', () => {
  // Vectors: GS1 Barcode Syntax Dictionary, linters/lint_yymmd0.c (reference year 2021).
  const REF = new Date(2021, 0, 1);
  const valid = ['000606', '250606', '500606', '750606', '990606', '200131', '200229', '200331', '200430', '201231', '210228', '240229', '000229', '040229', '960229', '200600'];
  const invalid = ['200010', '201310', '209910', '200132', '200230', '200431', '200631', '200931', '201131', '201232', '210229', '220229', '230229', '240230', '000230', '040230', '960230'];
  it.each(valid)('(17)%s is a date', (d) => {
    expect(parseGs1(`0109501101020917${'17' + d}`, { today: REF }).ok).toBe(true);
  });
  it.each(invalid)('(17)%s is not', (d) => {
    const r = parseGs1(`0109501101020917${'17' + d}`, { today: REF });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('gs1.date');
  });

  it('day 00 means the last day of the month', () => {
    const get = (yymm: string): string | undefined => {
      const r = parseGs1(`0109501101020917${'17' + yymm + '00'}`, opts);
      return r.ok ? r.value.expiry : undefined;
    };
    expect(get('2502')).toBe('2025-02-28');
    expect(get('2402')).toBe('2024-02-29');
    expect(get('2504')).toBe('2025-04-30');
    expect(get('2512')).toBe('2025-12-31');
  });

  it("follows GS1's century rule (General Specifications 7.12)", () => {
    // Within 50 years back or ahead stays in this century; 51+ ahead is the previous century;
    // 50+ back is the next one.
    expect(gs1Year(75, new Date(2025, 0, 1))).toBe(2075);
    expect(gs1Year(76, new Date(2025, 0, 1))).toBe(1976);
    expect(gs1Year(99, new Date(2025, 0, 1))).toBe(1999);
    expect(gs1Year(0, new Date(2025, 0, 1))).toBe(2000);
    expect(gs1Year(9, new Date(2060, 0, 1))).toBe(2109);
    expect(gs1Year(10, new Date(2060, 0, 1))).toBe(2110);
    expect(gs1Year(11, new Date(2060, 0, 1))).toBe(2011);
    const r = parseGs1('010950110102091717991231', { today: new Date(2025, 0, 1) });
    expect(r.ok && r.value.expiry).toBe('1999-12-31');
  });

  it('production date (11) is reported', () => {
    const r = parseGs1('010950110102091711240115', opts);
    expect(r.ok && r.value.productionDate).toBe('2024-01-15');
  });
});

// ---------------------------------------------------------------------------------------------
// Property: element strings built from random AI values parse back to the same elements.

const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const AIS = [...AI_TABLE.values()];

function componentValue(comp: AiComponent): fc.Arbitrary<string> {
  const checks = comp.checks;
  if (checks.includes('yymmd0') || checks.includes('yymmdd') || checks.includes('yymmddhh')) {
    return fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.boolean())
      .map(([y, m, d, h, zero]) => {
        const day = zero && checks.includes('yymmd0') ? 0 : d;
        const base = [y, m, day].map((n) => String(n).padStart(2, '0')).join('');
        return comp.min === 8 ? base + String(h).padStart(2, '0') : base;
      });
  }
  if (checks.includes('hhmm')) {
    return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => String(h).padStart(2, '0') + String(m).padStart(2, '0'));
  }
  if (checks.includes('zero')) return fc.constant('0');
  const alphabet = comp.charset === 'N' ? '0123456789' : comp.charset === 'Y' ? CSET39 : CSET82;
  return fc
    .array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength: comp.min, maxLength: comp.max })
    .map((idx) => idx.map((i) => alphabet[i]).join(''))
    .map((v) => (checks.includes('csum') && v.length > 0 ? v.slice(0, -1) + gs1CheckDigit(v.slice(0, -1)) : v));
}

function valueFor(def: AiDefinition): fc.Arbitrary<string> {
  // An optional last component may only be present when the earlier ones are full length.
  return fc.tuple(...def.components.map(componentValue)).map((parts) => parts.join(''));
}

const elementArb = fc
  .constantFrom(...AIS)
  .chain((def) => valueFor(def).map((value) => ({ def, value })))
  .filter(({ def, value }) => value.length >= def.minLength && value.length > 0);

describe('property: GS1 element strings round-trip', () => {
  it('element string (GS after variable-length AIs, random extra GS, random symbology)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(elementArb, { minLength: 1, maxLength: 6, selector: (e) => e.def.ai }),
        fc.constantFrom('', ']C1', ']d2', ']Q3', ']e0'),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (els, sym, extraGs) => {
          let s = sym;
          els.forEach(({ def, value }, i) => {
            s += def.ai + value;
            const last = i === els.length - 1;
            if ((!def.predefined && !last) || extraGs[i]) s += GS;
          });
          const r = parseGs1Text(s, undefined, opts);
          if (!r.ok) throw new Error(`${JSON.stringify(s)}: ${r.error.message}`);
          expect(r.value.elements).toEqual(els.map(({ def, value }) => ({ ai: def.ai, value })));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('bracketed form', () => {
    fc.assert(
      fc.property(fc.uniqueArray(elementArb, { minLength: 1, maxLength: 6, selector: (e) => e.def.ai }), (els) => {
        const s = els.map(({ def, value }) => `(${def.ai})${value.replaceAll('(', '\\(')}`).join('');
        const r = parseGs1(s, opts);
        if (!r.ok) throw new Error(`${s}: ${r.error.message}`);
        expect(r.value.elements).toEqual(els.map(({ def, value }) => ({ ai: def.ai, value })));
      }),
      { numRuns: 2000 },
    );
  });

  it('Digital Link URI with GTIN, qualifiers and query attributes', () => {
    const pick = (ai: string): fc.Arbitrary<string> => valueFor(AI_TABLE.get(ai) as AiDefinition);
    fc.assert(
      fc.property(
        pick('01'),
        fc.option(pick('22')),
        fc.option(pick('10')),
        fc.option(pick('21')),
        fc.option(pick('17')),
        fc.option(pick('3103')),
        (gtin, cpv, lot, serial, expiry, weight) => {
          let uri = `https://id.example.se/x/01/${gtin}`;
          const expected = [{ ai: '01', value: gtin }];
          for (const [ai, v] of [['22', cpv], ['10', lot], ['21', serial]] as const) {
            if (v !== null) {
              uri += `/${ai}/${encodeURIComponent(v)}`;
              expected.push({ ai, value: v });
            }
          }
          const query = ([['17', expiry], ['3103', weight]] as const).filter(([, v]) => v !== null);
          if (query.length > 0) uri += '?' + query.map(([ai, v]) => `${ai}=${encodeURIComponent(v as string)}`).join('&');
          for (const [ai, v] of query) expected.push({ ai, value: v as string });
          const r = parseGs1(uri, opts);
          if (!r.ok) throw new Error(`${uri}: ${r.error.message}`);
          expect(r.value.elements).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
