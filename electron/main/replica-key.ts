import path from 'node:path';
import type { SafeStorage } from 'electron';
import { ALLOW_FILE_KEY_ENV } from '../backend/db/replica';
import { hexKeyFileStore, sealedKeyFileStore, unavailableKeyStore, type ReplicaKeyStore } from '../backend/db/replica-key';

/**
 * Where the desktop app keeps the replica's key (docs/decisions/0016-encrypted-replica.md): in
 * the data directory, sealed by Electron's `safeStorage` — DPAPI on Windows, the Keychain on
 * macOS, libsecret/KWallet on Linux — so the file alone opens nothing on another account or
 * machine. Where there is no such store (Linux without a keyring: safeStorage then "encrypts"
 * with a hard-coded password, `basic_text`) the app refuses to start rather than keep the key in
 * plain text, unless IT has explicitly allowed a key file for the machine (BUFFERT_ALLOW_FILE_KEY=1).
 * Call after the app is ready (safeStorage needs it on Windows and Linux).
 */

export const SEALED_KEY_FILE = 'replica-key.sealed';
/** Only with BUFFERT_ALLOW_FILE_KEY=1 on a machine without an OS key store. */
export const PLAIN_KEY_FILE = 'replica-key.hex';

export type KeySafe = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** True when safeStorage really protects the key (not Linux's hard-coded `basic_text` password). */
export function osKeyStoreAvailable(safe: KeySafe, platform: NodeJS.Platform = process.platform): boolean {
  if (!safe.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safe.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

export function desktopKeyStore(
  dataDir: string,
  safe: KeySafe,
  env: NodeJS.ProcessEnv,
  log: Pick<Console, 'warn'>,
  platform: NodeJS.Platform = process.platform,
): ReplicaKeyStore {
  const sealedFile = path.join(dataDir, SEALED_KEY_FILE);
  if (osKeyStoreAvailable(safe, platform)) {
    return sealedKeyFileStore(sealedFile, { seal: (text) => safe.encryptString(text), unseal: (sealed) => safe.decryptString(sealed) });
  }
  if (env[ALLOW_FILE_KEY_ENV]?.trim() === '1') {
    log.warn(`Buffert: no OS key store on this machine; ${ALLOW_FILE_KEY_ENV}=1 allows the replica key in a file readable by this account only (${PLAIN_KEY_FILE}).`);
    return hexKeyFileStore(path.join(dataDir, PLAIN_KEY_FILE));
  }
  return unavailableKeyStore(sealedFile, 'safeStorage has no OS key store on this machine (isEncryptionAvailable false or basic_text)');
}
