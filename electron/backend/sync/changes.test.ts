import { describe, expect, it } from 'vitest';
import { openReplica } from '../db/replica';
import { ChangeWriter, UnknownColumnError } from './changes';

describe('writing pulled changes', () => {
  it('writes a row in the spec’s columns and derives individual_no_rev', () => {
    const db = openReplica(':memory:');
    const writer = new ChangeWriter(db);
    db.pragma('foreign_keys = OFF');
    writer.apply(
      [
        { seq: 1, table: 'store', op: 'upsert', id: '50301', row: { id: '50301', name: 'Buffertlager', kind: 'buffer', parent_store_id: null } },
        {
          seq: 2,
          table: 'individual',
          op: 'upsert',
          id: 'I1',
          row: {
            id: 'I1',
            individual_no: 'AB12',
            article_id: 'A1',
            serial_no: null,
            purchase_date: null,
            acquisition_value_ore: null,
            warranty_end: null,
            estimated_age_years: 0,
            status: 'inStore',
            store_id: '50301',
            location: null,
          },
        },
      ],
      false,
    );
    expect(db.prepare('SELECT name FROM store').pluck().get()).toBe('Buffertlager');
    expect(db.prepare('SELECT individual_no_rev FROM individual').pluck().get()).toBe('21BA');
    db.close();
  });

  it('fails loudly on a column the spec does not know, and the page writes nothing', () => {
    const db = openReplica(':memory:');
    const writer = new ChangeWriter(db);
    const page = () =>
      db.transaction(() =>
        writer.apply(
          [
            { seq: 1, table: 'supplier', op: 'upsert', id: 'S1', row: { id: 'S1', name: 'Leverantör' } },
            { seq: 2, table: 'supplier', op: 'upsert', id: 'S2', row: { id: 'S2', name: 'Ny', org_no: '556677-8899' } },
          ],
          false,
        ),
      )();
    expect(page).toThrow(UnknownColumnError);
    expect(page).toThrow(/org_no/);
    expect(db.prepare('SELECT count(*) FROM supplier').pluck().get()).toBe(0);
    db.close();
  });
});
