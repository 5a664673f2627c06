import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, appRequestTarget, isAppUrl, mimeTypeOf, RENDERER_URL } from './protocol';

let root: string;
let dist: string;
const log = { warn: vi.fn() };
let serve: ReturnType<typeof appProtocolHandler>;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-protocol-'));
  dist = path.join(root, 'dist', 'renderer');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Buffert</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'export const x = 1;');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(dist, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  fs.writeFileSync(path.join(dist, 'assets', 'beep.wav'), 'RIFF');
  fs.writeFileSync(path.join(dist, 'assets', 'mit namn.svg'), '<svg/>');
  // Beside the renderer: what a traversal would be after.
  fs.writeFileSync(path.join(root, 'dist', 'secret.txt'), 'personnummer');
  fs.writeFileSync(path.join(root, 'buffert.sqlite'), 'replica');
  fs.symlinkSync(path.join(root, 'buffert.sqlite'), path.join(dist, 'assets', 'link.js'));
  serve = appProtocolHandler(dist, log);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve({ url, method });

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme with fetch, and no more privileges than that', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    expect(RENDERER_URL).toBe('app://buffert/index.html');
  });

  it('serves index.html with our CSP, and / as index.html', async () => {
    for (const url of [RENDERER_URL, 'app://buffert/', 'app://buffert']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe('<!doctype html><title>Buffert</title>');
    }
  });

  it('serves the assets with the right MIME types (module scripts need text/javascript)', async () => {
    const types: Record<string, string> = {
      'assets/index-abc.js': 'text/javascript; charset=utf-8',
      'assets/index-abc.css': 'text/css; charset=utf-8',
      'assets/font.woff2': 'font/woff2',
      'assets/beep.wav': 'audio/wav',
      'assets/mit%20namn.svg': 'image/svg+xml',
    };
    for (const [file, type] of Object.entries(types)) {
      const response = await get(`app://buffert/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe(type);
      expect(response.headers.get('content-security-policy'), file).toBeNull();
    }
    expect(await (await get('app://buffert/assets/index-abc.js?v=1#x')).text()).toBe('export const x = 1;');
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
    expect(mimeTypeOf('X.JS')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses every way out of the renderer folder', async () => {
    for (const url of [
      'app://buffert/../secret.txt',
      'app://buffert/%2e%2e/secret.txt',
      'app://buffert/assets/..%2f..%2fsecret.txt',
      'app://buffert/..%5c..%5csecret.txt',
      'app://buffert/assets/%2e%2e%2f%2e%2e%2f..%2fbuffert.sqlite',
      'app://buffert/%00index.html',
      `app://buffert/${encodeURIComponent(path.join(root, 'buffert.sqlite'))}`,
      `app://buffert/${root}/buffert.sqlite`,
      // A symlink inside the folder pointing out of it.
      'app://buffert/assets/link.js',
    ]) {
      const response = await get(url);
      expect([400, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toMatch(/personnummer|replica/);
    }
  });

  it('serves only its own host, only files, only GET and HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://buffert.evil/index.html')).status).toBe(404);
    expect((await get('file:///etc/passwd')).status).toBe(404);
    expect((await get('app://buffert/assets')).status).toBe(404);
    expect((await get('app://buffert/missing.js')).status).toBe(404);
    expect((await get(RENDERER_URL, 'POST')).status).toBe(405);
    const head = await get(RENDERER_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(log.warn).toHaveBeenCalled();
  });

  it('knows its own origin by scheme and host only (Node gives app: URLs the origin "null")', () => {
    for (const own of ['app://buffert', 'app://buffert/', RENDERER_URL, 'app://buffert/index.html#/individer/1']) expect(isAppUrl(own), own).toBe(true);
    // Chromium canonicalises a standard scheme's host to lower case before we see it; anything else is not ours.
    for (const other of ['APP://BUFFERT/x', 'app://buffert:1/', 'app://u@buffert/', 'app://buffert.evil/', 'app://other/', 'file:///buffert/index.html', 'http://buffert/', 'null', '', null, undefined]) {
      expect(isAppUrl(other), String(other)).toBe(false);
    }
  });

  it('names the target file without touching the disk', () => {
    expect(appRequestTarget('app://buffert/assets/a.js')).toEqual({ ok: true, relative: 'assets/a.js' });
    expect(appRequestTarget('app://buffert/a/../b.js')).toEqual({ ok: true, relative: 'b.js' });
    expect(appRequestTarget('not a url')).toMatchObject({ ok: false, status: 400 });
    expect(appRequestTarget('app://buffert/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });
});
