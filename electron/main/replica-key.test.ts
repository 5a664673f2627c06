import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../tests/helpers/backend';
import { FakeSafeStorage } from '../../tests/helpers/fake-electron';
import { ALLOW_FILE_KEY_ENV, REPLICA_FILE, ReplicaOpenError, startupErrorOf } from '../backend/db/replica';
import { openBackend, replicaPath } from '../backend/backend';
import { isPlainDatabase } from '../backend/db/replica-key';
import { describeStartupFailure } from './startup-error';
import { desktopKeyStore, osKeyStoreAvailable, PLAIN_KEY_FILE, SEALED_KEY_FILE } from './replica-key';

/**
 * The desktop app's key custody (decision 0016) with Electron's safeStorage replaced by a fake
 * (the Electron binary cannot run here): sealed in the data directory, refused without an OS key
 * store unless IT allows a key file, and never replaced when it cannot be unsealed.
 */

const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir('buffert-desktop-key-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const log = () => ({ warn: vi.fn(), error: vi.fn() });
const start = (dataDir: string, safe: FakeSafeStorage, env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux') =>
  openBackend({ dataDir, replicaKey: desktopKeyStore(dataDir, safe, env, log(), platform), demo: { articles: 60, individuals: 20, recipients: 10 }, scanner: { adapter: null }, log: log() });

function refusal(run: () => unknown): ReplicaOpenError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReplicaOpenError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('the desktop app’s replica key', () => {
  it('is made once, sealed by safeStorage in the data directory (no key in plain text), and opens the replica again', () => {
    const dir = tempDir();
    const safe = new FakeSafeStorage();
    start(dir, safe).close();
    const sealed = fs.readFileSync(path.join(dir, SEALED_KEY_FILE));
    expect(sealed.subarray(0, 12).toString()).toBe('fake-sealed:');
    expect(sealed.toString('latin1')).not.toMatch(/[0-9a-f]{64}/);
    expect(fs.existsSync(path.join(dir, PLAIN_KEY_FILE))).toBe(false);
    expect(isPlainDatabase(replicaPath(dir))).toBe(false);
    start(dir, safe).close();
    expect(fs.readFileSync(path.join(dir, SEALED_KEY_FILE))).toEqual(sealed);
  });

  it('Linux without a keyring (basic_text, or no encryption at all): a clear Swedish startup error, no key and no replica written', () => {
    for (const setup of [{ backend: 'basic_text' as const }, { available: false }]) {
      const dir = tempDir();
      const safe = Object.assign(new FakeSafeStorage(), setup);
      expect(osKeyStoreAvailable(safe, 'linux')).toBe(false);
      const error = refusal(() => start(dir, safe));
      expect(error.reason).toBe('key-unavailable');
      const failure = describeStartupFailure(error);
      expect(failure.what).toContain('Det finns ingen säker plats för databasens nyckel på den här datorn');
      expect(failure.what).toContain('sparar inte nyckeln i klartext');
      expect(failure.todo).toContain(`${ALLOW_FILE_KEY_ENV}=1`);
      expect(fs.readdirSync(dir)).toEqual([]);
    }
    // basic_text is Linux's: elsewhere isEncryptionAvailable decides.
    expect(osKeyStoreAvailable(Object.assign(new FakeSafeStorage(), { backend: 'unknown' }), 'win32')).toBe(true);
  });

  it(`with ${ALLOW_FILE_KEY_ENV}=1 (set by IT for the machine) the key is kept in a 0600 file instead`, () => {
    const dir = tempDir();
    const safe = Object.assign(new FakeSafeStorage(), { backend: 'basic_text' as const });
    const warn = vi.fn();
    const store = desktopKeyStore(dir, safe, { [ALLOW_FILE_KEY_ENV]: '1' }, { warn }, 'linux');
    openBackend({ dataDir: dir, replicaKey: store, demo: false, scanner: { adapter: null } }).close();
    expect(warn).toHaveBeenCalledTimes(1);
    const keyFile = path.join(dir, PLAIN_KEY_FILE);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    expect(fs.existsSync(path.join(dir, SEALED_KEY_FILE))).toBe(false);
  });

  it('a sealed key another account or machine cannot unseal is refused: the key and the replica stay as they are', () => {
    const dir = tempDir();
    start(dir, new FakeSafeStorage()).close();
    const before = fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]);
    const elsewhere = Object.assign(new FakeSafeStorage(), { refuseUnseal: true });
    const error = refusal(() => start(dir, elsewhere));
    expect(error.reason).toBe('key-unreadable');
    expect(error.filePath).toBe(path.join(dir, REPLICA_FILE));
    expect(startupErrorOf(error).message).toContain(`Nyckeln till den krypterade databasen kan inte läsas (${path.join(dir, SEALED_KEY_FILE)})`);
    expect(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')])).toEqual(before);
  });

  it('a deleted sealed key beside an encrypted replica is refused as missing: no new key is made for it', () => {
    const dir = tempDir();
    const safe = new FakeSafeStorage();
    start(dir, safe).close();
    fs.rmSync(path.join(dir, SEALED_KEY_FILE));
    expect(refusal(() => start(dir, safe)).reason).toBe('key-missing');
    expect(fs.existsSync(path.join(dir, SEALED_KEY_FILE))).toBe(false);
  });
});
