import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import { AUDIT_SENT_SETTING } from '../../electron/backend/audit/upload';
import { getSetting } from '../../electron/backend/db/settings';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * The workstation's audit chain reaches central in the sync cycle (electron/backend/audit/upload.ts
 * → POST /sync/audit) and is checked there: an entry tampered with before it was sent is flagged
 * and shown by `verify-audit`.
 */
describe('Audit chain verification detects tampering (test): the sync to central', () => {
  let central: CentralUnderTest;
  let ws: Workstation;

  beforeAll(async () => {
    central = await startCentral();
    ws = workstation('logg', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  }, 120_000);
  afterAll(async () => {
    ws?.cleanup();
    await central?.close();
  });

  const db = () => ws.backend.context.db;
  const clientId = () => ws.backend.context.sync!.clientId;
  const localCount = () => db().prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  const verify = async (): Promise<{ ok: boolean; text: string }> => {
    try {
      return { ok: true, text: await central.admin(['verify-audit', clientId()]) };
    } catch (error) {
      return { ok: false, text: (error as Error).message };
    }
  };

  it('sends the chain, resumes where central confirmed, and central finds it whole', async () => {
    await settle(ws.backend);
    login(ws.backend, 'U1');
    const article = db().prepare("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory','sparePart') ORDER BY article_no LIMIT 1").pluck().get() as string;
    for (let i = 0; i < 3; i++) {
      const r = dispatch(ws.backend, 'stock.adjust', { articleId: article, quantity: 1, reason: 'Inventering' });
      expect(r.ok).toBe(true);
    }
    await settle(ws.backend);
    const n = localCount();
    expect(n).toBeGreaterThanOrEqual(4);
    expect(Number(getSetting(db(), AUDIT_SENT_SETTING))).toBe(n);
    const stored = await central.query!<{ seq: number; break: string | null }>('SELECT seq, break FROM workstation_audit WHERE client_id = $1 ORDER BY seq', [clientId()]);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(stored.every((r) => r.break === null)).toBe(true);
    expect(await verify()).toEqual({ ok: true, text: expect.stringContaining(`${n} poster mottagna (till nr ${n}), kedjan är hel`) });

    // A crash after central stored a batch but before its answer: the same entries go again.
    db().prepare("UPDATE replica_setting SET value = '1' WHERE key = ?").run(AUDIT_SENT_SETTING);
    await settle(ws.backend);
    expect(Number(getSetting(db(), AUDIT_SENT_SETTING))).toBe(n);
    expect((await central.query!('SELECT 1 FROM workstation_audit WHERE client_id = $1', [clientId()])).length).toBe(n);
    expect((await verify()).ok).toBe(true);
  }, 120_000);

  it('flags an entry edited on the workstation before it was sent; the workstation’s own check finds it too', async () => {
    const before = localCount();
    dispatch(ws.backend, 'session.logout', {});
    login(ws.backend, 'U1');
    // A tamperer with the file changes who logged out, before the next sync.
    db().exec('DROP TRIGGER audit_log_no_update');
    db().prepare("UPDATE audit_log SET user_id = 'U4' WHERE seq = ?").run(before + 1);
    await settle(ws.backend);
    const stored = await central.query!<{ break: string | null }>('SELECT break FROM workstation_audit WHERE client_id = $1 AND seq = $2', [clientId(), before + 1]);
    expect(stored).toEqual([{ break: 'content' }]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.text).toContain(`Post ${before + 1}: innehållet stämmer inte med postens hash`);
    expect(dispatch(ws.backend, 'audit.verify', {})).toMatchObject({ ok: true, value: { ok: false, firstBreak: { seq: before + 1, kind: 'content' } } });
  }, 120_000);
});
