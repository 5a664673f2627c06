import { describe, expect, it } from 'vitest';
import { isDefaultRegionSetting, parseRegionSetting, parseRegionSettings } from './parse';
import { DEFAULT_REGION_SETTINGS } from './settings';

describe('parseRegionSettings', () => {
  it('gives the defaults without rows', () => {
    expect(parseRegionSettings([])).toEqual({ settings: DEFAULT_REGION_SETTINGS, problems: [] });
  });

  it('takes each valid value and ignores unknown keys', () => {
    const { settings, problems } = parseRegionSettings([
      { key: 'loginMode', value: 'siths' },
      { key: 'cancelSameDayOnly', value: false },
      { key: 'storeNumbers', value: { central: '1', purchase: '2', investigation: '3' } },
      { key: 'somethingElse', value: 42 },
    ]);
    expect(problems).toEqual([]);
    expect(settings.loginMode).toBe('siths');
    expect(settings.cancelSameDayOnly).toBe(false);
    expect(settings.storeNumbers).toEqual({ central: '1', purchase: '2', investigation: '3' });
    expect(settings.returnRekond).toBe(DEFAULT_REGION_SETTINGS.returnRekond);
  });

  it('falls back to the default for a bad value, alone, and says so in Swedish', () => {
    const { settings, problems } = parseRegionSettings([
      { key: 'loginMode', value: 'bankid' },
      { key: 'storeNumbers', value: { central: 'x y', purchase: '2', investigation: '3' } },
      { key: 'careUnitCode', value: { pattern: '(', description: 'trasig' } },
      { key: 'jointDeliveryDefault', value: true },
    ]);
    expect(settings.loginMode).toBe('password');
    expect(settings.storeNumbers).toEqual(DEFAULT_REGION_SETTINGS.storeNumbers);
    expect(settings.careUnitCode).toEqual(DEFAULT_REGION_SETTINGS.careUnitCode);
    expect(settings.jointDeliveryDefault).toBe(true);
    expect(problems.map((p) => p.key)).toEqual(['loginMode', 'storeNumbers', 'careUnitCode']);
    expect(problems[1]!.message).toContain('Ett lagernummer är 1–10 siffror eller bokstäver.');
    expect(problems[2]!.message).toContain('reguljärt uttryck');
    for (const p of problems) expect(p.message).toContain('Standardvärdet används');
  });

  it('reports a key stored twice and uses the default', () => {
    const { settings, problems } = parseRegionSettings([
      { key: 'returnRekond', value: false },
      { key: 'returnRekond', value: false },
    ]);
    expect(settings.returnRekond).toBe(true);
    expect(problems).toHaveLength(1);
  });
});

describe('parseRegionSetting / isDefaultRegionSetting', () => {
  it('validates one value with its key schema', () => {
    expect(parseRegionSetting('individualRegistration', 'central')).toEqual({ ok: true, value: 'central' });
    const bad = parseRegionSetting('individualRegistration', 'nobody');
    expect(bad.ok).toBe(false);
  });

  it('compares by value, key order aside', () => {
    expect(isDefaultRegionSetting('storeNumbers', { investigation: '999', purchase: '800', central: '10' })).toBe(true);
    expect(isDefaultRegionSetting('storeNumbers', { investigation: '998', purchase: '800', central: '10' })).toBe(false);
    expect(isDefaultRegionSetting('stockListType', 'all')).toBe(true);
    expect(isDefaultRegionSetting('stockListType', 'mainAid')).toBe(false);
  });
});

describe('the rules take their settings from the region', () => {
  it('cancel and return settings follow the keys, both values', async () => {
    const { cancelSettingsOf } = await import('../order/cancel');
    const { returnSettingsOf } = await import('../return/mutations');
    expect(cancelSettingsOf({ cancelSameDayOnly: true })).toEqual({ sameDayOnly: true });
    expect(cancelSettingsOf({ cancelSameDayOnly: false })).toEqual({ sameDayOnly: false });
    expect(returnSettingsOf({ returnRekond: true })).toEqual({ rekond: true });
    expect(returnSettingsOf({ returnRekond: false })).toEqual({ rekond: false });
  });
});
