import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend, type Backend } from '../../electron/backend/backend';
import { makeTempDir, TEST_REPLICA_KEY } from '../helpers/backend';
import { startCentral } from '../helpers/central';
import { login, quietLog, replicaState, serverTruth, settle, type CentralUnderTest } from '../helpers/sync-harness';

/**
 * A workstation's data folder restored from a backup: the replica hands out mutation ids the
 * central server has already seen with other content. Nothing confirmed may be lost: the work
 * done after the restore reaches central (renumbered past the server's position), the work done
 * before it is still there, and the person is told.
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

function open(dataDir: string): Backend {
  return openBackend({ replicaKey: TEST_REPLICA_KEY,
    dataDir,
    centralUrl: central.url,
    now: () => new Date(),
    sync: { autoStart: false, enrolmentKey: central.enrolmentKey, clientName: 'restore', log: quietLog, backoff: { baseMs: 10, maxMs: 100 } },
  });
}

function copyDir(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

const adjust = (b: Backend, articleId: string, note: string) => {
  const res = dispatch(b, 'stock.adjust', { articleId, quantity: 1, reason: note });
  if (!res.ok) throw new Error(res.error.message);
  return (res.value as { mutationId: number }).mutationId;
};

async function movementsOnServer(notes: string[]): Promise<string[]> {
  const truth = await serverTruth(central);
  try {
    const rows = truth.backend.context.db.prepare('SELECT note FROM stock_movement').pluck().all() as string[];
    return notes.filter((n) => rows.includes(n));
  } finally {
    truth.cleanup();
  }
}

describe.each([
  ['the person writes before the first sync', true],
  ['the first sync runs before the person writes', false],
] as const)('a replica restored from a backup (%s)', (_title, writeFirst) => {
  it('loses nothing: the work before and after the restore all reaches central, and the person is told', async () => {
    const tag = writeFirst ? 'W' : 'S';
    const dataDir = makeTempDir('buffert-restore-');
    const backupDir = `${dataDir}-backup`;
    dirs.push(dataDir, backupDir);

    let b = open(dataDir);
    await settle(b);
    login(b);
    const article = b.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1").pluck().get() as string;
    const before = [1, 2, 3].map((i) => `${tag}-före-${i}`);
    for (const n of before) adjust(b, article, n);
    await settle(b);

    // The nightly backup: the whole data folder, taken while Buffert is closed.
    b.close();
    copyDir(dataDir, backupDir);

    // A day's work after the backup, synced.
    b = open(dataDir);
    login(b);
    const lost = [1, 2].map((i) => `${tag}-efter-backup-${i}`);
    expect(lost.map((n) => adjust(b, article, n))).toEqual([4, 5]);
    await settle(b);
    b.close();

    // The disk fails; support restores last night's backup.
    copyDir(backupDir, dataDir);
    b = open(dataDir);
    login(b);
    const fresh = [1, 2].map((i) => `${tag}-efter-återställning-${i}`);
    if (writeFirst) {
      // The restored replica hands out 4 and 5 again, for other work: central answers conflict.
      expect(fresh.map((n) => adjust(b, article, n))).toEqual([4, 5]);
      await settle(b);
    } else {
      await settle(b);
      // The first pull told the workstation where central is: new work is numbered after it.
      expect(fresh.map((n) => adjust(b, article, n))).toEqual([6, 7]);
      await settle(b);
    }

    expect(await movementsOnServer([...before, ...lost, ...fresh])).toEqual([...before, ...lost, ...fresh]);
    expect(b.context.db.prepare('SELECT count(*) FROM sync_conflicts').pluck().get()).toBe(0);
    const status = dispatch(b, 'sync.status', {});
    expect(status).toMatchObject({ ok: true, value: { pendingChanges: 0, notice: { code: writeFirst ? 'renumbered' : 'restored' } } });
    const notice = (status as { value: { notice: { id: number; message: string } } }).value.notice;
    expect(notice.message).toMatch(/säkerhetskopia/);
    // The replica shows what central has, the day's work from after the backup included.
    const truth = await serverTruth(central);
    try {
      expect(replicaState(b)).toEqual(replicaState(truth.backend));
    } finally {
      truth.cleanup();
    }
    expect(dispatch(b, 'sync.dismissNotice', { id: notice.id })).toEqual({ ok: true, value: null });
    expect(dispatch(b, 'sync.status', {})).toMatchObject({ value: { notice: null } });
    // And the next write goes through as usual.
    adjust(b, article, `${tag}-sedan`);
    await settle(b);
    expect(await movementsOnServer([`${tag}-sedan`])).toEqual([`${tag}-sedan`]);
    b.close();
    expect(fs.existsSync(path.join(dataDir, 'buffert.sqlite'))).toBe(true);
  }, 120_000);
});
