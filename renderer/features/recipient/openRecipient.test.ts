import { describe, expect, it } from 'vitest';
import { careUnitCodeFormOf } from '../../../shared/domain/recipient/search';
import { classifyScan } from '../../../shared/scan';
import { recipientQueryOfScan } from './openRecipient';

describe('a scan on Mottagare', () => {
  it('reads a care unit by the region form: 4–5 digits by default, VE and 3 digits where central set so', () => {
    const meaning = (text: string) => classifyScan(text);
    expect(recipientQueryOfScan(meaning('40123'))).toBe('40123');
    expect(recipientQueryOfScan(meaning('VE123'))).toBeNull();
    const ve = careUnitCodeFormOf({ pattern: 'VE\\d{3}', description: 'VE och 3 siffror' });
    expect(recipientQueryOfScan(meaning('VE123'), ve)).toBe('VE123');
    expect(recipientQueryOfScan(meaning('40123'), ve)).toBeNull();
  });

  it('falls back to the default form when the pattern is no regular expression', () => {
    expect(careUnitCodeFormOf({ pattern: '(', description: 'x' }).description).toBe('4–5 siffror');
  });
});
