import { describe, expect, it } from 'vitest';
import { parseMachineConfig } from './machine-config';

const FILE = 'C:\\ProgramData\\Buffert\\config.json';

function message(text: string): string {
  const result = parseMachineConfig(text, FILE);
  if (result.ok) throw new Error('expected a refusal');
  return result.error.message;
}

describe('parseMachineConfig', () => {
  it('accepts a complete file as IT writes it, with a $schema key and a byte-order mark', () => {
    const text = `\ufeff${JSON.stringify({
      $schema: './buffert-config.schema.json',
      central: { url: 'https://buffert.region.se', storeId: '50301', enrolmentKey: 'a-long-region-secret', caFile: 'C:\\ProgramData\\Buffert\\region-ca.pem' },
      login: { method: 'siths', lockMinutes: 5, offlineLoginDays: 3, cardReaders: 'pcsc' },
      siths: { caBundle: '/etc/buffert/siths.pem', crl: ['/etc/buffert/person3.crl', 'C:\\ProgramData\\Buffert\\person3.crl'], issuers: ['SITHS e-id Person HSA-id 3 CA v1'] },
      scanner: { mode: 'hidPos', profile: 'honeywell', layout: 'sv', device: null, userMayChange: false },
      labelPrinter: { name: 'Zebra ZD421' },
      updates: { url: 'https://uppdatering.region.se/buffert/', enabled: true },
      backup: { keepDays: 30 },
      log: { level: 'info' },
    })}`;
    const result = parseMachineConfig(text, FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.login?.lockMinutes).toBe(5);
    expect(result.value.scanner?.userMayChange).toBe(false);
    expect(result.value).not.toHaveProperty('$schema');
  });

  it('accepts an empty object: every field is optional', () => {
    expect(parseMachineConfig('{}', FILE)).toEqual({ ok: true, value: {} });
  });

  it('names the file and the line of a JSON syntax error', () => {
    const text = '{\n  "login": {\n    "lockMinutes": 5,\n  }\n}';
    const m = message(text);
    expect(m).toContain(FILE);
    expect(m).toContain('inte giltig JSON');
    expect(m).toMatch(/rad 4/);
  });

  it('refuses what is not an object', () => {
    expect(message('[1, 2]')).toContain('ska innehålla ett JSON-objekt');
    expect(message('null')).toContain('ska innehålla ett JSON-objekt');
  });

  it('names each wrong field with a Swedish reason', () => {
    const m = message(JSON.stringify({ login: { lockMinutes: 500, method: 'bankid' }, central: { storeId: '123', url: 'ftp://x' } }));
    expect(m).toContain(`Maskinkonfigurationen ${FILE} är felaktig`);
    expect(m).toContain('fältet "login.lockMinutes": högst 240');
    expect(m).toMatch(/fältet "login\.method": .*siths/);
    expect(m).toContain('fältet "central.storeId": ska vara lagrets nummer');
    expect(m).toContain('fältet "central.url": ska vara en webbadress');
  });

  it('names an unknown field (a typo) with its full path', () => {
    expect(message(JSON.stringify({ login: { lockMinute: 5 } }))).toContain('okänt fält "login.lockMinute" (stavfel?)');
    expect(message(JSON.stringify({ centrl: {} }))).toContain('okänt fält "centrl"');
  });

  it('wants absolute paths for files and https or http addresses, never credentials in them', () => {
    expect(message(JSON.stringify({ siths: { caBundle: 'siths.pem' } }))).toContain('fältet "siths.caBundle": ska vara en absolut sökväg');
    expect(message(JSON.stringify({ updates: { url: 'https://user:secret@host/' } }))).toContain('fältet "updates.url"');
    expect(message(JSON.stringify({ siths: { crl: ['crl.pem'] } }))).toContain('fältet "siths.crl.0"');
    expect(parseMachineConfig(JSON.stringify({ central: { caFile: '\\\\fileserver\\it\\ca.pem' } }), FILE).ok).toBe(true);
  });

  it('wants whole numbers in range and known values', () => {
    expect(message(JSON.stringify({ login: { lockMinutes: 2.5 } }))).toContain('fältet "login.lockMinutes": ska vara ett heltal');
    expect(message(JSON.stringify({ backup: { keepDays: 0 } }))).toContain('fältet "backup.keepDays": minst 1');
    expect(message(JSON.stringify({ login: { lockMinutes: '10' } }))).toMatch(/fältet "login\.lockMinutes": .*(nummer|tal)/i);
    expect(message(JSON.stringify({ scanner: { mode: 'bluetooth' } }))).toContain('fältet "scanner.mode"');
  });

  it('says how many more errors there are beyond the first five', () => {
    const m = message(JSON.stringify({ a: 1, b: 2, login: { lockMinutes: -1, offlineLoginDays: 99, method: 'x', cardReaders: 'y' }, backup: { keepDays: 0 }, log: { level: 'trace' } }));
    expect(m).toMatch(/och \d+ fel till/);
  });
});
