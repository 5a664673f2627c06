import fs from 'node:fs';
import path from 'node:path';
import { err, type Result } from '../../shared/result';
import { openCentralDb, SERVER_FILE } from '../app';
import { centralDataDir } from '../config';
import { CENTRAL_USAGE, runCentralCommand } from './commands';

/**
 * The admin CLI's choice of database. Against PostgreSQL (DATABASE_URL) it connects directly — any
 * number of processes may. A PGlite directory can be opened by one process only: when a server
 * runs on it (its central-server.json names a live process), the command is sent to that server's
 * POST /admin/command; otherwise the CLI opens the directory itself.
 */
export async function centralCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Result<string>> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') return { ok: true, value: CENTRAL_USAGE };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return withDb(databaseUrl, undefined, argv);
  const dataDir = centralDataDir(env);
  const running = runningServer(dataDir);
  if (running) {
    const response = await fetch(`${running.url}/admin/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.adminToken}` },
      body: JSON.stringify({ argv }),
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error) return err('server-unreachable', `Centralen på ${running.url} svarar inte: ${response.message}`);
    const body = (await response.json()) as Result<string> | { error: { code: string; message: string } };
    if ('ok' in body) return body;
    return err(body.error.code, body.error.message);
  }
  return withDb('pglite', dataDir, argv);
}

async function withDb(db: string, dataDir: string | undefined, argv: readonly string[]): Promise<Result<string>> {
  const central = await openCentralDb({ db, ...(dataDir !== undefined ? { dataDir } : {}) });
  try {
    return await runCentralCommand(central.db, argv);
  } finally {
    await central.close();
  }
}

function runningServer(dataDir: string): { url: string; adminToken: string } | null {
  const file = path.join(dataDir, SERVER_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; url: string; adminToken: string };
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}
