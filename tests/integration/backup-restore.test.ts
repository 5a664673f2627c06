import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend, type Backend, type BackendOptions } from '../../electron/backend/backend';
import type { BackupInfo } from '../../shared/api/diagnostics';
import { restoreAndReopen } from '../../electron/backend/diagnostics/restore';
import { makeTempDir, TEST_REPLICA_KEY } from '../helpers/backend';
import { startCentral } from '../helpers/central';
import { login, quietLog, settle, type CentralUnderTest } from '../helpers/sync-harness';

/**
 * Issue 13 item 7: a backup made by Buffert itself (VACUUM INTO, encrypted), restored the way
 * Felsökning and the startup-error screen do it (close, replace, reopen). The work done after the
 * backup is gone from the restored file; what had reached central comes back with the next sync,
 * what had not is counted before the restore (the page says so) and kept in the replaced replica.
 */

let central: CentralUnderTest;
const dirs: string[] = [];
beforeAll(async () => {
  central = await startCentral();
}, 60_000);
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await central.close();
});

describe('backup and restore round trip', () => {
  it('a write after the backup is gone after the restore, comes back from central when it was synced, and is counted when it was not', async () => {
    const dataDir = makeTempDir('buffert-backup-');
    dirs.push(dataDir);
    const options: BackendOptions = {
      replicaKey: TEST_REPLICA_KEY,
      dataDir,
      centralUrl: central.url,
      diagnostics: { autoBackup: false },
      sync: { autoStart: false, enrolmentKey: central.enrolmentKey, clientName: 'backup', log: quietLog, backoff: { baseMs: 10, maxMs: 100 } },
      log: { warn: () => undefined, error: () => undefined },
    };
    let b: Backend = openBackend(options);
    await settle(b);
    login(b);
    const article = b.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1").pluck().get() as string;
    const adjust = (note: string) => {
      const res = dispatch(b, 'stock.adjust', { articleId: article, quantity: 1, reason: note });
      if (!res.ok) throw new Error(res.error.message);
    };
    const notes = () => b.context.db.prepare('SELECT note FROM stock_movement WHERE note LIKE ? ORDER BY note').pluck().all('bk-%') as string[];
    adjust('bk-före');
    await settle(b);

    const made = dispatch(b, 'backup.create', {});
    if (!made.ok) throw new Error(made.error.message);
    const { name, lastMutationId } = made.value as BackupInfo;
    expect(lastMutationId).toBe(1);

    adjust('bk-synkad');
    await settle(b);
    adjust('bk-aldrig-skickad');
    expect(notes()).toEqual(['bk-aldrig-skickad', 'bk-före', 'bk-synkad']);
    // What the page shows before the person confirms: two confirmed changes are not in the backup, one never reached central.
    expect(dispatch(b, 'backup.plan', { name })).toMatchObject({ ok: true, value: { lostChanges: 2, unsyncedChanges: 1 } });

    const restored = restoreAndReopen(b, options, name);
    b = restored.backend;
    expect(restored.outcome).toMatchObject({ lostChanges: 2, highWater: 3 });
    // The restored replica: the state of the backup.
    expect(notes()).toEqual(['bk-före']);
    // The acceptance is in the replica's audit log (decision 0008), without personal data.
    const audit = b.context.db.prepare("SELECT details FROM audit_log WHERE action = 'replica.acceptLostChanges'").pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d))).toEqual([{ highWater: 3, lastMutationId: 1, lost: 2 }]);

    // The next sync: what central had comes back, nothing is sent twice, the person is told.
    await settle(b);
    expect(notes()).toEqual(['bk-före', 'bk-synkad']);
    expect(dispatch(b, 'sync.status', {})).toMatchObject({ ok: true, value: { pendingChanges: 0, conflicts: 0 } });
    // New work goes on past central's position and reaches central.
    login(b);
    adjust('bk-sedan');
    await settle(b);
    expect(notes()).toEqual(['bk-före', 'bk-sedan', 'bk-synkad']);
    // The change that never reached central is still in the replaced replica, for support.
    const replaced = fs.readdirSync(`${dataDir}/backups`).filter((f) => f.startsWith('replaced-'));
    expect(replaced).toHaveLength(1);
    b.close();
  }, 120_000);
});
