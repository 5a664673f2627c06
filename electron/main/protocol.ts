import fs from 'node:fs';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * The renderer is served from `app://buffert/…`, a privileged custom scheme, not from `file://`
 * (decision 0017; Electron's security checklist, item 18). `file://` pages share one origin with
 * every file on the disk and, unless the `grantFileProtocolExtraPrivileges` fuse is off, get extra
 * rights; `app://buffert` is one origin that holds exactly the renderer's dist folder.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'buffert';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the main window loads, and the only one the IPC router answers. */
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready` (Electron requires it). `standard`: a real origin, relative URLs and
 * `'self'` in the CSP work as on http; `secure`: a secure context; `supportFetchAPI`: module scripts
 * and `fetch` of our own assets. Not `bypassCSP`, not `corsEnabled`, not `allowServiceWorkers`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/**
 * Whether a URL (or an origin string such as a permission request's `requestingOrigin`) is on our
 * origin. Compared by scheme and host, not by `URL.origin`: Node's URL parser does not know that
 * `app:` is a standard scheme in Chromium and gives such URLs the origin "null".
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The file types the built renderer holds (Vite output, fonts, sounds, icons). */
const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRequestTarget = { ok: true; relative: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * Which file of the renderer an `app://` URL names, as a path relative to the dist folder, or why
 * none: another scheme or host, an encoded slash or backslash, a NUL byte, or a path that leaves
 * the folder. Pure: the file system is checked by `appProtocolHandler`.
 */
export function appRequestTarget(url: string): AppRequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (!isAppUrl(url)) return { ok: false, status: 404, reason: `foreign origin ${parsed.protocol}//${parsed.host}` };
  // The URL parser has already resolved `.` and `..` segments; what is left is checked again below.
  if (/%2f|%5c|%00/i.test(parsed.pathname)) return { ok: false, status: 400, reason: 'encoded separator or NUL' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad escape' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'NUL or backslash' };
  const relative = path.posix.normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^\/+/, '');
  if (relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    return { ok: false, status: 404, reason: 'outside the renderer' };
  }
  return { ok: true, relative };
}

/** Whether `file` (already resolved, symlinks followed) lies inside `root`. */
function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export interface AppProtocolLog {
  warn(message: string): void;
}

/**
 * The `protocol.handle('app', …)` handler: serves files under `rootDir` (the renderer's dist
 * folder) and nothing else. Symlinks are followed before the check, so a link inside the folder
 * cannot point out of it. GET and HEAD only. HTML carries our CSP as a header.
 */
export function appProtocolHandler(
  rootDir: string,
  log: AppProtocolLog = console,
  /** The header CSP of HTML files (csp.ts `contentSecurityPolicy`: with the central's origin when there is one). */
  policy: string = CONTENT_SECURITY_POLICY,
): (request: { url: string; method: string }) => Promise<Response> {
  const refuse = (status: number, url: string, reason: string): Response => {
    log.warn(`Buffert: ${url.slice(0, 200)} refused (${reason})`);
    return new Response(null, { status });
  };
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, request.url, `method ${request.method}`);
    const target = appRequestTarget(request.url);
    if (!target.ok) return refuse(target.status, request.url, target.reason);
    let root: string;
    let file: string;
    try {
      root = await fs.promises.realpath(rootDir);
      file = await fs.promises.realpath(path.join(root, target.relative));
    } catch {
      return refuse(404, request.url, 'no such file');
    }
    if (!isInside(root, file)) return refuse(404, request.url, 'outside the renderer');
    let body: Buffer;
    try {
      const stat = await fs.promises.stat(file);
      if (!stat.isFile()) return refuse(404, request.url, 'not a file');
      body = await fs.promises.readFile(file);
    } catch {
      return refuse(404, request.url, 'unreadable');
    }
    const contentType = mimeTypeOf(file);
    const headers: Record<string, string> = { 'content-type': contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    if (contentType.startsWith('text/html')) headers['content-security-policy'] = policy;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
