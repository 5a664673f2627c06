import os from 'node:os';
import path from 'node:path';

/**
 * Where the replica lives when `BUFFERT_DATA_DIR` is not set: the same per-user directory that
 * Electron's `app.getPath('userData')` gives for the app name "Buffert", so the web host and the
 * desktop app open the same replica on one machine.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Buffert');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Buffert');
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), 'Buffert');
}
