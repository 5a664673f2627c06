import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment/files';
import { startCentral } from '../helpers/central';
import { TestClient } from '../helpers/protocol-client';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 12 item 5: attachments (bilagor). A file attached at the workstation is stored in the
 * replica (bytes, sha256) and reaches central with its push, where the shared rule checks it again
 * (size, type by its first bytes, checksum); a file central attaches reaches the workstation by the
 * pull and opens there byte for byte. Oversized and unsupported files are refused with Swedish
 * messages on both sides; only the author removes a file, while the owner is open.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'attachments');
const png = readFileSync(path.join(FIXTURES, 'ritning.png'));
const pdf = readFileSync(path.join(FIXTURES, 'anvisning.pdf'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let central: CentralUnderTest;
let station: Workstation;
let orderId: string;
let tmp: string;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('attach', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
  tmp = mkdtempSync(path.join(tmpdir(), 'buffert-attach-'));
  orderId = (station.backend.context.db.prepare("SELECT id FROM customer_order WHERE store_id = '50301' AND status = 'registered' ORDER BY id LIMIT 1").get() as { id: string }).id;
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const answer = (b: Backend, name: Parameters<typeof dispatch>[1], input: unknown) => dispatch(b, name, input as never);
const call = <T>(b: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = answer(b, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const as = (userId: string) => {
  if (station.backend.context.session.user) call(station.backend, 'session.logout', {});
  login(station.backend, userId);
};
interface Listed {
  open: boolean;
  attachments: { id: string; fileName: string; mimeType: string; sizeBytes: number; central: boolean; removable: boolean; createdByName: string | null }[];
}
const list = () => call<Listed>(station.backend, 'attachment.list', { ownerKind: 'order', ownerId: orderId });

describe('bilagor: attached at the workstation, synced, checked by central', () => {
  let pngId: string;

  it('stores the file in the replica (bytes and sha256) and lists it at once, offline', () => {
    as('U3');
    pngId = call<{ id: string }>(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: orderId, fileName: 'Ritning.PNG', base64: png.toString('base64') }).id;
    const row = station.backend.context.db.prepare('SELECT mime_type, size_bytes, sha256, content FROM attachment WHERE id = ?').get(pngId) as {
      mime_type: string;
      size_bytes: number;
      sha256: string;
      content: Buffer;
    };
    expect(row.mime_type).toBe('image/png');
    expect(row.size_bytes).toBe(png.length);
    expect(row.sha256).toBe(sha(png));
    expect(Buffer.isBuffer(row.content) && row.content.equals(png)).toBe(true);
    const listed = list();
    expect(listed.open).toBe(true);
    expect(listed.attachments).toEqual([expect.objectContaining({ id: pngId, fileName: 'Ritning.PNG', sizeBytes: png.length, central: false, removable: true })]);
    const file = call<{ base64: string; mimeType: string }>(station.backend, 'attachment.get', { id: pngId });
    expect(Buffer.from(file.base64, 'base64').equals(png)).toBe(true);
  });

  it('refuses an oversized file, a file whose bytes are not what its name says, and other types, with Swedish messages', () => {
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    png.copy(big);
    const tooLarge = answer(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: orderId, fileName: 'stor.png', base64: big.toString('base64') });
    expect(tooLarge).toMatchObject({ ok: false, error: { message: expect.stringContaining('Filen är för stor') } });
    const renamed = answer(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: orderId, fileName: 'faktura.pdf', base64: png.toString('base64') });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'unsupported-type', message: expect.stringContaining('innehållet stämmer inte med namnet') } });
    const exe = answer(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: orderId, fileName: 'program.exe', base64: Buffer.from('MZ\x90\x00rest').toString('base64') });
    expect(exe).toMatchObject({ ok: false, error: { code: 'unsupported-type', message: 'Filtypen stöds inte: bifoga PDF, PNG eller JPEG.' } });
    const unknownOwner = answer(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: 'no-such-order', fileName: 'a.png', base64: png.toString('base64') });
    expect(unknownOwner).toMatchObject({ ok: false, error: { code: 'unknown-owner' } });
    expect(list().attachments).toHaveLength(1);
    expect(station.backend.context.sync!.outbox.pendingCount()).toBe(1);
  });

  it('reaches central with the push: the same bytes and checksum, scoped to the store', async () => {
    await settle(station.backend);
    const rows = await sql<{ owner_kind: string; owner_id: string; store_id: string; sha256: string; content: Uint8Array; created_by: string }>(
      'SELECT owner_kind, owner_id, store_id, sha256, content, created_by FROM attachment WHERE id = $1',
      [pngId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ owner_kind: 'order', owner_id: orderId, store_id: '50301', sha256: sha(png), created_by: 'U3' });
    expect(Buffer.from(rows[0]!.content).equals(png)).toBe(true);
    expect(await central.admin(['attachments', 'order', orderId])).toContain(`Ritning.PNG  image/png`);
  });

  it('central refuses what a workstation should have refused: wrong magic bytes, a wrong checksum', async () => {
    const client = await TestClient.register(central.url, `ws-attach-${randomUUID().slice(0, 8)}`, '50301');
    const base = { ownerKind: 'order' as const, ownerId: orderId, mimeType: 'application/pdf', sizeBytes: png.length, sha256: sha(png), content: png.toString('base64') };
    const pushed = await client.pushOk([
      client.mutation('attachment.add', 'U3', { ...base, attachmentId: randomUUID(), fileName: 'falsk.pdf' }),
      client.mutation('attachment.add', 'U3', { ...base, attachmentId: randomUUID(), fileName: 'bild.png', mimeType: 'image/png', sha256: sha(pdf) }),
    ]);
    expect(pushed.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['unsupported-type', 'file-damaged']);
    expect(pushed.results[0]).toMatchObject({ error: { message: expect.stringContaining('Bifoga PDF, PNG eller JPEG') } });
    expect(await sql('SELECT id FROM attachment WHERE owner_id = $1', [orderId])).toHaveLength(1);
  });

  it('a file central attaches reaches the workstation by the pull and opens byte for byte', async () => {
    const file = path.join(tmp, 'Beställningsunderlag.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, pdf);
    expect(await central.admin(['attach', 'order', orderId, file])).toContain('lagret får den med nästa synk');
    await settle(station.backend);
    const listed = list();
    const fromCentral = listed.attachments.find((a) => a.central);
    expect(fromCentral).toMatchObject({ fileName: 'Beställningsunderlag.pdf', mimeType: 'application/pdf', sizeBytes: pdf.length, createdByName: null, removable: false });
    const opened = call<{ base64: string; mimeType: string }>(station.backend, 'attachment.get', { id: fromCentral!.id });
    expect(opened.mimeType).toBe('application/pdf');
    expect(Buffer.from(opened.base64, 'base64').equals(pdf)).toBe(true);
    // Central's own copy, written out by the CLI, is the same file.
    const out = path.join(tmp, 'ut.pdf');
    await central.admin(['attachment-file', fromCentral!.id, out]);
    expect(readFileSync(out).equals(pdf)).toBe(true);
  });

  it('only the author removes a file, and central takes the removal', async () => {
    as('U2');
    expect(answer(station.backend, 'attachment.remove', { id: pngId })).toMatchObject({ ok: false, error: { code: 'not-author', message: 'Bara den som lade till bilagan kan ta bort den.' } });
    as('U3');
    call(station.backend, 'attachment.remove', { id: pngId });
    expect(list().attachments.map((a) => a.id)).not.toContain(pngId);
    await settle(station.backend);
    expect((await sql<{ removed_by: string | null }>('SELECT removed_by FROM attachment WHERE id = $1', [pngId]))[0]!.removed_by).toBe('U3');
    expect(list().attachments.map((a) => a.id)).not.toContain(pngId);
  });
});

describe('a pull page carries a bounded number of attachment bytes', () => {
  it('large files come one page each, every one complete', async () => {
    // Three files of 4 MiB (a PNG header, then zeros): 12 MiB, over the 8 MiB page budget.
    const big = Buffer.alloc(4 * 1024 * 1024);
    png.copy(big);
    const ids: string[] = [];
    as('U3');
    for (let i = 0; i < 3; i++) ids.push(call<{ id: string }>(station.backend, 'attachment.add', { ownerKind: 'order', ownerId: orderId, fileName: `skanning-${i}.png`, base64: big.toString('base64') }).id);
    await settle(station.backend);
    const client = await TestClient.register(central.url, `ws-pages-${randomUUID().slice(0, 8)}`, '50301');
    const { pages } = await client.pullAll(null);
    const withFiles = pages.map((p) => p.changes.filter((c) => c.table === 'attachment' && ids.includes(c.id)).length).filter((n) => n > 0);
    expect(withFiles.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...withFiles)).toBeLessThanOrEqual(2);
    const rows = pages.flatMap((p) => p.changes).filter((c) => c.table === 'attachment' && ids.includes(c.id));
    for (const c of rows) expect(Buffer.from(String(c.row!.content), 'base64').equals(big)).toBe(true);
  }, 120_000);
});
