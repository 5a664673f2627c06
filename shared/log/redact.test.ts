import { describe, expect, it } from 'vitest';
import { DEMO_REGISTER_EXTRA, demoRegion } from '../demo/generator';
import { MASKED_NUMBER, REDACTED, redactLogArguments, redactText, redactValue } from './redact';

describe('log redaction', () => {
  it('masks a personnummer in every written form', () => {
    for (const form of ['194503142384', '19450314-2384', '450314-2384', '4503142384', '191212121212', '121212+1212']) {
      expect(redactText(`sökte ${form} i registret`)).toBe(`sökte ${MASKED_NUMBER} i registret`);
    }
  });

  it('masks a samordningsnummer (day + 60)', () => {
    expect(redactText('198001722389')).toBe(MASKED_NUMBER);
    expect(redactText('id=800172-2389&x=1')).toBe(`id=${MASKED_NUMBER}&x=1`);
  });

  it('leaves dates, times, ids and short numbers alone', () => {
    const text = 'sync 2026-12-02T16:08:15.123Z mutation 42 article 100234 order 50301-000123 port 5360 ms 1764690000123';
    expect(redactText(text)).toBe(text);
  });

  it('masks every personal number of the demo region', () => {
    const numbers = [...demoRegion().recipients()].flatMap((r) => (r.personalNumber ? [r.personalNumber] : []));
    numbers.push(...DEMO_REGISTER_EXTRA.map((p) => p.personalNumber));
    expect(numbers.length).toBeGreaterThan(200);
    for (const n of numbers) {
      expect(redactText(`x ${n} y`)).toBe(`x ${MASKED_NUMBER} y`);
      expect(redactText(`${n.slice(2, 8)}-${n.slice(8)}`)).toBe(MASKED_NUMBER);
    }
  });

  it('replaces personal fields whole, at any depth, and masks the other texts', () => {
    const value = {
      handler: 'recipient.get',
      recipient: { id: 'R2', name: 'Anna Andersson', address: 'Storgatan 4', postal_code: '340 55', personalNumber: '194503142384' },
      list: [{ first_name: 'Erik' }],
      message: 'no match for 194503142384',
    };
    expect(redactValue(value)).toEqual({
      handler: 'recipient.get',
      recipient: { id: 'R2', name: REDACTED, address: REDACTED, postal_code: REDACTED, personalNumber: REDACTED },
      list: [{ first_name: REDACTED }],
      message: `no match for ${MASKED_NUMBER}`,
    });
  });

  it('turns errors into plain data with masked message and stack, cause included', () => {
    const error = new Error('UNIQUE failed: 19450314-2384', { cause: new Error('key 194503142384') });
    const out = redactValue(error) as { message: string; stack: string; cause: { message: string } };
    expect(out.message).toBe(`UNIQUE failed: ${MASKED_NUMBER}`);
    expect(out.stack).not.toContain('2384');
    expect(out.cause.message).toBe(`key ${MASKED_NUMBER}`);
  });

  it('survives cycles and returns a copy (the caller’s object is untouched)', () => {
    const a: Record<string, unknown> = { name: 'Anna' };
    a.self = a;
    expect(redactLogArguments(['x', a])).toEqual(['x', { name: REDACTED, self: '[cirkulär]' }]);
    expect(a.name).toBe('Anna');
  });
});
