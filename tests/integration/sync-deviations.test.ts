import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { deviationNo } from '../../shared/domain/deviation/mutations';
import { startCentral } from '../helpers/central';
import { TestClient } from '../helpers/protocol-client';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 12 item 4: deviations and complaints (avvikelse / reklamation). Registered at the
 * workstation (offline first) with event type, category, the aids it concerns and a description,
 * or from a goods-receipt difference; refused bad input with Swedish messages at the workstation
 * and by central; central has it after the sync and moves its status, which reaches the store; a
 * closed deviation takes no more files.
 */

const png = readFileSync(path.join(__dirname, '..', 'fixtures', 'attachments', 'ritning.png'));

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('deviations', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const answer = (b: Backend, name: Parameters<typeof dispatch>[1], input: unknown) => dispatch(b, name, input as never);
const call = <T>(b: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = answer(b, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const db = () => station.backend.context.db;
interface Details {
  id: string;
  deviationNo: string;
  status: string;
  items: { individualNo: string | null; articleNo: string }[];
  deliveryDeviation: { id: string } | null;
  pendingCentral: boolean;
}

describe('avvikelse / reklamation', () => {
  let individual: { id: string; individual_no: string; article_id: string; article_no: string };
  let complaintId: string;

  it('registers a complaint about an individual, offline: listed at once as Registrerad, searchable', () => {
    login(station.backend, 'U2');
    individual = db()
      .prepare("SELECT i.id, i.individual_no, i.article_id, a.article_no FROM individual i JOIN article a ON a.id = i.article_id WHERE i.store_id = '50301' ORDER BY i.individual_no LIMIT 1")
      .get() as typeof individual;
    const item = call<{ articleId: string; individualId: string }>(station.backend, 'deviation.lookupItem', { code: individual.individual_no });
    expect(item).toMatchObject({ articleId: individual.article_id, individualId: individual.id });
    complaintId = call<{ id: string }>(station.backend, 'deviation.register', {
      eventType: 'complaint',
      category: 'malfunction',
      description: 'Bromsen på rollatorn släpper efter en veckas användning.',
      items: [{ articleId: item.articleId, individualId: item.individualId }],
    }).id;
    const d = call<Details>(station.backend, 'deviation.get', { id: complaintId });
    expect(d).toMatchObject({ status: 'registered', pendingCentral: true, items: [{ individualNo: individual.individual_no, articleNo: individual.article_no }] });
    expect(d.deviationNo).toMatch(/^AV-\d{6}-[0-9A-F]{4}$/);
    for (const text of [individual.individual_no, d.deviationNo, 'bromsen']) {
      expect(call<{ deviations: { id: string }[] }>(station.backend, 'deviation.search', { text }).deviations.map((x) => x.id)).toEqual([complaintId]);
    }
    expect(call<{ deviations: unknown[] }>(station.backend, 'deviation.search', { individualId: individual.id }).deviations).toHaveLength(1);
    // Its attachment, offline too.
    call(station.backend, 'attachment.add', { ownerKind: 'deviation', ownerId: complaintId, fileName: 'broms.png', base64: png.toString('base64') });
    expect(call<{ deviations: { attachments: number }[] }>(station.backend, 'deviation.search', {}).deviations[0]!.attachments).toBe(1);
  });

  it('refuses bad input with Swedish messages and writes nothing', () => {
    const before = db().prepare('SELECT count(*) AS n FROM deviation').get() as { n: number };
    const cases: [unknown, string][] = [
      [{ eventType: 'complaint', category: 'malfunction', description: 'Trasig sits på stolen.', items: [] }, 'En reklamation gäller ett hjälpmedel'],
      [{ eventType: 'nearMiss', category: 'other', description: 'Kort', items: [] }, 'minst 10 tecken'],
      [{ eventType: 'nearMiss', category: 'other', description: 'x'.repeat(2001), items: [] }, 'högst 2000 tecken'],
      [{ eventType: 'olycka', category: 'other', description: 'Något hände här.', items: [] }, 'Välj händelsetyp'],
      [{ eventType: 'nearMiss', category: 'väder', description: 'Något hände här.', items: [] }, 'Välj en kategori'],
      [{ eventType: 'nearMiss', category: 'other', description: 'Något hände här.', items: [{ articleId: individual.article_id, individualId: 'no-such-individual' }] }, 'Individen finns inte'],
    ];
    for (const [input, message] of cases) {
      expect(answer(station.backend, 'deviation.register', input)).toMatchObject({ ok: false, error: { message: expect.stringContaining(message) } });
    }
    expect(answer(station.backend, 'deviation.lookupItem', { code: 'FINNS-INTE' })).toMatchObject({ ok: false, error: { message: 'Inget hjälpmedel med individ- eller artikelnummer FINNS-INTE finns.' } });
    expect(db().prepare('SELECT count(*) AS n FROM deviation').get()).toEqual(before);
  });

  it('reaches central with its aid and its attachment', async () => {
    await settle(station.backend);
    const rows = await sql<{ deviation_no: string; event_type: string; category: string; status: string; created_by: string }>(
      'SELECT deviation_no, event_type, category, status, created_by FROM deviation WHERE id = $1',
      [complaintId],
    );
    expect(rows[0]).toMatchObject({ event_type: 'complaint', category: 'malfunction', status: 'registered', created_by: 'U2' });
    expect(await sql('SELECT individual_id FROM deviation_item WHERE deviation_id = $1', [complaintId])).toEqual([{ individual_id: individual.id }]);
    expect(await sql("SELECT file_name FROM attachment WHERE owner_kind = 'deviation' AND owner_id = $1", [complaintId])).toEqual([{ file_name: 'broms.png' }]);
    expect(call<Details>(station.backend, 'deviation.get', { id: complaintId }).pendingCentral).toBe(false);
    expect(await central.admin(['deviations'])).toContain(`${rows[0]!.deviation_no}  lager 50301  complaint/malfunction  Registrerad`);
  });

  it('central refuses what the workstation should have: a complaint without an aid, an individual it does not know', async () => {
    const client = await TestClient.register(central.url, `ws-dev-${randomUUID().slice(0, 8)}`, '50301');
    const base = (id = randomUUID()) => ({
      deviationId: id,
      deviationNo: deviationNo(new Date().toISOString(), id),
      storeId: '50301',
      eventType: 'complaint' as const,
      category: 'malfunction' as const,
      description: 'Hjulet lossnade under transport.',
      recipientId: null,
      deliveryDeviationId: null,
    });
    const pushed = await client.pushOk([
      client.mutation('deviation.register', 'U2', { ...base(), items: [] }),
      client.mutation('deviation.register', 'U2', { ...base(), items: [{ itemId: randomUUID(), articleId: individual.article_id, individualId: 'ghost', aidId: null }] }),
    ]);
    expect(pushed.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['aid-required', 'unknown-individual']);
  });

  it('a goods-receipt difference becomes a deviation linked to it, once', async () => {
    const order = (await sql<{ id: string; order_no: string }>("SELECT id, order_no FROM customer_order WHERE store_id = '50301' AND status = 'registered' AND kind = 'replenishment' ORDER BY id LIMIT 1"))[0]!;
    await central.admin(['ship', order.order_no]);
    await settle(station.backend);
    const lines = (await sql<{ article_id: string; quantity: number }>('SELECT article_id, quantity FROM customer_order_line WHERE order_id = $1 ORDER BY line_no', [order.id])).map((l) => ({
      articleId: l.article_id,
      expected: l.quantity,
      counted: l.quantity,
    }));
    lines[0]!.counted = lines[0]!.expected - 1;
    login(station.backend, 'U2');
    call(station.backend, 'goodsReceipt.reportDeviation', { orderId: order.id, text: 'En förpackning saknades.', lines });
    const diff = call<{ id: string; orderNo: string; lines: { articleId: string }[]; reportedAs: string | null }[]>(station.backend, 'deviation.deliveryDifferences', {}).find((d) => d.orderNo === order.order_no)!;
    expect(diff).toMatchObject({ reportedAs: null, lines: [{ articleId: lines[0]!.articleId }] });
    const id = call<{ id: string }>(station.backend, 'deviation.register', {
      eventType: 'negativeEvent',
      category: 'delivery',
      description: 'Leveransen från centrallagret saknade en förpackning.',
      deliveryDeviationId: diff.id,
      items: [{ articleId: lines[0]!.articleId, individualId: null }],
    }).id;
    const d = call<Details>(station.backend, 'deviation.get', { id });
    expect(d.deliveryDeviation?.id).toBe(diff.id);
    expect(call<{ id: string; reportedAs: string | null }[]>(station.backend, 'deviation.deliveryDifferences', {}).find((x) => x.id === diff.id)!.reportedAs).toBe(d.deviationNo);
    expect(answer(station.backend, 'deviation.register', { eventType: 'negativeEvent', category: 'delivery', description: 'Samma differens en gång till.', deliveryDeviationId: diff.id })).toMatchObject({
      ok: false,
      error: { code: 'delivery-deviation-reported', message: 'Mottagningsdifferensen är redan anmäld som avvikelse.' },
    });
    await settle(station.backend);
    expect(await sql('SELECT delivery_deviation_id FROM deviation WHERE id = $1', [id])).toEqual([{ delivery_deviation_id: diff.id }]);
  });

  it('central investigates and closes it; the store sees the status; a closed deviation takes no files', async () => {
    const no = call<Details>(station.backend, 'deviation.get', { id: complaintId }).deviationNo;
    expect(await central.admin(['deviation-status', no, 'investigating'])).toContain('Under utredning');
    await settle(station.backend);
    expect(call<Details>(station.backend, 'deviation.get', { id: complaintId }).status).toBe('investigating');
    await central.admin(['deviation-status', no, 'closed']);
    await expect(central.admin(['deviation-status', no, 'registered'])).rejects.toThrow('Avslutad och kan inte bli Registrerad');
    await settle(station.backend);
    expect(call<{ deviations: { id: string }[] }>(station.backend, 'deviation.search', {}).deviations.map((x) => x.id)).not.toContain(complaintId);
    expect(call<{ deviations: { id: string; status: string }[] }>(station.backend, 'deviation.search', { status: 'closed' }).deviations).toEqual([expect.objectContaining({ id: complaintId, status: 'closed' })]);
    expect(answer(station.backend, 'attachment.add', { ownerKind: 'deviation', ownerId: complaintId, fileName: 'mer.png', base64: png.toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'owner-closed', message: expect.stringContaining('är avslutad') },
    });
  });
});
