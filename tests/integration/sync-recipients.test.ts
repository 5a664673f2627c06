import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import type { RecipientCard, RecipientSearchResult } from '../../shared/api/recipient';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { tempBackend } from '../helpers/backend';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 11 item 1 against a real central (PGlite, real HTTP): the card's contact fields saved on
 * the workstation reach central and the other stores' replicas; the population register (CFR) is
 * looked up at central, residents of the region only, deceased flagged, every look-up audited on
 * both sides without the personal number; a person found is taken into the store and syncs.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('recipients', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const quiet = { error: () => {} };
const call = <T>(b: Backend, name: string, input: unknown): T => {
  const r = dispatch(b, name, input, quiet);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const lookup = async (b: Backend, personalNumber: string) => dispatchAsync(b, 'recipient.cfrLookup', { personalNumber }, quiet);
const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);

describe('the recipient card syncs', () => {
  it('phone, door code, instructions and the contact-prescriber flag are saved on the recipient at central', async () => {
    login(station.backend, 'U3');
    const [r] = await sql<{ id: string }>("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1");
    const saved = dispatch(station.backend, 'recipient.updateContact', { recipientId: r!.id, phone: '070-123 45 67', doorCode: '1234B', deliveryInstructions: 'Ring på, hissen till vån 3.', contactPrescriber: true }, quiet);
    expect(saved.ok).toBe(true);
    await settle(station.backend);
    expect(await sql('SELECT phone, door_code, delivery_instructions, contact_prescriber FROM recipient WHERE id = $1', [r!.id])).toEqual([
      { phone: '070-123 45 67', door_code: '1234B', delivery_instructions: 'Ring på, hissen till vån 3.', contact_prescriber: true },
    ]);
    expect(await sql('SELECT store_id, kind, user_id FROM recipient_change WHERE recipient_id = $1', [r!.id])).toEqual([{ store_id: '50301', kind: 'contact', user_id: 'U3' }]);
    const card = call<RecipientCard>(station.backend, 'recipient.get', { id: r!.id });
    expect(card).toMatchObject({ phone: '070-123 45 67', doorCode: '1234B', contactPrescriber: true });
    // Central's audit of the mutation names which recipient, not the values.
    const audit = await sql<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'recipient.updateContact' AND entity_id = $1", [r!.id]);
    expect(audit.length).toBe(1);
    expect(JSON.stringify(audit)).not.toContain('070-123');
  });
});

describe('the population register (CFR) at central', () => {
  it('a person of the region who is no recipient yet is found, taken into the store, and synced', async () => {
    login(station.backend, 'U3');
    const pnr = '194503142384';
    expect(call<RecipientSearchResult>(station.backend, 'recipient.search', { query: pnr })).toMatchObject({ found: false, kind: 'personalNumber' });
    const found = await lookup(station.backend, pnr);
    expect(found).toMatchObject({ ok: true, value: { found: true, mayAdopt: true, person: { name: 'Greta Lind', address: 'Lindvägen 4', deceased: false } } });
    const adopted = dispatch(station.backend, 'recipient.adopt', { personalNumber: pnr }, quiet);
    expect(adopted.ok).toBe(true);
    const id = (adopted as { value: { id: string } }).value.id;
    // At once, offline-first: the store has the recipient.
    expect(call<RecipientSearchResult>(station.backend, 'recipient.search', { query: pnr })).toEqual({ found: true, recipientId: id, kind: 'patient' });
    await settle(station.backend);
    expect(await sql('SELECT name, personal_number, scope_store_ids FROM recipient WHERE id = $1', [id])).toEqual([{ name: 'Greta Lind', personal_number: pnr, scope_store_ids: ['50301'] }]);
    // The card reads the row central sent back.
    expect(call<RecipientCard>(station.backend, 'recipient.get', { id })).toMatchObject({ name: 'Greta Lind', city: 'Exempelby' });
    // Looked up again: already the store's.
    expect(await lookup(station.backend, pnr)).toMatchObject({ ok: true, value: { found: true, mayAdopt: false, recipientId: id } });
  });

  it('a deceased person is flagged and cannot be taken in; a person who moved out is not shown; an unknown one is not found', async () => {
    login(station.backend, 'U3');
    expect(await lookup(station.backend, '194001019803')).toMatchObject({ ok: true, value: { found: true, mayAdopt: false, person: { deceased: true }, message: expect.stringMatching(/avliden/) } });
    expect(dispatch(station.backend, 'recipient.adopt', { personalNumber: '194001019803' }, quiet)).toMatchObject({ ok: false, error: { code: 'lookup-first' } });
    const moved = await lookup(station.backend, '191212121212');
    expect(moved).toMatchObject({ ok: true, value: { found: false, person: null, message: expect.stringMatching(/inte folkbokförd i regionen/) } });
    expect(JSON.stringify(moved)).not.toContain('Tolvansson');
    expect(await lookup(station.backend, '195306061010')).toMatchObject({ ok: true, value: { found: true } });
    expect(await lookup(station.backend, '200001012384')).toMatchObject({ ok: true, value: { found: false, message: expect.stringMatching(/Ingen person/) } });
  });

  it('an invalid personnummer is refused in Swedish without asking central', async () => {
    login(station.backend, 'U3');
    const before = (await sql<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'cfr.lookup'"))[0]!.n;
    expect(await lookup(station.backend, '194503142385')).toMatchObject({ ok: false, error: { code: 'personalNumber.checkDigit' } });
    expect((await sql<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'cfr.lookup'"))[0]!.n).toBe(before);
  });

  it('every look-up is in both audit trails (who, when, whom) without the personal number', async () => {
    const centralEntries = await sql<{ user_id: string; entity_id: string; details: unknown }>("SELECT user_id, entity_id, details FROM audit_log WHERE action = 'cfr.lookup'");
    expect(centralEntries.length).toBeGreaterThanOrEqual(6);
    expect(centralEntries.every((e) => e.user_id === 'U3')).toBe(true);
    expect(centralEntries.map((e) => e.entity_id)).toEqual(expect.arrayContaining(['CFR-x1', 'CFR-x3']));
    const local = station.backend.context.db.prepare("SELECT user_id, entity_id, details FROM audit_log WHERE action = 'cfr.lookup'").all() as { user_id: string; entity_id: string }[];
    expect(local.length).toBe(centralEntries.length);
    for (const text of [JSON.stringify(centralEntries), JSON.stringify(local)]) {
      for (const pnr of ['194503142384', '194001019803', '191212121212', '195306061010']) expect(text).not.toContain(pnr);
    }
  });

  it('without central: the look-up says clearly that the register cannot be reached, and the local search still works', async () => {
    const alone = tempBackend();
    try {
      expect(dispatch(alone.backend, 'session.login', { userId: 'U3', secret: DEMO_PASSWORD }, quiet).ok).toBe(true);
      const r = await dispatchAsync(alone.backend, 'recipient.cfrLookup', { personalNumber: '194503142384' }, quiet);
      expect(r).toMatchObject({ ok: false, error: { code: 'offline', message: expect.stringMatching(/^Ingen kontakt med centralen: folkbokföringen \(CFR\) kan inte sökas/) } });
      expect(dispatch(alone.backend, 'recipient.search', { query: '5000' }, quiet)).toMatchObject({ ok: true, value: { found: true } });
    } finally {
      alone.cleanup();
    }
  });
});
