import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/helpers/backend';
import { openBackend, replicaPath, type Backend, type BackendOptions } from '../backend/backend';
import type { ReplicaOpenError} from '../backend/db/replica';
import { openReplica, startupErrorOf } from '../backend/db/replica';
import { newReplicaKey } from '../backend/db/replica-key';
import { REPLICA_KEY_ENV, WEB_HOST_KEY_FILE, webHostKeyStore } from './replica-key';

/** The web host's replica key (decision 0016): BUFFERT_REPLICA_KEY, else a key file made 0600. */

const dirs: string[] = [];
const backends: Backend[] = [];
const tempDir = () => {
  const dir = makeTempDir('buffert-web-key-');
  dirs.push(dir);
  return dir;
};
const open = (dataDir: string, extra: Partial<BackendOptions> & Pick<BackendOptions, 'replicaKey'>) => {
  const backend = openBackend({ dataDir, demo: false, scanner: { adapter: null }, log: { warn: () => undefined, error: () => undefined }, ...extra });
  backends.push(backend);
  return backend;
};
const close = (backend: Backend) => {
  backends.splice(backends.indexOf(backend), 1);
  backend.close();
};
afterEach(() => {
  for (const b of backends.splice(0)) b.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the web host’s key', () => {
  it(`takes ${REPLICA_KEY_ENV} (hex) when set; a malformed one is a clear startup error`, () => {
    const dir = tempDir();
    const key = newReplicaKey();
    const store = webHostKeyStore({ env: { [REPLICA_KEY_ENV]: key.toString('hex') }, dataDir: dir });
    expect(store.where).toBe(REPLICA_KEY_ENV);
    close(open(dir, { replicaKey: store }));
    // No key file was written: the environment is the key's only home.
    expect(fs.existsSync(path.join(dir, WEB_HOST_KEY_FILE))).toBe(false);
    const db = openReplica(replicaPath(dir), { key });
    db.close();
    let caught: unknown;
    try {
      open(dir, { replicaKey: webHostKeyStore({ env: { [REPLICA_KEY_ENV]: 'inte-hex' }, dataDir: dir }) });
    } catch (error) {
      caught = error;
    }
    expect((caught as ReplicaOpenError).reason).toBe('key-unreadable');
    expect(startupErrorOf(caught as ReplicaOpenError).message).toContain(`Nyckeln till den krypterade databasen kan inte läsas (${REPLICA_KEY_ENV})`);
  });

  it('otherwise the key file (--key-file, default in the data directory): created 0600 on the first start, read after that', () => {
    const dir = tempDir();
    const keyFile = path.join(tempDir(), 'keys', 'buffert.key');
    const store = () => webHostKeyStore({ env: {}, keyFile, dataDir: dir });
    expect(store().where).toBe(keyFile);
    close(open(dir, { replicaKey: store() }));
    const text = fs.readFileSync(keyFile, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    close(open(dir, { replicaKey: store() }));
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(text);
    expect(webHostKeyStore({ env: { [REPLICA_KEY_ENV]: '  ' }, dataDir: dir }).where).toBe(path.join(dir, WEB_HOST_KEY_FILE));
  });
});
