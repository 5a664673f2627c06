import os from 'node:os';
import path from 'node:path';

/** PGlite directory of the central server and the admin CLI: BUFFERT_SERVER_DATA_DIR or ~/.buffert-central. */
export function centralDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BUFFERT_SERVER_DATA_DIR?.trim() || path.join(os.homedir(), '.buffert-central'));
}
