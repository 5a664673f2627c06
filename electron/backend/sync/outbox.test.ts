import { afterEach, describe, expect, it } from 'vitest';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { Outbox } from './outbox';

let t: TempBackend | null = null;
afterEach(() => t?.cleanup());

describe('the outbox hands out push batches a push body can hold', () => {
  it('stops a batch before its args outgrow the byte budget; the first entry always goes', () => {
    t = tempBackend();
    const db = t.backend.context.db;
    const outbox = new Outbox(db);
    const big = 'x'.repeat(250);
    db.transaction(() => {
      for (let i = 0; i < 10; i++) {
        outbox.append({ name: 'individual.addText', args: { individualId: 'I1', textId: `00000000-0000-4000-8000-00000000000${i}`, text: big } as never, userId: 'U1', createdAt: '2026-11-22T10:00:00Z' }, [], `individual_text|${i}`);
      }
    })();
    // 10 × ~340 bytes of args: a budget of 1 100 bytes takes three, the next batch starts where it stopped.
    const first = outbox.pendingBatch(500, 1100);
    expect(first.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(outbox.pendingBatch(500, 100).map((m) => m.id)).toEqual([1]);
    expect(outbox.pendingBatch(500).length).toBe(10);
    expect(outbox.pendingBatch(4).length).toBe(4);
  });
});
