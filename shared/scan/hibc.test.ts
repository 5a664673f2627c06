import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod43CheckChar, parseHibc, type HibcData } from './hibc';

const TODAY = new Date(2025, 5, 1);
const parse = (s: string) => parseHibc(s, { today: TODAY });

describe('mod-43 check character', () => {
  // Table: ANSI/HIBC 2.x appendix ("0–9 = 0–9, A–Z = 10–35, - . space $ / + % = 36–42");
  // primary examples from HIBCC's formatter page (hibcc.org/m43) as used by the
  // BarcodeParserBuilder test suite (github.com/DacoTaco/BarcodeParserBuilder).
  it.each([
    ['+A123BJC5D6E71', 'G'],
    ['+J123AQ3451', 'T'],
    ['+A123BJCMD6E79', '+'],
    // From the fixture's expected error: "Check Character did not match: expected '7'".
    ['+A99912345/$$52001510X3/16D20111212/S77DEFG45', '7'],
  ])('%s → %s', (body, check) => {
    expect(mod43CheckChar(body)).toBe(check);
  });
});

describe('parseHibc', () => {
  // Vectors: BarcodeParserBuilder, BarcodeParserBuilder.UnitTests/Barcodes/HIBC/
  // HibcBarcodeParserBuilderTestFixture.cs (ValidHibcParsingBarcodes, ValidHibcParserBuilderBarcodes,
  // InValidHibcBarcodes). Julian/MMYY dates are read with today = 2025-06-01.
  it.each<[string, HibcData]>([
    ['+A123BJC5D6E71G', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1' }],
    ['+A123BJC5D6E71G+2001510X3GG', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1', lot: '10X3', expiry: '2020-01-15' }],
    [']zB+A123BJC5D6E71G+2001510X3GG', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1', lot: '10X3', expiry: '2020-01-15' }],
    ['+J123AQ3451T+25330BC34567T2+S4012TJ', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2025-11-26' }],
    ['+J123AQ3451/25330BC34567/S4012X', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2025-11-26' }],
    [']Q0+J123AQ3451/25330BC34567/S4012X', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2025-11-26' }],
    [
      '+A123ABCDEFGHI1234567891/$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202$',
      { lic: 'A123', product: 'ABCDEFGHI123456789', unitOfMeasure: '1', lot: 'LOT123456789012345', serial: 'XYZ456789012345678', expiry: '2020-02-02', productionDate: '2013-02-02' },
    ],
    ['+A123BJC5D6E71G+$$52001510X3GD', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1', lot: '10X3', expiry: '2020-01-15' }],
    ['+A123BJC5D6E71G+$$710X3G7', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1', lot: '10X3' }],
    ['+A123BJC5D6E71G+$$+52001510X3GB', { lic: 'A123', product: 'BJC5D6E7', unitOfMeasure: '1', serial: '10X3', expiry: '2020-01-15' }],
    ['+A123BJCMD6E79++$$52001510X3+ ', { lic: 'A123', product: 'BJCMD6E7', unitOfMeasure: '9', lot: '10X3', expiry: '2020-01-15' }],
    ['+A99912345/$$52025010X3/16D20111212/S77DEFG458', { lic: 'A999', product: '1234', unitOfMeasure: '5', lot: '10X3', serial: '77DEFG45', expiry: '2020-09-06', productionDate: '2011-12-12' }],
    // MMYY is a month: we read it as the last day of that month (BarcodeParserBuilder uses the 1st).
    ['+J123AQ3451/$$1125BC34567/S4012L', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2025-11-30' }],
    ['+J123AQ3451/$$0125BC34567/S4012K', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2025-01-31' }],
    ['+J123AQ3451/$$3231231BC34567/S4012R', { lic: 'J123', product: 'AQ345', unitOfMeasure: '1', lot: 'BC34567', serial: '4012', expiry: '2023-12-31' }],
  ])('%s', (input, expected) => {
    expect(parse(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['+A99912345/$$520´01510X^0/16D20111#2é12/S77DEFG45/', 'hibc.character'],
    ['+A99912345/$$52001510X3/16D20111212/S77DEFG45/', 'hibc.checkChar'],
    ['+A123BJC5D6E71++$$52001510X3+D', 'hibc.checkChar'],
    ['+A123BJC5D6E71G+$$52001510X3+ ', 'hibc.link'],
  ])('rejects %s (%s)', (input, code) => {
    const r = parse(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('reads quantity ($$8 / $$9) followed by the date field', () => {
    const body = '+A99912345/$$8123231231LOT1';
    expect(parse(body + mod43CheckChar(body))).toEqual({
      ok: true,
      value: { lic: 'A999', product: '1234', unitOfMeasure: '5', quantity: 12, expiry: '2023-12-31', lot: 'LOT1' },
    });
    const body9 = '+A99912345/$$9002507LOT1';
    expect(parse(body9 + mod43CheckChar(body9))).toMatchObject({ ok: true, value: { quantity: 250, lot: 'LOT1' } });
  });

  it('asks for the primary line when only the secondary line was scanned', () => {
    const r = parse('+$$52001510X3GD');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('hibc.secondaryOnly');
      expect(r.error.message).toMatch(/första delen/);
    }
  });

  it('rejects impossible dates, lower case and conflicting fields', () => {
    const withCheck = (b: string) => b + mod43CheckChar(b);
    expect(parse(withCheck('+A99912345/$$3231331LOT')).ok).toBe(false); // month 13
    expect(parse(withCheck('+A99912345/$$523366LOT')).ok).toBe(false); // day 366 of 2023
    expect(parse(withCheck('+A99912345/$$524366LOT')).ok).toBe(true); // 2024 is a leap year
    expect(parse(withCheck('+A99912345/$$1325LOT')).ok).toBe(false); // MMYY month 13
    expect(parse('+a99912345/')).toMatchObject({ ok: false, error: { code: 'hibc.character' } });
    expect(parse(withCheck('+A99912345/$$3231231LOT/14D20240101'))).toMatchObject({ ok: false, error: { code: 'hibc.conflict' } });
    expect(parse(withCheck('+A99912345/$$3231231LOT/X123'))).toMatchObject({ ok: false, error: { code: 'hibc.format' } });
    expect(parse(withCheck('+1A9912345'))).toMatchObject({ ok: false });
  });

  it('round-trips generated single-symbol and two-line codes (property)', () => {
    const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const str = (min: number, max: number) =>
      fc.array(fc.integer({ min: 0, max: 35 }), { minLength: min, maxLength: max }).map((a) => a.map((i) => alnum[i]).join(''));
    const letter = fc.integer({ min: 10, max: 35 }).map((i) => alnum[i] as string);
    fc.assert(
      fc.property(
        letter,
        str(3, 3),
        str(1, 18),
        fc.integer({ min: 0, max: 9 }),
        fc.option(str(1, 18)),
        fc.option(fc.date({ min: new Date(2000, 0, 1), max: new Date(2074, 11, 31), noInvalidDate: true })),
        fc.boolean(),
        (l, lic3, product, unit, lot, expiry, oneSymbol) => {
          const primary = `+${l}${lic3}${product}${unit}`;
          let secondary = '';
          const expected: HibcData = { lic: l + lic3, product, unitOfMeasure: String(unit) };
          if (expiry !== null) {
            const yy = String(expiry.getFullYear() % 100).padStart(2, '0');
            const mm = String(expiry.getMonth() + 1).padStart(2, '0');
            const dd = String(expiry.getDate()).padStart(2, '0');
            secondary = `$$3${yy}${mm}${dd}${lot ?? ''}`;
            expected.expiry = `${expiry.getFullYear()}-${mm}-${dd}`;
          } else if (lot !== null) {
            secondary = `$${lot}`;
          }
          if (lot !== null) expected.lot = lot;
          let code: string;
          if (oneSymbol || secondary === '') {
            const body = secondary === '' ? primary : `${primary}/${secondary}`;
            code = body + mod43CheckChar(body);
          } else {
            const check = mod43CheckChar(primary);
            const line2 = `+${secondary}${check}`;
            code = primary + check + line2 + mod43CheckChar(line2);
          }
          const r = parse(code);
          if (!r.ok) throw new Error(`${code}: ${r.error.message}`);
          expect(r.value).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('detects any single changed character (property)', () => {
    const code = '+A123ABCDEFGHI1234567891/$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202$';
    const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';
    fc.assert(
      fc.property(fc.integer({ min: 1, max: code.length - 1 }), fc.integer({ min: 0, max: chars.length - 1 }), (pos, ci) => {
        const ch = chars[ci] as string;
        fc.pre(code[pos] !== ch);
        const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
        const r = parse(mutated);
        // Either rejected, or (very rarely) still a valid code whose fields differ.
        if (r.ok) expect(r.value).not.toEqual((parse(code) as { ok: true; value: HibcData }).value);
      }),
      { numRuns: 2000 },
    );
  });
});
