import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentralDb, SERVER_FILE, startServer } from '../app';
import { SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { centralCli } from './cli';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** `npm run central -- …` as a child process, the way a person runs it. */
async function central(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.BUFFERT_SERVER_DATA_DIR;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...argv], { cwd: root, env: { ...clean, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the central admin CLI', () => {
  let backend: TestBackend;
  let tmp: string;

  beforeAll(async () => {
    backend = await testBackend('postgres');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-central-cli-'));
  });
  afterAll(async () => {
    await backend?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs as npm run central against PostgreSQL (DATABASE_URL): ships an order once and explains a refusal in Swedish', async () => {
    const url = await backend.database();
    await (await openCentralDb({ db: url, demo: SMALL_REGION })).close();
    const env = { DATABASE_URL: url };
    const shipped = await central(['ship', '26450001'], env);
    expect(shipped).toMatchObject({ code: 0, stdout: expect.stringContaining('Order 26450001 är utlevererad från lager 10 till lager 50301') });
    const again = await centralCli(['ship', '26450001'], env);
    expect(again).toMatchObject({ ok: false, error: { message: expect.stringContaining('har status Utlevererad och kan inte utlevereras') } });
  });

  it("goes through the running server that owns a PGlite directory, and opens the directory itself when none runs", async () => {
    const dataDir = path.join(tmp, 'pglite');
    const server = await startServer({ db: 'pglite', dataDir, demo: SMALL_REGION });
    let closed = false;
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_FILE), 'utf8')) as { url: string; adminToken: string };
      expect(info.url).toBe(server.url);
      expect(fs.statSync(path.join(dataDir, SERVER_FILE)).mode & 0o777).toBe(0o600);
      const moved = await centralCli(['move-delivery-date', '26450003', '2026-12-01'], { BUFFERT_SERVER_DATA_DIR: dataDir });
      expect(moved).toMatchObject({ ok: true, value: expect.stringContaining('till 2026-12-01') });
      const row = await server.db.query<{ delivery_date: string }>("SELECT delivery_date FROM customer_order WHERE order_no = '26450003'");
      expect(row.rows[0]!.delivery_date).toBe('2026-12-01');
      // The admin endpoint needs the token from the 0600 file.
      const forged = await fetch(`${server.url}/admin/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer guess' },
        body: JSON.stringify({ argv: ['ship', '26450001'] }),
      });
      expect(forged.status).toBe(401);
      await server.close();
      closed = true;
      expect(fs.existsSync(path.join(dataDir, SERVER_FILE))).toBe(false);
      const list = await centralCli(['orders'], { BUFFERT_SERVER_DATA_DIR: dataDir });
      expect(list).toMatchObject({ ok: true, value: expect.stringContaining('26450003  lager 10 → 50301  Registrerad  leverans 2026-12-01') });
    } finally {
      if (!closed) await server.close();
    }
  });
});
