import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { makeTempDir, tempBackend, type TempBackend } from '../helpers/backend';

let t: TempBackend;
let host: WebHost;
let staticDir: string;

beforeAll(async () => {
  t = tempBackend();
  staticDir = makeTempDir('buffert-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Buffert</title>');
  host = await startWebHost({ backend: t.backend, port: 0, staticDir });
});
afterAll(async () => {
  await host.close();
  t.cleanup();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const post = (name: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${host.url}/api/${name}`, { method: 'POST', headers, body });
/** The Swedish message of a refused call (Node's fetch types a JSON body as unknown). */
const errorMessage = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

describe('web host', () => {
  it('listens on loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const address = host.app.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('serves the contract over POST /api/:name with Result bodies', async () => {
    const status = await post('app.status', '{}');
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ ok: true, value: { store: { id: '50301' } } });
    const refused = await post('stock.balances', '{}');
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  });

  it('refuses other origins and foreign Host headers (CSRF, DNS rebinding)', async () => {
    const foreign = await post('app.status', '{}', { 'content-type': 'application/json', origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden-origin' } });
    const own = await post('app.status', '{}', { 'content-type': 'application/json', origin: host.url });
    expect(own.status).toBe(200);
  });

  it('refuses non-JSON, broken JSON and oversized bodies with Swedish messages', async () => {
    const plain = await post('app.status', '{}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const broken = await post('app.status', '{"a":');
    expect(broken.status).toBe(400);
    expect(await errorMessage(broken)).toMatch(/Felaktigt anrop/);
    const huge = await post('individual.search', JSON.stringify({ query: 'x'.repeat(400_000) }));
    expect(huge.status).toBe(413);
    expect(await errorMessage(huge)).toMatch(/för stort/);
  });

  it('serves the renderer with a strict CSP and falls back to index.html for app routes', async () => {
    const page = await fetch(`${host.url}/individer/123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Buffert</title>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('pushes backend events over the /events WebSocket', async () => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/events`, { headers: { origin: host.url } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    t.backend.events.emit('data.changed', { tables: ['individual'] });
    expect(await received).toEqual({ event: 'data.changed', payload: { tables: ['individual'] } });
    ws.close();
  });

  it('answers every call with the startup error when the replica could not be opened', async () => {
    const broken = await startWebHost({
      backend: null,
      startupError: { code: 'startup-failed', message: 'Databasfilen är skadad. Fil: /x/buffert.sqlite.' },
      port: 0,
    });
    try {
      const r = await fetch(`${broken.url}/api/app.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'startup-failed', message: expect.stringContaining('/x/buffert.sqlite') } });
    } finally {
      await broken.close();
    }
  });
});
