import { describe, expect, it } from 'vitest';
import { cardsPresent, loginCardRemoved, type CardSlot } from './card';

const ATR = '3b8f8001804f0ca000000306030001000000006a';
const OTHER = '3b7f96000080318065b0850300ef120fff829000';
const reader = (name: string, atr: string | null): CardSlot => ({ reader: name, atr });

describe('the card lock', () => {
  it('notes only readers that hold a card', () => {
    expect(cardsPresent([reader('A', ATR), reader('B', null)])).toEqual([reader('A', ATR)]);
  });

  it('locks when the login card leaves its reader, or the reader goes', () => {
    const atLogin = [reader('A', ATR), reader('B', null)];
    expect(loginCardRemoved(atLogin, atLogin)).toBe(false);
    expect(loginCardRemoved(atLogin, [reader('A', null), reader('B', null)])).toBe(true);
    expect(loginCardRemoved(atLogin, [reader('B', null)])).toBe(true);
  });

  it('locks when the card is swapped for another, not when a card is put in another reader', () => {
    const atLogin = [reader('A', ATR), reader('B', null)];
    expect(loginCardRemoved(atLogin, [reader('A', OTHER), reader('B', null)])).toBe(true);
    expect(loginCardRemoved(atLogin, [reader('A', ATR), reader('B', OTHER)])).toBe(false);
  });

  it('never locks a login that noted no card (password login, or no reader service)', () => {
    expect(loginCardRemoved([], [])).toBe(false);
    expect(loginCardRemoved([reader('A', null)], [])).toBe(false);
  });

  it('with two cards at the login, taking out either locks', () => {
    const atLogin = [reader('A', ATR), reader('B', OTHER)];
    expect(loginCardRemoved(atLogin, [reader('A', ATR), reader('B', null)])).toBe(true);
    expect(loginCardRemoved(atLogin, [reader('A', null), reader('B', OTHER)])).toBe(true);
  });
});
