import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TempPostgres {
  /** PostgreSQL major version of the binaries used. */
  version: string;
  port: number;
  /** Connection URL of a database of this cluster (default: postgres). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Where the PostgreSQL server binaries are: BUFFERT_PG_BIN, else Debian's
 * /usr/lib/postgresql/15/bin (what `.ci/run` installs), else the newest /usr/lib/postgresql/N/bin.
 * Throws — never skips — when there is none: the PostgreSQL half of the suite must fail loudly.
 */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env, root = '/usr/lib/postgresql'): string {
  const candidates: string[] = [];
  if (env.BUFFERT_PG_BIN) candidates.push(env.BUFFERT_PG_BIN);
  candidates.push(path.join(root, '15', 'bin'));
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(root, v, 'bin'));
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `PostgreSQL saknas: hittade inte initdb/pg_ctl i ${candidates.join(', ')}. ` +
        'Installera paketet postgresql (apt-get install postgresql, som .ci/run gör) eller sätt BUFFERT_PG_BIN.',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** When running as root (CI containers), PostgreSQL refuses to start: run it as `postgres`. */
function asPostgresUser(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Testerna körs som root men användaren "postgres" finns inte; installera paketet postgresql.');
  }
}

export interface TempPostgresOptions {
  /** Durability as in production (the benchmark); tests turn fsync off for speed. */
  durable?: boolean;
}

/**
 * A throwaway PostgreSQL cluster on loopback for tests and benchmarks: initdb into a temp
 * directory, pg_ctl start on a free port (unix socket in the same directory), trust auth for
 * user postgres. Stopped (immediate) and deleted by stop(), or at process exit.
 */
export async function startTempPostgres(options: TempPostgresOptions = {}): Promise<TempPostgres> {
  const bin = postgresBinDir();
  const version = path.basename(path.dirname(bin));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-pg-'));
  const data = path.join(dir, 'data');
  const owner = asPostgresUser();
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const exec = (tool: string, args: string[]) =>
    owner ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const execSync = (tool: string, args: string[]) =>
    owner
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'ignore' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'ignore' });

  const port = await freePort();
  const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'];
  if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  let stopped = false;
  const cleanup = () => {
    if (stopped) return;
    stopped = true;
    try {
      execSync('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  try {
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '-N']);
    await exec('pg_ctl', ['-D', data, '-o', settings.join(' '), '-w', '-t', '60', '-l', path.join(dir, 'postgres.log'), 'start']);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'postgres.log')) ? fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8').slice(-2000) : '';
    cleanup();
    throw new Error(`Kunde inte starta PostgreSQL (${bin}): ${error instanceof Error ? error.message : String(error)}\n${log}`, { cause: error });
  }

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    version,
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (stopped) return;
      process.removeListener('exit', cleanup);
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already down
      }
      stopped = true;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
