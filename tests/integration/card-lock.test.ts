import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../electron/backend/api/dispatch';
import { openBackend, type Backend } from '../../electron/backend/backend';
import { watchPcscReaders } from '../../electron/backend/session/card-readers';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { startServer, type RunningServer } from '../../server/app';
import { makeTempDir, TEST_REPLICA_KEY } from '../helpers/backend';
import { NO_RATE_LIMITS } from '../helpers/databases';
import { startVirtualReader, type VirtualReader } from '../helpers/pcsc';
import { createSithsPki, type SithsPki } from '../helpers/siths-pki';
import { until } from '../helpers/sync-harness';

/**
 * Issue 10, item 6: the workstation locks when the SITHS card is taken out. A real PC/SC stack
 * (pcscd with a virtual reader, tests/helpers/pcsc.ts) and the backend's reader watcher
 * (@pokusew/pcsclite); the login is a real SITHS login over mutual TLS against central.
 */

const ORDERER = 'U4';
const TECHNICIAN = 'U2';
const PIN = '407182';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the card lock', () => {
  let pki: SithsPki;
  let server: RunningServer;
  let dir: string;
  let reader: VirtualReader;
  let backend: Backend;
  const locks: string[] = [];

  const grant = async (): Promise<string> => {
    const card = await pki.person('SE2321000016-3001', 'Olle Beställare');
    const screen = dispatch(backend, 'session.screen', {}) as { ok: true; value: { clientId: string } };
    const target = new URL(`${server.url}/auth/siths`);
    return new Promise((resolve, reject) => {
      const request = https.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', ca: pki.root.certPem, cert: card.certPem, key: card.keyPem, agent: false, headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString('utf8')));
          response.on('end', () => resolve(String((JSON.parse(text) as { grant: string }).grant)));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ clientId: screen.value.clientId }));
    });
  };
  const status = () => (dispatch(backend, 'app.status', {}) as { ok: true; value: { locked: boolean; cardLock: { watching: boolean; reason: string | null } | null } }).value;
  // The virtual reader's first slot is where the card goes (vpcd lists a second, always empty).
  const cardSeen = (present: boolean) =>
    until(() => (backend.context.cardReaders!.slots().find((s) => s.reader === reader.reader)?.atr != null) === present, present ? 'the card to be seen' : 'the card to be gone', 10_000);

  beforeAll(async () => {
    dir = makeTempDir('buffert-card-lock-');
    reader = await startVirtualReader(dir);
    pki = await createSithsPki();
    const files = pki.write(path.join(dir, 'pki'));
    server = await startServer({ db: 'pglite', demo: { articles: 40, individuals: 20, recipients: 5 }, tls: { cert: pki.server.certPem, key: pki.server.keyPem }, siths: { caFile: files.caFile, crlFiles: [files.crlFile] }, rateLimits: NO_RATE_LIMITS });
    backend = openBackend({
      replicaKey: TEST_REPLICA_KEY,
      dataDir: path.join(dir, 'ws'),
      centralUrl: server.url,
      storeId: '50301',
      sync: { autoStart: false, centralCa: pki.root.certPem, log: { error: () => undefined }, backoff: { baseMs: 10, maxMs: 50 } },
      login: { method: 'siths', sithsAvailable: true, offlineValidDays: 7 },
      cardReaders: watchPcscReaders({ retryMs: 200 }),
    });
    backend.events.on('session.locked', ({ reason }) => locks.push(reason));
    expect((await backend.context.sync!.syncNow()).ok).toBe(true);
    await until(() => backend.context.cardReaders!.slots().some((s) => s.reader === reader.reader), 'the virtual reader to be listed', 10_000);
  }, 120_000);

  afterAll(async () => {
    backend?.close();
    await server?.close();
    await reader?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('taking the card out locks a SITHS session; unsynced work stays; the PIN unlocks with the card back', async () => {
    await reader.insertCard();
    await cardSeen(true);
    const login = await dispatchAsync(backend, 'session.loginSiths', { grant: await grant() });
    expect(login).toMatchObject({ ok: true, value: { user: { id: ORDERER } } });
    expect(dispatch(backend, 'session.setOfflinePin', { pin: PIN }).ok).toBe(true);
    expect(status()).toMatchObject({ locked: false, cardLock: { watching: true, reason: null } });
    const pendingBefore = backend.context.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get();

    await reader.removeCard();
    await until(() => backend.context.session.locked, 'the lock');
    expect(locks).toEqual(['card-removed']);
    expect(status().locked).toBe(true);
    // Locked: nothing but unlocking or logging out is let through; the user and the outbox stay.
    expect(dispatch(backend, 'stock.balances', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(backend.context.session.user?.id).toBe(ORDERER);
    expect(backend.context.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual(pendingBefore);
    const entry = backend.context.db.prepare("SELECT details FROM audit_log WHERE action = 'lock' ORDER BY seq DESC LIMIT 1").get() as { details: string };
    expect(JSON.parse(entry.details)).toEqual({ reason: 'card-removed' });

    await reader.insertCard();
    await cardSeen(true);
    expect(dispatch(backend, 'session.unlock', { userId: ORDERER, secret: '000000' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(dispatch(backend, 'session.unlock', { userId: ORDERER, secret: PIN })).toMatchObject({ ok: true });
    expect(status().locked).toBe(false);

    // The card noted again at the unlock: out again, locked again.
    await reader.removeCard();
    await until(() => backend.context.session.locked, 'the second lock');
    expect(locks).toEqual(['card-removed', 'card-removed']);
    dispatch(backend, 'session.logout', {});
  }, 60_000);

  it('a SITHS login with no card in a reader says the card lock does not work; a password login is never card-locked', async () => {
    await cardSeen(false);
    expect((await dispatchAsync(backend, 'session.loginSiths', { grant: await grant() })).ok).toBe(true);
    expect(status().cardLock).toEqual({ watching: false, reason: expect.stringContaining('Inget kort') });
    dispatch(backend, 'session.logout', {});

    await reader.insertCard();
    await cardSeen(true);
    expect((await dispatchAsync(backend, 'session.loginOnline', { userId: TECHNICIAN, secret: DEMO_PASSWORD })).ok).toBe(true);
    expect(status().cardLock).toBeNull();
    await reader.removeCard();
    await cardSeen(false);
    await wait(300);
    expect(backend.context.session.locked).toBe(false);
    dispatch(backend, 'session.logout', {});
  }, 60_000);

  it('without the PC/SC service the status says why; the watcher finds it again when it returns', async () => {
    await reader.stop();
    await until(() => !backend.context.cardReaders!.state().watching, 'the service to be missed');
    expect(backend.context.cardReaders!.state()).toMatchObject({ watching: false, reason: expect.stringContaining('PC/SC') });
    reader = await startVirtualReader(dir);
    await until(() => backend.context.cardReaders!.state().watching && backend.context.cardReaders!.slots().length > 0, 'the service to be back', 15_000);
  }, 60_000);
});
