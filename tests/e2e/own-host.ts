import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';

/** A free loopback port (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface OwnHost {
  url: string;
  port: number;
  dataDir: string;
  /** The host's stdout and stderr. */
  logFile: string;
  /** Gives a browser context the host's secret cookie (as the launch link would). */
  admit(context: BrowserContext): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A web host of a spec's own (electron/web-host/main.ts) over a fresh data directory, with the
 * run's secret and replica key and `env` on top; answers once its /health does.
 */
export async function startOwnHost(name: string, env: NodeJS.ProcessEnv = {}, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `buffert-e2e-${name}-`))): Promise<OwnHost> {
  const port = await freePort();
  const logFile = path.join(dataDir, 'host.log');
  const log = fs.openSync(logFile, 'a');
  const secret = process.env.BUFFERT_WEB_SECRET ?? '';
  const child: ChildProcess = spawn('npx', ['tsx', 'electron/web-host/main.ts', '--port', String(port)], {
    env: { ...process.env, BUFFERT_DATA_DIR: dataDir, BUFFERT_WEB_SECRET: secret, BUFFERT_REPLICA_KEY: process.env.BUFFERT_E2E_REPLICA_KEY, ...env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the ${name} web host did not start (log: ${logFile})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    dataDir,
    logFile,
    admit: (context) => context.addCookies([{ name: `buffert-secret-${port}`, value: secret, url, httpOnly: true, sameSite: 'Strict' }]),
    async stop() {
      if (child.pid && child.exitCode === null) {
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
    },
  };
}
