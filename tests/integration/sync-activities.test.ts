import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment/files';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { startCentral } from '../helpers/central';
import { pdfText } from '../helpers/pdf';
import { TestClient } from '../helpers/protocol-client';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 12 item 3: activities / work orders. A buffer repair is registered, reported back with a
 * spare part taken from the own store (the ledger and the balance, here and centrally), and closed
 * by the store; a spare part without stock and bad input are refused with a Swedish message. An
 * activity linked to a direct order keeps the order from its utleverans until central closes the
 * activity; the workstation then gets the status and the "work order closed" message.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('activities', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const call = <T>(b: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = dispatch(b, name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const refusal = (name: Parameters<typeof dispatch>[1], input: unknown): { code: string; message: string } => {
  const r = dispatch(station.backend, name, input as never);
  if (r.ok) throw new Error(`${name} was accepted`);
  return r.error;
};
const as = (userId: string) => {
  if (station.backend.context.session.user) call(station.backend, 'session.logout', {});
  login(station.backend, userId);
};
const db = () => station.backend.context.db;
const outbox = () => db().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
const balance = (articleId: string) => (db().prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(articleId) as number | undefined) ?? 0;

interface Details {
  id: string;
  no: string;
  provisional: boolean;
  status: string;
  reportable: boolean;
  reports: { text: string; minutes: number; parts: { articleNo: string; quantity: number }[]; closed: boolean }[];
}

const repair = (over: Record<string, unknown> = {}) => ({
  kind: 'bufferRepair',
  title: 'Rollator: bromsen tar inte',
  requestedAction: 'Byt bromsvajer på vänster sida.',
  addressType: 'store',
  ...over,
});

describe('buffertreparation: registered, reported back with a spare part from stock, closed by the store', () => {
  let individual: { id: string; individual_no: string };
  let part: { id: string; article_no: string };
  let activityId: string;

  it('registers a buffer repair of an individual in the store offline: provisional number, the individual in repair', () => {
    individual = db()
      .prepare("SELECT id, individual_no FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY individual_no LIMIT 1")
      .get() as typeof individual;
    part = db()
      .prepare(
        `SELECT a.id, a.article_no FROM stock_balance b JOIN article a ON a.id = b.article_id
          WHERE b.store_id = '50301' AND a.article_type = 'sparePart' AND NOT a.tracked_individually AND b.on_hand - b.reserved >= 3 ORDER BY a.article_no LIMIT 1`,
      )
      .get() as typeof part;
    expect(part).toBeDefined();
    as('U2');
    const pending = outbox();
    const created = call<{ id: string; provisionalNo: string; message: string }>(station.backend, 'activity.create', repair({ aidCode: individual.individual_no }));
    activityId = created.id;
    expect(created.message).toMatch(/^Buffertreparation P50301-/);
    expect(outbox()).toBe(pending + 1);
    const d = call<Details>(station.backend, 'activity.get', { id: activityId });
    expect(d).toMatchObject({ no: created.provisionalNo, provisional: true, status: 'registered', reportable: true });
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(individual.id)).toBe('inRepair');
  });

  it('bad input and a spare part without stock are refused with a Swedish message, nothing changed', () => {
    const pending = outbox();
    expect(refusal('activity.create', repair({ aidCode: individual.individual_no, requestedAction: '  ' })).message).toContain('Efterfrågad åtgärd måste fyllas i');
    expect(refusal('activity.create', repair({ aidCode: individual.individual_no, title: 'x'.repeat(71) })).message).toContain('högst 70 tecken');
    expect(refusal('activity.create', repair({ aidCode: individual.individual_no, description: 'x'.repeat(256) })).message).toContain('högst 255 tecken');
    expect(refusal('activity.create', repair({ aidCode: null })).message).toMatch(/gäller ett hjälpmedel/);
    expect(refusal('activity.create', repair({ kind: 'repair', aidCode: individual.individual_no })).message).toMatch(/Välj mottagaren/);
    // A special adjustment needs its instructions document as an attachment.
    const patient = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    expect(refusal('activity.create', repair({ kind: 'specialAdjustment', recipientId: patient, aidCode: individual.individual_no, addressType: 'recipient' })).message).toContain('kräver en bilaga');
    // The orderer does not change the priority.
    as('U4');
    expect(refusal('activity.create', repair({ kind: 'repair', recipientId: patient, aidCode: individual.individual_no, addressType: 'recipient', priority: 'urgent' })).message).toContain('ska inte ändras');
    as('U2');
    const empty = db()
      .prepare(
        `SELECT a.id, a.article_no FROM article a LEFT JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '50301'
          WHERE a.article_type = 'sparePart' AND NOT a.tracked_individually AND coalesce(b.on_hand - b.reserved, 0) <= 0 ORDER BY a.article_no LIMIT 1`,
      )
      .get() as { id: string; article_no: string };
    const r = refusal('activity.reportBack', { activityId, text: 'Bytt vajer', minutes: 20, parts: [{ articleId: empty.id, quantity: 1 }], close: true });
    expect(r).toMatchObject({ code: 'not-enough-stock' });
    expect(r.message).toContain(`Reservdel ${empty.article_no} finns inte i lager`);
    expect(refusal('activity.reportBack', { activityId, text: 'Bytt', minutes: -5, parts: [], close: true }).message).toContain('negativ');
    // Prescribers do not report back buffer repairs.
    as('U3');
    expect(refusal('activity.reportBack', { activityId, text: 'Bytt vajer', minutes: 20, parts: [], close: true }).code).toBe('forbidden-role');
    as('U2');
    expect(outbox()).toBe(pending);
    expect(call<Details>(station.backend, 'activity.get', { id: activityId }).status).toBe('registered');
  });

  it('reports back with a spare part (the balance drops by a ledger movement), then closes; central has it all after sync', async () => {
    const before = balance(part.id);
    expect(call<{ available: number }>(station.backend, 'activity.lookupPart', { code: part.article_no }).available).toBeGreaterThanOrEqual(3);
    call(station.backend, 'activity.reportBack', { activityId, text: 'Bytt bromsvajer', minutes: 25, parts: [{ articleId: part.id, quantity: 2 }], close: false });
    expect(balance(part.id)).toBe(before - 2);
    expect(call<Details>(station.backend, 'activity.get', { id: activityId }).status).toBe('reported');
    call(station.backend, 'activity.reportBack', { activityId, text: 'Provkörd, klar', minutes: 10, parts: [], close: true });
    const d = call<Details>(station.backend, 'activity.get', { id: activityId });
    expect(d).toMatchObject({ status: 'closed', reportable: false });
    expect(d.reports.map((p) => [p.text, p.minutes, p.closed])).toEqual([
      ['Bytt bromsvajer', 25, false],
      ['Provkörd, klar', 10, true],
    ]);
    expect(d.reports[0]!.parts).toEqual([{ articleId: part.id, articleNo: part.article_no, quantity: 2 }]);
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(individual.id)).toBe('inStore');
    // A closed buffer repair is not reported back again.
    expect(refusal('activity.reportBack', { activityId, text: 'Igen', minutes: 1, parts: [], close: true }).message).toContain('redan avslutad');

    const centralBefore = (await sql<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [part.id]))[0]!.on_hand;
    await settle(station.backend);
    expect(call<{ name: string }[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    const [row] = await sql<{ activity_no: string | null; status: string }>('SELECT activity_no, status FROM activity WHERE id = $1', [activityId]);
    expect(row).toMatchObject({ status: 'closed' });
    expect(row!.activity_no).toMatch(/^[0-9]{8}$/);
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM activity_report WHERE activity_id = $1', [activityId]))[0]!.n).toBe(2);
    expect((await sql<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [part.id]))[0]!.on_hand).toBe(centralBefore - 2);
    const moves = await sql<{ reason: string; quantity: number; reference: string }>('SELECT reason, quantity, reference FROM stock_movement WHERE store_id = $1 AND article_id = $2 AND note = $3', [
      '50301',
      part.id,
      'Reservdel till buffertreparation',
    ]);
    // Central re-ran the report after the activity had its number (same push): the movement names it.
    expect(moves).toEqual([{ reason: 'issue', quantity: -2, reference: row!.activity_no }]);
    // The workstation shows central's number now.
    expect(call<Details>(station.backend, 'activity.get', { id: activityId })).toMatchObject({ no: row!.activity_no, provisional: false });
    expect(await central.admin(['activities'])).toContain(`${row!.activity_no}`);
  });
});

describe('aktivitet kopplad till kundorder: no utleverans until central has closed the activity', () => {
  it('refuses the utleverans while the activity is open, here and at central; closed centrally, the message arrives and the order goes out', async () => {
    as('U3');
    const patient = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    const ind = db()
      .prepare(
        `SELECT i.id, i.individual_no, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
          WHERE i.store_id = '50301' AND i.status = 'inStore' AND a.article_type = 'mainAid' AND a.article_status = 'active' ORDER BY i.individual_no DESC LIMIT 1`,
      )
      .get() as { id: string; individual_no: string; article_id: string };
    const placed = call<{ orderId: string; provisionalNo: string }>(station.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient,
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    const created = call<{ id: string; provisionalNo: string }>(station.backend, 'activity.create', {
      kind: 'adjustment',
      recipientId: patient,
      aidCode: ind.individual_no,
      orderNo: placed.provisionalNo,
      title: 'Montera armstöd före leverans',
      requestedAction: 'Montera och justera armstöden.',
      addressType: 'recipient',
    });
    const issue = { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] };
    const refused = refusal('order.issue', issue);
    expect(refused.code).toBe('activity-open');
    expect(refused.message).toContain(`kan inte lämnas ut förrän aktivitet ${created.provisionalNo} är avslutad`);
    // An order without a main aid, or unknown, is no link.
    expect(refusal('activity.create', { kind: 'adjustment', recipientId: patient, orderNo: 'P50301-XXXX-9999', title: 'x', requestedAction: 'y', addressType: 'recipient' }).message).toContain('finns inte');

    await settle(station.backend);
    const [a] = await sql<{ activity_no: string; order_id: string }>('SELECT activity_no, order_id FROM activity WHERE id = $1', [created.id]);
    expect(a!.order_id).toBe(placed.orderId);
    // Central refuses to close a buffer repair, and closes this one with a message to the person who registered it.
    expect(await central.admin(['close-activity', a!.activity_no, 'Armstöden monterade'])).toContain(`Aktivitet ${a!.activity_no} (Anpassning) är avslutad.`);
    await settle(station.backend);
    expect(call<Details>(station.backend, 'activity.get', { id: created.id })).toMatchObject({ status: 'closed' });
    const messages = call<{ messages: { kind: string; text: string }[] }>(station.backend, 'message.list', {}).messages;
    expect(messages.filter((m) => m.kind === 'workOrderClosed').map((m) => m.text)).toContain(`Arbetsorder ${a!.activity_no} (Anpassning) är avslutad.`);
    call(station.backend, 'order.issue', issue);
    await settle(station.backend);
    expect(call<{ name: string }[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    expect((await sql<{ status: string }>('SELECT status FROM customer_order WHERE id = $1', [placed.orderId]))[0]!.status).toBe('shipped');
  });

  it('central refuses close-activity for a buffer repair and bad references', async () => {
    const [b] = await sql<{ activity_no: string }>("SELECT activity_no FROM activity WHERE kind = 'bufferRepair' LIMIT 1");
    await expect(central.admin(['close-activity', b!.activity_no, 'Klar'])).rejects.toThrow('avslutas av lagret självt');
    await expect(central.admin(['close-activity', '12', 'Klar'])).rejects.toThrow('Ange aktivitetsnumret');
  });
});

describe('specialanpassning: registered with its instructions document, offline, and checked again by central', () => {
  const FIXTURES = path.join(__dirname, '..', 'fixtures', 'attachments');
  const pdf = readFileSync(path.join(FIXTURES, 'anvisning.pdf'));
  const png = readFileSync(path.join(FIXTURES, 'ritning.png'));
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  let patient: string;
  let aid: { id: string; article_no: string };
  const special = (over: Record<string, unknown> = {}) => ({
    kind: 'specialAdjustment',
    recipientId: patient,
    aidCode: aid.article_no,
    title: 'Specialanpassad sits',
    requestedAction: 'Bygg en formgjuten sits enligt anvisningen.',
    addressType: 'recipient',
    ...over,
  });

  it('the workstation refuses it without a file, stores it with one as the activity\'s attachment in the same step, and central gets both', async () => {
    as('U3');
    patient = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    aid = db().prepare("SELECT id, article_no FROM article WHERE article_type = 'mainAid' AND article_status = 'active' ORDER BY article_no LIMIT 1").get() as typeof aid;
    const pending = outbox();
    expect(refusal('activity.create', special()).message).toBe('En specialanpassning kräver en bilaga: bifoga dokumentet "Anvisning vid specialanpassning".');
    // A file that is not what its name says, or not a PDF/PNG/JPEG, is refused by the same rule as attachment.add.
    expect(refusal('activity.create', special({ files: [{ fileName: 'anvisning.pdf', base64: png.toString('base64') }] })).message).toContain('är inte en PDF-fil');
    expect(refusal('activity.create', special({ files: [{ fileName: 'anvisning.docx', base64: pdf.toString('base64') }] })).message).toContain('Filtypen stöds inte');
    expect(outbox()).toBe(pending);
    expect(db().prepare("SELECT count(*) FROM activity WHERE kind = 'specialAdjustment'").pluck().get()).toBe(0);

    const created = call<{ id: string; provisionalNo: string }>(station.backend, 'activity.create', special({ files: [{ fileName: 'Anvisning vid specialanpassning.pdf', base64: pdf.toString('base64') }] }));
    expect(outbox()).toBe(pending + 1);
    const listed = call<{ open: boolean; attachments: { fileName: string; mimeType: string; sizeBytes: number }[] }>(station.backend, 'attachment.list', { ownerKind: 'activity', ownerId: created.id });
    expect(listed).toMatchObject({ open: true, attachments: [{ fileName: 'Anvisning vid specialanpassning.pdf', mimeType: 'application/pdf', sizeBytes: pdf.length }] });
    // More files may be added later, while the activity is open.
    call(station.backend, 'attachment.add', { ownerKind: 'activity', ownerId: created.id, fileName: 'ritning.png', base64: png.toString('base64') });
    // The work order prints offline, with the recipient; the supplier's copy without.
    const name = db().prepare('SELECT name FROM recipient WHERE id = ?').pluck().get(patient) as string;
    const pdfOf = (document: string) => pdfText(Buffer.from(call<{ base64: string }>(station.backend, 'activity.pdf', { activityId: created.id, document }).base64, 'base64'));
    const workOrder = pdfOf('workOrder');
    expect(workOrder).toMatch(new RegExp(`Preliminärt nr\\s+${created.provisionalNo}`));
    expect(workOrder).toContain(name);
    expect(workOrder).toContain('Anvisning vid specialanpassning.pdf · ritning.png');
    const copy = pdfOf('supplierCopy');
    expect(copy).toContain('Bygg en formgjuten sits enligt anvisningen.');
    expect(copy).not.toContain(name);

    await settle(station.backend);
    expect(call<{ name: string }[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    const [a] = await sql<{ activity_no: string; kind: string }>('SELECT activity_no, kind FROM activity WHERE id = $1', [created.id]);
    expect(a).toMatchObject({ kind: 'specialAdjustment' });
    const files = await sql<{ file_name: string; sha256: string; content: Uint8Array; store_id: string; created_by: string }>(
      "SELECT file_name, sha256, content, store_id, created_by FROM attachment WHERE owner_kind = 'activity' AND owner_id = $1 ORDER BY file_name",
      [created.id],
    );
    expect(files.map((f) => [f.file_name, f.sha256, f.store_id, f.created_by])).toEqual([
      ['Anvisning vid specialanpassning.pdf', sha(pdf), '50301', 'U3'],
      ['ritning.png', sha(png), '50301', 'U3'],
    ]);
    expect(Buffer.from(files[0]!.content).equals(pdf)).toBe(true);
    expect(await central.admin(['attachments', 'activity', a!.activity_no])).toContain('Anvisning vid specialanpassning.pdf  application/pdf');
  });

  it('central refuses a pushed special adjustment without a file, with an oversized or a wrong-type file, and accepts a good one', async () => {
    const client = await TestClient.register(central.url, `ws-special-${randomUUID().slice(0, 8)}`, '50301');
    let n = 0;
    const args = (files: { fileName: string; mimeType: string; bytes: Buffer; sha256?: string }[]) => ({
      activityId: randomUUID(),
      provisionalNo: `P50301-SPEC-${String(++n).padStart(4, '0')}`,
      storeId: '50301',
      kind: 'specialAdjustment' as const,
      priority: 'normal' as const,
      recipientId: patient,
      articleId: aid.id,
      individualId: null,
      orderId: null,
      title: 'Specialanpassad sits',
      requestedAction: 'Enligt anvisningen.',
      description: null,
      addressType: 'recipient' as const,
      address: null,
      contactPrescriber: false,
      files: files.map((f) => ({
        attachmentId: randomUUID(),
        fileName: f.fileName,
        mimeType: f.mimeType,
        sizeBytes: f.bytes.length,
        sha256: f.sha256 ?? sha(f.bytes),
        content: f.bytes.toString('base64'),
      })),
    });
    const oversized = Buffer.concat([pdf, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - pdf.length)]);
    const tries = [
      args([]),
      args([{ fileName: 'stor.pdf', mimeType: 'application/pdf', bytes: oversized }]),
      args([{ fileName: 'falsk.pdf', mimeType: 'application/pdf', bytes: png }]),
      args([{ fileName: 'anvisning.pdf', mimeType: 'application/pdf', bytes: pdf, sha256: sha(png) }]),
      args([{ fileName: 'anvisning.pdf', mimeType: 'application/pdf', bytes: pdf }]),
    ];
    const pushed = await client.pushOk(tries.map((t) => client.mutation('activity.create', 'U3', t)));
    const outcome = pushed.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status));
    expect(outcome.slice(0, 4)).toEqual(['attachment-required', expect.any(String), 'unsupported-type', 'file-damaged']);
    expect(outcome[4]).toBe('applied');
    expect(pushed.results[0]).toMatchObject({ error: { message: 'En specialanpassning kräver en bilaga: bifoga dokumentet "Anvisning vid specialanpassning".' } });
    expect(pushed.results[1]).toMatchObject({ status: 'rejected', error: { message: expect.stringContaining('Filen är för stor') } });
    // Nothing of the refused ones is stored, and no number was taken for them.
    expect(await sql('SELECT id FROM activity WHERE id = ANY($1::text[])', [tries.slice(0, 4).map((t) => t.activityId)])).toEqual([]);
    expect(await sql("SELECT id FROM attachment WHERE owner_kind = 'activity' AND owner_id = ANY($1::text[])", [tries.slice(0, 4).map((t) => t.activityId)])).toEqual([]);
    const good = tries[4]!;
    const [row] = await sql<{ owner_kind: string; store_id: string; sha256: string; size_bytes: number; content: Uint8Array }>(
      'SELECT owner_kind, store_id, sha256, size_bytes, content FROM attachment WHERE id = $1',
      [good.files[0]!.attachmentId],
    );
    expect(row).toMatchObject({ owner_kind: 'activity', store_id: '50301', sha256: sha(pdf), size_bytes: pdf.length });
    expect(Buffer.from(row!.content).equals(pdf)).toBe(true);
    expect((await sql<{ activity_no: string | null }>('SELECT activity_no FROM activity WHERE id = $1', [good.activityId]))[0]!.activity_no).toMatch(/^[0-9]{8}$/);
  });
});
