import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/api/schemas';
import { i18n } from '../../i18n';
import { historyText } from './historyText';

const t = i18n.getFixedT('sv');
const entry = (e: Partial<HistoryEntry>): HistoryEntry => ({
  at: '2024-11-04T07:00:00.000Z',
  kind: 'audit',
  action: null,
  quantity: null,
  storeId: null,
  text: null,
  userName: 'Lena Tekniker',
  ...e,
});

describe('the text of a history line', () => {
  it('words the audit details of a registration and a number change in Swedish', () => {
    const register = entry({
      action: 'individual.register',
      text: JSON.stringify({ individualNo: 'E1', articleNo: '10000', serialNo: null, estimatedAgeYears: 0 }),
    });
    expect(historyText(register, t)).toBe('Individnummer E1, artikel 10000, serienummer –, uppskattad ålder 0 år');
    const change = entry({ action: 'individual.changeNumber', text: JSON.stringify({ from: 'E1', to: 'E2', reason: 'Felmärkt' }) });
    expect(historyText(change, t)).toBe('E1 → E2. Anledning: Felmärkt');
  });

  it('leaves text entries, unknown actions and unreadable details as they came', () => {
    expect(historyText(entry({ kind: 'text', text: 'Bromsarna justerade' }), t)).toBe('Bromsarna justerade');
    expect(historyText(entry({ action: 'update', text: 'något' }), t)).toBe('något');
    expect(historyText(entry({ action: 'individual.changeNumber', text: '{inte json' }), t)).toBe('{inte json');
    // The text entry beside "Text tillagd" already shows the text.
    expect(historyText(entry({ action: 'individual.addText', text: '{"text":"x"}' }), t)).toBe('');
  });
});
