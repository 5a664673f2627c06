/**
 * `npm start` and the central server (issue 4): the workstation syncs with a central server on
 * 127.0.0.1 — PGlite with the demo region, in the same directory as `npm run server` and
 * `npm run central` use (BUFFERT_SERVER_DATA_DIR, default ~/.buffert-central), so the admin CLI
 * can produce central events for it. The workstation is pointed at it with BUFFERT_CENTRAL_URL.
 *
 * - BUFFERT_CENTRAL_URL already set: that server is used, nothing is started.
 * - BUFFERT_CENTRAL=off: no central server; the workstation works alone on local demo data.
 * - A server already running on the same PGlite directory (npm run server) is reused: PGlite
 *   allows one process per directory.
 * If the server cannot start, the workstation starts without one (and says so).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ mode: 'given', url: string } | { mode: 'off' } | { mode: 'start' }}
 */
export function centralPlan(env) {
  const given = env.BUFFERT_CENTRAL_URL?.trim();
  if (given) return { mode: 'given', url: given };
  if (env.BUFFERT_CENTRAL?.trim().toLowerCase() === 'off') return { mode: 'off' };
  return { mode: 'start' };
}

/** The URL in server/main.ts's start line ("Buffert central: http://127.0.0.1:8787 (…)"), or null. */
export function findCentralUrl(line) {
  const match = /Buffert central: (https?:\/\/[^\s)]+)/.exec(line);
  return match ? match[1] : null;
}

/** Same rule as server/config.ts's centralDataDir (this file runs before any TypeScript is loaded). */
export function centralDataDir(env) {
  return path.resolve(env.BUFFERT_SERVER_DATA_DIR?.trim() || path.join(os.homedir(), '.buffert-central'));
}

/** A server that already owns the PGlite directory (its server file names a live process that answers /health). */
async function runningCentral(dataDir) {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dataDir, 'central-server.json'), 'utf8'));
    process.kill(info.pid, 0);
  } catch {
    return null;
  }
  try {
    const res = await fetch(`${info.url}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? info.url : null;
  } catch {
    return null;
  }
}

/**
 * Starts (or finds) the central server for `npm start`; returns its URL, or null to run without one.
 * @param {{ run: (command: string, argv: string[], options: object) => { child: import('node:child_process').ChildProcess, exited: Promise<{ code: number | null }> }, say: (line: string) => void, root: string, env: Record<string, string | undefined> }} options
 */
export async function startCentralForStart({ run, say, root, env }) {
  const plan = centralPlan(env);
  if (plan.mode === 'given') {
    say(`Central server: ${plan.url} (BUFFERT_CENTRAL_URL).`);
    return plan.url;
  }
  if (plan.mode === 'off') return null;
  const dataDir = centralDataDir(env);
  const existing = await runningCentral(dataDir);
  if (existing) {
    say(`Använder den centrala servern som redan körs på ${existing}.`);
    return existing;
  }
  say(`Startar den centrala servern (PGlite med demodata i ${dataDir}) …`);
  const central = run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/main.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...env, HOST: '127.0.0.1', PORT: '0' },
  });
  // The server must not outlive `npm start`, however it ends.
  process.once('exit', () => central.child.kill('SIGTERM'));
  const url = await new Promise((resolve) => {
    const lines = readline.createInterface({ input: central.child.stdout });
    let found = null;
    lines.on('line', (line) => {
      console.log(`[central] ${line}`);
      if (found === null) {
        found = findCentralUrl(line);
        if (found !== null) resolve(found);
      }
    });
    void central.exited.then(() => resolve(found));
  });
  if (url === null) say('Den centrala servern kunde inte starta – Buffert startar utan synkronisering (lokala demodata).');
  return url;
}
