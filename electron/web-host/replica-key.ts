import path from 'node:path';
import { envKeyStore, hexKeyFileStore, type ReplicaKeyStore } from '../backend/db/replica-key';

/**
 * The web host's replica key (a development and test host, never in an installer; docs/decisions/
 * 0016-encrypted-replica.md): BUFFERT_REPLICA_KEY (64 hex digits) when set, else the key file
 * `--key-file` (default: replica-key.hex in the data directory), created 0600 on the first start.
 * There is no safeStorage outside Electron, so this key is only as safe as the account's files.
 */
export const REPLICA_KEY_ENV = 'BUFFERT_REPLICA_KEY';
export const WEB_HOST_KEY_FILE = 'replica-key.hex';

export function webHostKeyStore(options: { env: NodeJS.ProcessEnv; keyFile?: string; dataDir: string }): ReplicaKeyStore {
  const fromEnv = options.env[REPLICA_KEY_ENV]?.trim();
  if (fromEnv) return envKeyStore(REPLICA_KEY_ENV, fromEnv);
  return hexKeyFileStore(path.resolve(options.keyFile ?? path.join(options.dataDir, WEB_HOST_KEY_FILE)));
}
