import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newWebSecret, secretCookieName, WEB_SECRET_HEADER } from '../../electron/web-host/auth';
import { startWebHost, UNAUTHORIZED_MESSAGE, type WebHost } from '../../electron/web-host/server';
import { makeTempDir, tempBackend, type TempBackend } from '../helpers/backend';

let t: TempBackend;
let host: WebHost;
let staticDir: string;
const secret = newWebSecret();
const launchToken = newWebSecret();

beforeAll(async () => {
  t = tempBackend();
  staticDir = makeTempDir('buffert-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Buffert</title>');
  host = await startWebHost({ backend: t.backend, port: 0, staticDir, secret, launchToken });
});
afterAll(async () => {
  await host.close();
  t.cleanup();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const JSON_WITH_SECRET = { 'content-type': 'application/json', [WEB_SECRET_HEADER]: secret };
const post = (name: string, body: string, headers: Record<string, string> = JSON_WITH_SECRET) =>
  fetch(`${host.url}/api/${name}`, { method: 'POST', headers, body });
/** Opens /events; resolves with the socket once open, rejects with the HTTP status of a refused upgrade. */
function openEvents(headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/events`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      ws.terminate();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    ws.once('error', reject);
  });
}
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
    // The secret does not lift these checks: with the right secret, a foreign origin or Host is still refused.
    const foreign = await post('app.status', '{}', { ...JSON_WITH_SECRET, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden-origin' } });
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${host.url}/api/app.status`, { method: 'POST', headers: { ...JSON_WITH_SECRET, host: `evil.example:${host.port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(rebound).toBe(403);
    await expect(openEvents({ origin: 'http://evil.example', [WEB_SECRET_HEADER]: secret })).rejects.toThrow('HTTP 403');
    const own = await post('app.status', '{}', { ...JSON_WITH_SECRET, origin: host.url });
    expect(own.status).toBe(200);
  });

  it('refuses non-JSON, broken JSON and oversized bodies with Swedish messages', async () => {
    const plain = await post('app.status', '{}', { 'content-type': 'text/plain', [WEB_SECRET_HEADER]: secret });
    expect(plain.status).toBe(415);
    const broken = await post('app.status', '{"a":');
    expect(broken.status).toBe(400);
    expect(await errorMessage(broken)).toMatch(/Felaktigt anrop/);
    const huge = await post('individual.search', JSON.stringify({ query: 'x'.repeat(400_000) }));
    expect(huge.status).toBe(413);
    expect(await errorMessage(huge)).toMatch(/för stort/);
  });

  it('serves the renderer with a strict CSP and falls back to index.html for app routes', async () => {
    const page = await fetch(`${host.url}/individer/123`, { headers: { [WEB_SECRET_HEADER]: secret } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Buffert</title>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('pushes backend events over the /events WebSocket', async () => {
    const ws = await openEvents({ origin: host.url, cookie: `${secretCookieName(host.port)}=${secret}` });
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
      secret,
    });
    try {
      const r = await fetch(`${broken.url}/api/app.status`, { method: 'POST', headers: JSON_WITH_SECRET, body: '{}' });
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'startup-failed', message: expect.stringContaining('/x/buffert.sqlite') } });
    } finally {
      await broken.close();
    }
  });
});

describe('web host authentication (decision 0017)', () => {
  const cookieOf = (response: Response) => response.headers.get('set-cookie');
  const withCookie = (value: string) => ({ 'content-type': 'application/json', cookie: `${secretCookieName(host.port)}=${value}` });

  it('refuses /api without the secret or with a wrong one: 401, a Swedish message, nothing changed', async () => {
    const changed: unknown[] = [];
    const stop = t.backend.events.on('data.changed', (payload) => changed.push(payload));
    try {
      const refusedHeaders: Record<string, string>[] = [
        { 'content-type': 'application/json' },
        { 'content-type': 'application/json', [WEB_SECRET_HEADER]: newWebSecret() },
        { 'content-type': 'application/json', [WEB_SECRET_HEADER]: secret.slice(0, -1) },
        { 'content-type': 'application/json', [WEB_SECRET_HEADER]: '' },
        withCookie(newWebSecret()),
        // The cookie of another host (another port) is not this host's.
        { 'content-type': 'application/json', cookie: `${secretCookieName(host.port + 1)}=${secret}` },
      ];
      for (const headers of refusedHeaders) {
        // A write would answer 'not-logged-in' if it reached the backend; it must not get that far.
        for (const name of ['app.status', 'session.login', 'individual.register']) {
          const response = await post(name, JSON.stringify({ userId: 'U1' }), headers);
          expect(response.status, JSON.stringify(headers)).toBe(401);
          expect(await response.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: UNAUTHORIZED_MESSAGE } });
        }
      }
      // Also every other path under /api, whatever the method.
      expect((await fetch(`${host.url}/api`, { method: 'GET' })).status).toBe(401);
      expect((await fetch(`${host.url}/api/app.status?x=1`, { method: 'GET' })).status).toBe(401);
      expect(changed).toEqual([]);
      // The refused login did not log anyone in.
      const status = await post('stock.balances', '{}');
      expect(await status.json()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    } finally {
      stop();
    }
  });

  it('refuses the /events socket without the secret or with a wrong one', async () => {
    await expect(openEvents({ origin: host.url })).rejects.toThrow('HTTP 401');
    await expect(openEvents({ origin: host.url, cookie: `${secretCookieName(host.port)}=${newWebSecret()}` })).rejects.toThrow('HTTP 401');
    await expect(openEvents({ [WEB_SECRET_HEADER]: 'wrong' })).rejects.toThrow('HTTP 401');
    const ws = await openEvents({ [WEB_SECRET_HEADER]: secret });
    ws.close();
  });

  it('answers calls that carry the right cookie', async () => {
    const response = await post('app.status', '{}', { ...withCookie(secret), origin: host.url });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });

  it('gives a caller without the secret neither the page nor the cookie', async () => {
    for (const url of ['/', '/index.html', '/individer/123']) {
      const page = await fetch(`${host.url}${url}`);
      expect(page.status, url).toBe(401);
      expect(cookieOf(page), url).toBeNull();
      const text = await page.text();
      expect(text).toContain('Buffert kan inte öppnas här');
      expect(text).toContain('npm start');
    }
  });

  it('the one-time launch link sets the cookie (HttpOnly, SameSite=Strict, Path=/) and works only once', async () => {
    const opened = await fetch(host.launchUrl!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = cookieOf(opened)!;
    const [pair, ...attributes] = cookie.split(';').map((part) => part.trim());
    expect(pair).toBe(`${secretCookieName(host.port)}=${secret}`);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    // Used: the same link again (someone who read it from a process list) gets nothing.
    const again = await fetch(host.launchUrl!, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(cookieOf(again)).toBeNull();
    // The page itself, with the cookie, sets it again with the same attributes.
    const page = await fetch(`${host.url}/`, { headers: { cookie: pair! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Buffert</title>');
    expect(cookieOf(page)).toBe(cookie);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('a wrong launch token gets nothing, and never redirects off the host', async () => {
    const other = await startWebHost({ backend: t.backend, port: 0, staticDir, secret: newWebSecret(), launchToken: 'a'.repeat(43) });
    try {
      const wrong = await fetch(`${other.url}/?launch=${'b'.repeat(43)}`, { redirect: 'manual' });
      expect(wrong.status).toBe(401);
      expect(cookieOf(wrong)).toBeNull();
      // A wrong token does not use the link up.
      const right = await fetch(`${other.url}//evil.example/?launch=${'a'.repeat(43)}`, { redirect: 'manual' });
      expect(right.status).toBe(303);
      expect(right.headers.get('location')).toBe('/');
    } finally {
      await other.close();
    }
  });

  it('serves the assets without the secret (they hold no data) and /health for readiness', async () => {
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'export {};');
    const asset = await fetch(`${host.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${host.url}/health`)).status).toBe(200);
  });

  it('will not start without a real secret', async () => {
    await expect(startWebHost({ backend: t.backend, port: 0, secret: 'short' })).rejects.toThrow(/secret/);
  });
});
