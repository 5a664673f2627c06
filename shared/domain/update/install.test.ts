import { describe, expect, it } from 'vitest';
import { isWithinRollout, mayInstallUpdate } from './install';

const none = { goodsReceipts: 0, stocktakeCounts: 0, handOuts: 0 };

describe('mayInstallUpdate', () => {
  it('installs when nothing is open', () => {
    expect(mayInstallUpdate(none)).toEqual({ install: true });
  });

  it('waits for an open goods receipt, a count and a hand-out, each on its own, and names them in Swedish', () => {
    expect(mayInstallUpdate({ ...none, goodsReceipts: 1 })).toEqual({
      install: false,
      reason: 'open-work',
      message: 'Uppdateringen installeras när Buffert stängs utan en pågående godsmottagning.',
    });
    expect(mayInstallUpdate({ ...none, stocktakeCounts: 1 })).toMatchObject({ install: false, message: expect.stringContaining('en pågående inventering') });
    expect(mayInstallUpdate({ ...none, handOuts: 2 })).toMatchObject({ install: false, message: expect.stringContaining('2 påbörjade utleveranser') });
    expect(mayInstallUpdate({ goodsReceipts: 2, stocktakeCounts: 1, handOuts: 1 })).toMatchObject({
      install: false,
      message: 'Uppdateringen installeras när Buffert stängs utan 2 pågående godsmottagningar, en pågående inventering och en påbörjad utleverans.',
    });
  });

  it('waits when the work cannot be known, and never reads a broken count as nothing open', () => {
    expect(mayInstallUpdate(null)).toMatchObject({ install: false, reason: 'unknown-work' });
    expect(mayInstallUpdate({ ...none, goodsReceipts: Number.NaN })).toMatchObject({ install: false, reason: 'unknown-work' });
    expect(mayInstallUpdate({ ...none, handOuts: -1 })).toMatchObject({ install: false, reason: 'unknown-work' });
    expect(mayInstallUpdate({ ...none, stocktakeCounts: 0.5 })).toMatchObject({ install: false, reason: 'unknown-work' });
  });
});

describe('isWithinRollout', () => {
  const low = '6f1b2c3d-0000-4000-8000-000000000001'; // last four bytes 0x00000001: among the first
  const high = '6f1b2c3d-0000-4000-8000-0000fffffffe'; // 0xfffffffe: among the last
  const middle = '6f1b2c3d-0000-4000-8000-00007fffffff'; // just under half

  it('lets everyone in without a percentage, no one at 0 and everyone below 100 %', () => {
    for (const id of [low, high, middle]) {
      expect(isWithinRollout(id, undefined)).toBe(true);
      expect(isWithinRollout(id, null)).toBe(true);
      expect(isWithinRollout(id, 0)).toBe(false);
      expect(isWithinRollout(id, 100)).toBe(true);
    }
  });

  it('splits by the id’s last four bytes', () => {
    expect(isWithinRollout(low, 10)).toBe(true);
    expect(isWithinRollout(high, 10)).toBe(false);
    expect(isWithinRollout(high, 99)).toBe(false);
    expect(isWithinRollout(middle, 50)).toBe(true);
    expect(isWithinRollout(middle, 49)).toBe(false);
    // Strings as latest.yml may carry them; a percentage that is not a number lets everyone in, as electron-updater does.
    expect(isWithinRollout(middle, '50')).toBe(true);
    expect(isWithinRollout(high, 'many')).toBe(true);
  });

  it('refuses a staging id that is not a UUID', () => {
    expect(() => isWithinRollout('machine-7', 50)).toThrow(/inte ett UUID/);
  });
});
