import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, tempBackend, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { BackupError, backupName, createBackup, inspectBackup, listBackups, pruneBackups, restoreBackup } from './backup';
import { connectReplica } from './replica-key';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

describe('backups of the replica', () => {
  it('are encrypted with the replica key: unreadable without it, whole with it, 0600 in a 0700 folder', () => {
    const t = tempBackend({ diagnostics: { autoBackup: false } });
    dirs.push(t.dataDir);
    const db = t.backend.context.db;
    const pnr = db.prepare("SELECT personal_number FROM recipient WHERE personal_number IS NOT NULL LIMIT 1").pluck().get() as string;
    const dir = path.join(t.dataDir, 'backups');
    const info = createBackup(db, dir, TEST_REPLICA_KEY, new Date('2026-12-01T03:00:00Z'));
    const file = path.join(dir, info.name);
    expect(info.name).toBe('buffert-20261201T030000000Z.sqlite');
    expect(info.schemaVersion).toBe(db.pragma('user_version', { simple: true }));

    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(pnr))).toBe(false);
    // Without the key SQLite sees no database at all.
    const plain = connectReplica(file, null, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM recipient').get()).toThrow(/not a database/);
    plain.close();
    expect(() => inspectBackup(file, Buffer.alloc(32, 1))).toThrow(BackupError);
    // With it: every row, and nothing beside the file (rollback journal, no -wal/-shm).
    const copy = connectReplica(file, TEST_REPLICA_KEY, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM recipient').pluck().get()).toBe(db.prepare('SELECT count(*) FROM recipient').pluck().get());
    copy.close();
    expect(fs.readdirSync(dir)).toEqual([info.name]);
    if (posix) {
      expect(mode(file)).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
    }
    t.cleanup();
  });

  it('better-sqlite3’s db.backup() cannot write an encrypted copy (why VACUUM INTO is used)', async () => {
    const t = tempBackend({ diagnostics: { autoBackup: false } });
    dirs.push(t.dataDir);
    await expect(t.backend.context.db.backup(path.join(t.dataDir, 'plain.sqlite'))).rejects.toThrow(/incompatible source and target/);
    t.cleanup();
  });

  it('retention removes those older than N days and always keeps the newest', () => {
    const dir = makeTempDir('buffert-backups-');
    dirs.push(dir);
    const t = tempBackend({ diagnostics: { autoBackup: false } });
    dirs.push(t.dataDir);
    const now = new Date('2026-12-20T03:00:00Z');
    const day = 86_400_000;
    for (const age of [20, 15, 13, 1]) createBackup(t.backend.context.db, dir, TEST_REPLICA_KEY, new Date(now.getTime() - age * day));
    fs.writeFileSync(path.join(dir, 'not-a-backup.txt'), 'x');
    expect(pruneBackups(dir, 14, now)).toEqual([backupName(new Date(now.getTime() - 20 * day)), backupName(new Date(now.getTime() - 15 * day))]);
    expect(listBackups(dir, TEST_REPLICA_KEY).map((b) => b.name)).toEqual([1, 13].map((age) => backupName(new Date(now.getTime() - age * day))));
    // Months later with no new backup: the newest stays, the rest goes.
    expect(pruneBackups(dir, 14, new Date(now.getTime() + 90 * day))).toEqual([backupName(new Date(now.getTime() - 13 * day))]);
    expect(listBackups(dir, TEST_REPLICA_KEY)).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'not-a-backup.txt'))).toBe(true);
    t.cleanup();
  });

  it('a restore keeps the replaced replica and leaves the high-water mark, so the replica opens as behind', () => {
    const t = tempBackend({ diagnostics: { autoBackup: false } });
    dirs.push(t.dataDir);
    const b = t.backend;
    expect(dispatch(b, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
    const article = b.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 0 ORDER BY article_no LIMIT 1").pluck().get() as string;
    const adjust = (note: string) => expect(dispatch(b, 'stock.adjust', { articleId: article, quantity: 1, reason: note }).ok).toBe(true);
    adjust('före');
    const backup = dispatch(b, 'backup.create', {});
    expect(backup.ok).toBe(true);
    const name = (backup as { value: { name: string } }).value.name;
    adjust('efter-1');
    adjust('efter-2');
    expect(dispatch(b, 'backup.plan', { name })).toMatchObject({ ok: true, value: { lostChanges: 2, unsyncedChanges: 2 } });
    // Without a host that can restart, the backend refuses the restore.
    expect(dispatch(b, 'backup.restore', { name })).toMatchObject({ ok: false, error: { code: 'restore-unavailable' } });
    b.close();
    const file = path.join(t.dataDir, 'buffert.sqlite');
    const outcome = restoreBackup(file, path.join(t.dataDir, 'backups'), name, TEST_REPLICA_KEY, new Date('2026-11-22T11:00:00Z'));
    expect(outcome).toMatchObject({ highWater: 3, lostChanges: 2, restored: { lastMutationId: 1 } });
    expect(fs.existsSync(path.join(outcome.replacedDir!, 'buffert.sqlite'))).toBe(true);
    if (posix) expect(mode(file)).toBe(0o600);
    expect(() => tempBackend({ dataDir: t.dataDir })).toThrow(expect.objectContaining({ reason: 'behind' }));
  });

  it('refuses a name that is no backup of the folder', () => {
    const t = tempBackend({ diagnostics: { autoBackup: false } });
    dirs.push(t.dataDir);
    expect(dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
    expect(dispatch(t.backend, 'backup.plan', { name: 'buffert-20261201T030000000Z.sqlite' })).toMatchObject({ ok: false, error: { code: 'backup-not-found' } });
    expect(dispatch(t.backend, 'backup.plan', { name: '../buffert.sqlite' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    t.cleanup();
  });
});
