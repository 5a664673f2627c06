import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_SYNC_PATH, type AuditPushResponse, type AuditWireEntry } from '../../shared/sync/audit';
import { chainAfter, GENESIS_HASH } from '../../shared/domain/audit/chain';
import { runCentralCommand } from '../admin/commands';
import { startServer, type RunningServer } from '../app';
import { migrate, migrations } from '../db/migrations';
import { openPglite } from '../db/pglite';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';
import { appendCentralAudit, CENTRAL_CHAIN, sha256Hex, verifyCentralChain } from './log';

/** A workstation's chain as its replica sends it (electron/backend/db/audit.ts makes the same with the same shared code). */
function localChain(n: number): AuditWireEntry[] {
  const records = chainAfter(
    sha256Hex,
    { seq: 0, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, k) => ({
      at: `2026-12-01T10:00:${String(k + 1).padStart(2, '0')}.000Z`,
      userId: 'U1',
      action: 'recipient.view',
      entity: 'recipient',
      entityId: `R${k + 1}`,
      details: { individualId: `I${k + 1}` },
    })),
  );
  return records.map((r) => ({ seq: r.seq, at: r.at, userId: r.userId, action: r.action, entity: r.entity, entityId: r.entityId, details: JSON.stringify(r.details), prevHash: r.prevHash, hash: r.hash }));
}

describe.each(BACKENDS)('Audit chain verification detects tampering (test): central on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let n = 0;
  const KEY = 'demo-enrolment-key';

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, enrolmentKey: KEY, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await server.db.query<T>(sql, params)).rows;
  /** What a tamperer with database rights does: switch the guard off, change rows, switch it on. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await server.db.transaction(async (tx) => {
      await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query(sql, params);
      await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
  };
  const chainOfEntries = async (count: number) => {
    const chain = `ws-chain-${kind}-${++n}-${randomUUID().slice(0, 6)}`;
    for (let i = 1; i <= count; i++) {
      await appendCentralAudit(server.db, { at: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(), userId: 'U1', clientId: chain, mutationId: i, action: 'stock.adjust', entity: 'article', entityId: `A${i}`, details: { quantity: i, storeId: '50301', note: { b: 1, a: [1, 'två'] } } });
    }
    return chain;
  };
  const kinds = (r: { breaks: { seq: number; kind: string }[] }) => r.breaks.map((b) => [b.seq, b.kind]);

  describe("central's own audit_log", () => {
    it('is chained per workstation and for central itself; a push, a registration reset and an admin command chain and verify', async () => {
      const ws = await TestClient.register(server.url, `ws-own-${kind}-${randomUUID().slice(0, 8)}`, '50301', KEY);
      const article = (await q<{ id: string }>("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory','sparePart') ORDER BY article_no LIMIT 1"))[0]!.id;
      const adjust = () => ws.mutation('stock.adjust', 'U1', { movementId: randomUUID(), articleId: article, storeId: '50301', quantity: 1, reason: 'Inventering' });
      await ws.pushOk([adjust(), adjust(), adjust()]);
      await runCentralCommand(server.db, ['reset-client', ws.clientId]);
      await runCentralCommand(server.db, ['add-article', `9${String(Date.now()).slice(-6)}`, 'Testartikel']);
      // The request trail (server/audit/requests.ts: the registration, the push) is in the same chain.
      const all = await q<{ chain_seq: number; action: string }>('SELECT chain_seq, action FROM audit_log WHERE chain = $1 ORDER BY chain_seq', [ws.clientId]);
      expect(all.map((r) => r.chain_seq)).toEqual(all.map((_, i) => i + 1));
      expect(all.filter((r) => r.action !== 'request').map((r) => r.action)).toEqual(['stock.adjust', 'stock.adjust', 'stock.adjust', 'sync-client.reset']);
      expect(await verifyCentralChain(server.db, ws.clientId)).toMatchObject({ count: all.length, breaks: [] });
      expect((await verifyCentralChain(server.db, CENTRAL_CHAIN)).breaks).toEqual([]);
      const out = await runCentralCommand(server.db, ['verify-audit', ws.clientId]);
      expect(out).toMatchObject({ ok: true });
      expect(out.ok && out.value).toContain(`${all.length} poster, kedjan är hel`);
    });

    it('concurrent writers of one chain (separate transactions, on PostgreSQL separate connections) keep it whole', async () => {
      const chain = `ws-conc-${kind}-${randomUUID().slice(0, 8)}`;
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          appendCentralAudit(server.db, [0, 1].map((j) => ({ at: new Date().toISOString(), userId: 'U1', clientId: chain, action: 'x', entity: 'y', entityId: `${i}-${j}` }))),
        ),
      );
      expect(await verifyCentralChain(server.db, chain)).toMatchObject({ count: 48, breaks: [] });
    });

    it('refuses UPDATE and DELETE', async () => {
      const chain = await chainOfEntries(2);
      await expect(server.db.query("UPDATE audit_log SET action = 'x' WHERE chain = $1", [chain])).rejects.toThrow(/append-only/);
      await expect(server.db.query('DELETE FROM audit_log WHERE chain = $1', [chain])).rejects.toThrow(/append-only/);
    });

    it('finds an edited entry', async () => {
      const chain = await chainOfEntries(5);
      await tamper(`UPDATE audit_log SET details = '{"quantity": 300, "storeId": "50301"}' WHERE chain = $1 AND chain_seq = 3`, [chain]);
      const r = await verifyCentralChain(server.db, chain);
      expect(kinds(r)).toEqual([[3, 'content']]);
      const out = await runCentralCommand(server.db, ['verify-audit', chain]);
      expect(out).toMatchObject({ ok: false, error: { code: 'audit-broken' } });
      expect(!out.ok && out.error.message).toContain('Post 3: innehållet stämmer inte med postens hash');
    });

    it('finds reordered entries', async () => {
      const chain = await chainOfEntries(5);
      await tamper('UPDATE audit_log SET chain_seq = -chain_seq WHERE chain = $1 AND chain_seq IN (2, 4)', [chain]);
      await tamper('UPDATE audit_log SET chain_seq = 6 + chain_seq WHERE chain = $1 AND chain_seq IN (-2, -4)', [chain]);
      expect(kinds(await verifyCentralChain(server.db, chain))).toEqual([
        [2, 'content'],
        [3, 'link'],
        [4, 'content'],
        [5, 'link'],
      ]);
    });

    it('finds a deleted entry, in the middle and at the end', async () => {
      const chain = await chainOfEntries(5);
      await tamper('DELETE FROM audit_log WHERE chain = $1 AND chain_seq = 3', [chain]);
      expect(kinds(await verifyCentralChain(server.db, chain))).toEqual([
        [4, 'gap'],
        [4, 'link'],
      ]);
      const last = await chainOfEntries(5);
      await tamper('DELETE FROM audit_log WHERE chain = $1 AND chain_seq = 5', [last]);
      expect(kinds(await verifyCentralChain(server.db, last))).toEqual([[5, 'gap']]);
    });

    it('finds an inserted entry', async () => {
      const chain = await chainOfEntries(3);
      const prev = (await q<{ hash: string }>('SELECT hash FROM audit_log WHERE chain = $1 AND chain_seq = 3', [chain]))[0]!.hash;
      await tamper(
        `INSERT INTO audit_log (at, user_id, client_id, action, entity, entity_id, chain, chain_seq, prev_hash, hash)
         VALUES ('2026-12-01T11:00:00Z', 'U9', $1, 'stock.adjust', 'article', 'A9', $1, 4, $2, $3)`,
        [chain, prev, 'e'.repeat(64)],
      );
      const r = await verifyCentralChain(server.db, chain);
      expect(kinds(r)).toEqual([
        [4, 'content'],
        [3, 'link'],
      ]);
    });
  });

  describe("the workstations' chains (POST /sync/audit)", () => {
    const send = (ws: TestClient, after: number, entries: AuditWireEntry[], clientId = ws.clientId) =>
      postJson<AuditPushResponse>(`${server.url}${AUDIT_SYNC_PATH}`, { ...VERSIONS, clientId, after, entries }, ws.token);
    const newWs = (store = '50301') => TestClient.register(server.url, `ws-audit-${kind}-${++n}-${randomUUID().slice(0, 6)}`, store, KEY);
    const stored = (clientId: string) => q<{ seq: number; break: string | null }>('SELECT seq, break FROM workstation_audit WHERE client_id = $1 ORDER BY seq', [clientId]);

    it('stores an untouched chain; a resend (crash between send and answer) and a replay are accepted without duplicates', async () => {
      const ws = await newWs();
      const all = localChain(6);
      expect(await send(ws, 0, all.slice(0, 4))).toMatchObject({ status: 200, body: { headSeq: 4, accepted: 4, duplicates: 0, breaks: [], resend: false } });
      // The answer was lost: the same entries again, and the rest.
      expect(await send(ws, 0, all)).toMatchObject({ status: 200, body: { headSeq: 6, accepted: 2, duplicates: 4, breaks: [] } });
      expect(await send(ws, 4, all.slice(4))).toMatchObject({ status: 200, body: { headSeq: 6, accepted: 0, duplicates: 2, breaks: [] } });
      expect((await stored(ws.clientId)).map((r) => [r.seq, r.break])).toEqual([1, 2, 3, 4, 5, 6].map((s) => [s, null]));
      const out = await runCentralCommand(server.db, ['verify-audit', ws.clientId]);
      expect(out.ok && out.value).toContain(`Arbetsstation ${ws.clientId}: 6 poster mottagna (till nr 6), kedjan är hel.`);
    });

    it('asks for a resend when it has fewer entries than the workstation believes (central restored)', async () => {
      const ws = await newWs();
      const all = localChain(3);
      expect(await send(ws, 2, all.slice(2))).toMatchObject({ status: 200, body: { headSeq: 0, accepted: 0, resend: true } });
      expect(await stored(ws.clientId)).toEqual([]);
    });

    it('flags entries tampered with on the workstation before sending: edited, reordered, deleted, inserted', async () => {
      const tampered = async (change: (entries: AuditWireEntry[]) => AuditWireEntry[]) => {
        const ws = await newWs();
        const answer = await send(ws, 0, change(localChain(5)));
        expect(answer.status).toBe(200);
        return { ws, answer: answer.body };
      };
      const edited = await tampered((es) => es.map((e) => (e.seq === 2 ? { ...e, entityId: 'R99' } : e)));
      expect(kinds(edited.answer)).toEqual([[2, 'content']]);
      expect((await stored(edited.ws.clientId)).find((r) => r.seq === 2)?.break).toBe('content');

      // Entries 2 and 3 swapped, their numbers kept (as an UPDATE of the rows' content would).
      const reordered = await tampered((es) => es.map((e) => (e.seq === 2 ? { ...es[2]!, seq: 2 } : e.seq === 3 ? { ...es[1]!, seq: 3 } : e)));
      expect(kinds(reordered.answer)).toEqual([
        [2, 'content'],
        [3, 'content'],
        [4, 'link'],
      ]);

      const deleted = await tampered((es) => es.filter((e) => e.seq !== 3));
      expect(kinds(deleted.answer)).toEqual([
        [4, 'gap'],
        [4, 'link'],
      ]);

      const inserted = await tampered((es) => [
        ...es.slice(0, 2),
        { seq: 3, at: 'x', userId: 'U9', action: 'login', entity: 'user', entityId: 'U9', details: null, prevHash: es[1]!.hash, hash: 'b'.repeat(64) },
        ...es.slice(2).map((e) => ({ ...e, seq: e.seq + 1 })),
      ]);
      expect(kinds(inserted.answer).map(([seq]) => seq)).toEqual([3, 4, 5, 6]);

      const out = await runCentralCommand(server.db, ['verify-audit', deleted.ws.clientId]);
      expect(out).toMatchObject({ ok: false });
      expect(!out.ok && out.error.message).toContain('Post 4: poster saknas före den');
    });

    it('flags an entry changed after it was sent, and keeps the first copy', async () => {
      const ws = await newWs();
      const entries = localChain(3);
      await send(ws, 0, entries);
      const again = await send(ws, 0, entries.map((e) => (e.seq === 2 ? { ...e, entityId: 'R77' } : e)));
      expect(again.body).toMatchObject({ headSeq: 3, accepted: 0, duplicates: 2, breaks: [{ seq: 2, kind: 'changed' }] });
      expect((await q<{ entity_id: string }>('SELECT entity_id FROM workstation_audit WHERE client_id = $1 AND seq = 2', [ws.clientId]))[0]!.entity_id).toBe('R2');
      // Deleting the last entries locally, after they were sent, cannot hide them either: central has them.
      expect((await stored(ws.clientId)).length).toBe(3);
    });

    it("a workstation's token writes its own chain only", async () => {
      const a = await newWs();
      const b = await newWs('800');
      const entries = localChain(2);
      expect(await send(b, 0, entries, a.clientId)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      expect(await stored(a.clientId)).toEqual([]);
      expect(await send(b, 0, entries)).toMatchObject({ status: 200, body: { headSeq: 2 } });
      expect(await stored(a.clientId)).toEqual([]);
      expect(await postJson(`${server.url}${AUDIT_SYNC_PATH}`, { ...VERSIONS, clientId: a.clientId, after: 0, entries }, 'not-a-token-at-all-xxxxxxxx')).toMatchObject({ status: 401 });
    });

    it('refuses a malformed request with a Swedish message and stores nothing', async () => {
      const ws = await newWs();
      const entries = localChain(2);
      const answer = await send(ws, 0, [entries[1]!, entries[0]!]);
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
      expect(JSON.stringify(answer.body)).toContain('nummerordning');
      expect(await stored(ws.clientId)).toEqual([]);
    });
  });
});

describe('server migration 10', () => {
  it('chains the entries written before it, per chain in their order', async () => {
    const db = await openPglite();
    try {
      await db.transaction(async (tx) => {
        await tx.exec('CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
        for (const m of migrations.filter((x) => x.version < 10)) {
          await tx.exec(m.sql);
          await m.after?.(tx);
          await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        }
        await tx.exec(`INSERT INTO audit_log (at, user_id, client_id, mutation_id, action, entity, entity_id, details) VALUES
          ('2026-01-01T00:00:00Z', 'U1', 'ws-old-0001', 1, 'stock.adjust', 'article', 'A1', '{"quantity": 1}'),
          ('2026-01-01T00:00:01Z', 'central', NULL, NULL, 'article.add', 'article', 'A2', '{"name": "x"}'),
          ('2026-01-01T00:00:02Z', 'U1', 'ws-old-0001', 2, 'stock.adjust', 'article', 'A1', NULL)`);
      });
      expect((await migrate(db)).applied).toEqual(migrations.filter((x) => x.version >= 10).map((x) => x.version));
      const ws = await verifyCentralChain(db, 'ws-old-0001');
      expect(ws).toMatchObject({ count: 2, breaks: [] });
      expect(await verifyCentralChain(db, CENTRAL_CHAIN)).toMatchObject({ count: 1, breaks: [] });
      await appendCentralAudit(db, { at: '2026-01-02T00:00:00Z', userId: 'U1', clientId: 'ws-old-0001', action: 'x', entity: 'y', entityId: 'z' });
      expect(await verifyCentralChain(db, 'ws-old-0001')).toMatchObject({ count: 3, breaks: [] });
    } finally {
      await db.close();
    }
  });
});
