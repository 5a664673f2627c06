import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { createSithsPki, type Issued, type SithsPki } from '../../tests/helpers/siths-pki';
import { startServer, type RunningServer } from '../app';
import { DEMO_ENROLMENT_KEY } from '../sync/auth';
import { NO_RATE_LIMITS } from '../../tests/helpers/databases';
import { runCentralCommand } from '../admin/commands';
import { userOfSession } from './sessions';

/**
 * Real mutual TLS against the central server (issue 10, item 1): a generated SITHS-like PKI, the
 * server on HTTPS asking for client certificates, and Node's TLS client presenting each kind of
 * certificate. Only a valid person certificate from the configured issuing CA gets a grant, and
 * only the workstation it names can redeem it, once.
 */

const REGION = { articles: 40, individuals: 20, recipients: 5 };
const OWN = '50301';
const LENA = { hsaId: 'SE2321000016-1001', id: 'U1' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let pki: SithsPki;
let dir: string;
let server: RunningServer;
let files: ReturnType<SithsPki['write']>;

function post(url: string, body: unknown, options: { client?: Issued; token?: string; origin?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = https.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        ca: pki.root.certPem,
        ...(options.client ? { cert: options.client.certPem, key: options.client.keyPem } : {}),
        // A new TLS session per request: a resumed one would carry the previous client certificate.
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.origin ? { origin: options.origin } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function registerWorkstation(): Promise<{ clientId: string; token: string }> {
  const clientId = randomUUID();
  const answer = await post(`${server.url}/sync/register`, {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    clientId,
    storeId: OWN,
    enrolmentKey: DEMO_ENROLMENT_KEY,
    name: 'Förrådet',
  });
  expect(answer.status).toBe(200);
  return { clientId, token: String(answer.body.token) };
}

beforeAll(async () => {
  pki = await createSithsPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-siths-'));
  files = pki.write(dir);
  server = await startServer({
    db: 'pglite',
    demo: REGION,
    tls: { cert: pki.server.certPem, key: pki.server.keyPem },
    siths: { caFile: files.caFile, crlFiles: [files.crlFile] },
    rateLimits: NO_RATE_LIMITS,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SITHS login over mutual TLS', () => {
  it('a valid person certificate gets a grant; its workstation redeems it once for a session bound to it', async () => {
    const ws = await registerWorkstation();
    const card = await pki.person(LENA.hsaId, 'Lena Tekniker');
    const granted = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: card, origin: 'app://buffert' });
    expect(granted.status).toBe(200);
    expect(granted.body.hsaId).toBe(LENA.hsaId);

    const other = await registerWorkstation();
    const foreign = await post(`${server.url}/auth/siths/redeem`, { clientId: other.clientId, grant: granted.body.grant }, { token: other.token });
    expect(foreign.status).toBe(401);

    const redeemed = await post(`${server.url}/auth/siths/redeem`, { clientId: ws.clientId, grant: granted.body.grant }, { token: ws.token });
    expect(redeemed.status).toBe(200);
    const session = redeemed.body as { session: { token: string; method: string }; user: { id: string; roles: string[] } };
    expect(session.user.id).toBe(LENA.id);
    expect(session.session.method).toBe('siths');
    expect(await userOfSession(server.db, ws.clientId, session.session.token)).toBe(LENA.id);
    expect(await userOfSession(server.db, other.clientId, session.session.token)).toBeNull();
    expect(await userOfSession(server.db, ws.clientId, `${session.session.token.slice(0, -2)}xx`)).toBeNull();

    const replayed = await post(`${server.url}/auth/siths/redeem`, { clientId: ws.clientId, grant: granted.body.grant }, { token: ws.token });
    expect(replayed.status).toBe(401);
    const { rows } = await server.db.query<{ action: string; details: { code?: string } }>(
      `SELECT action, details FROM audit_log WHERE client_id = $1 AND action <> 'request' ORDER BY seq`,
      [ws.clientId],
    );
    expect(rows.map((r) => r.action)).toEqual(['login', 'login.refused']);
  });

  it.each([
    ['expired', () => pki.person(LENA.hsaId, 'Lena Tekniker', { from: new Date(Date.now() - 400 * 86400e3), to: new Date(Date.now() - 86400e3) }), /gått ut/],
    ['wrong usage (e-mail signing only)', () => pki.person(LENA.hsaId, 'Lena Tekniker', { usage: ['1.3.6.1.5.5.7.3.4'] }), /legitimeringscertifikat/],
    ['function certificate', () => pki.person('SE2321000016-F001', 'Lagersystemet', { issuer: 'function' }), /godkänd SITHS-utfärdare/],
    ['foreign issuer with the same names', () => pki.person(LENA.hsaId, 'Lena Tekniker', { issuer: 'foreign' }), /godkänd SITHS-utfärdare/],
  ])('refuses a %s certificate', async (_kind, make, message) => {
    const ws = await registerWorkstation();
    const answer = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: await make() });
    expect(answer.status).toBe(401);
    expect((answer.body.error as { code: string; message: string }).code).toBe('certificate-refused');
    expect((answer.body.error as { message: string }).message).toMatch(message);
  });

  it('refuses a revoked certificate once the CRL lists it, and every card when the CRL is stale', async () => {
    const ws = await registerWorkstation();
    const card = await pki.person(LENA.hsaId, 'Lena Tekniker');
    expect((await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: card })).status).toBe(200);
    await pki.revoke(card.cert);
    fs.writeFileSync(files.crlFile, pki.crlPem);
    const revoked = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: card });
    expect(revoked.status).toBe(401);
    expect((revoked.body.error as { message: string }).message).toMatch(/spärrat/);

    fs.writeFileSync(files.crlFile, pki.staleCrlPem);
    const fresh = await pki.person(LENA.hsaId, 'Lena Tekniker');
    const stale = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: fresh });
    expect((stale.body.error as { message: string }).message).toMatch(/Spärrlistan/);
    fs.writeFileSync(files.crlFile, pki.crlPem);
  });

  it('refuses no certificate, an HSA-ID without a user, a foreign page origin, and an unknown workstation', async () => {
    const ws = await registerWorkstation();
    const none = await post(`${server.url}/auth/siths`, { clientId: ws.clientId });
    expect((none.body.error as { code: string }).code).toBe('no-certificate');
    const stranger = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: await pki.person('SE2321000016-9999', 'Okänd Person') });
    expect((stranger.body.error as { code: string }).code).toBe('unknown-user');
    const card = await pki.person(LENA.hsaId, 'Lena Tekniker');
    expect((await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: card, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(`${server.url}/auth/siths`, { clientId: randomUUID() }, { client: card })).status).toBe(403);
  });

  it('a prescriber of another store cannot log in at this store', async () => {
    const ws = await registerWorkstation();
    // U3 (Karin) belongs to service point 50312; check which store that is in the demo region.
    const { rows } = await server.db.query<{ store_id: string }>("SELECT store_id FROM service_point WHERE id = '50312'");
    const card = await pki.person('SE2321000016-2001', 'Karin Arbetsterapeut');
    const answer = await post(`${server.url}/auth/siths`, { clientId: ws.clientId }, { client: card });
    expect(answer.status).toBe(rows[0]!.store_id === OWN ? 200 : 403);
  });

  it('admin commands: a temporary password that must be changed, and deactivation of users unused for 6 months', async () => {
    const set = await runCentralCommand(server.db, ['set-password', 'U2']);
    expect(set.ok).toBe(true);
    const password = set.ok ? /lösenord för U2: (\S+)/.exec(set.value)?.[1] : undefined;
    expect(password).toMatch(/^[A-Za-z]{6}\d{4}$/);
    const { rows } = await server.db.query<{ must_change: boolean; password_hash: string }>('SELECT must_change, password_hash FROM user_credential WHERE user_id = $1', ['U2']);
    expect(rows[0]).toMatchObject({ must_change: true });
    expect(rows[0]!.password_hash).not.toContain(password!);
    expect(await runCentralCommand(server.db, ['set-password', 'U999'])).toMatchObject({ ok: false, error: { code: 'unknown-user' } });

    await server.db.query("UPDATE user_credential SET last_login_at = now() - interval '7 months' WHERE user_id = 'U4'");
    const deactivated = await runCentralCommand(server.db, ['deactivate-inactive']);
    expect(deactivated).toMatchObject({ ok: true, value: expect.stringContaining('U4') });
    expect((await server.db.query<{ active: boolean }>("SELECT active FROM app_user WHERE id = 'U4'")).rows[0]!.active).toBe(false);
    expect(await runCentralCommand(server.db, ['deactivate-inactive'])).toMatchObject({ ok: true, value: expect.stringContaining('Ingen') });
    await server.db.query("UPDATE app_user SET active = true WHERE id = 'U4'");
  });
});
