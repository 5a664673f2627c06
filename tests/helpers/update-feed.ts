import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';

/**
 * A region's update server on loopback, and electron-updater's own updater pointed at it without
 * Electron (electron/main/updater.test.ts, updates.test.ts). Only Electron is replaced: the `app`
 * (electron-updater's AppAdapter, the seam it offers for this) and the transport under its download
 * code (Electron's `net` → Node's `http`, in a subclass of its ElectronHttpExecutor that changes
 * nothing else). Its check, staging, download, sha512 verification and cache are the library's.
 */

export const INSTALLER = 'Buffert-Setup-0.2.0.exe';
export const installerBytes = Buffer.from(`MZ Buffert 0.2.0 ${'x'.repeat(200_000)}`);
export const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

/** latest.yml as electron-builder writes it for a per-machine NSIS installer. */
export function latestYml(options: { version?: string; sha?: string; stagingPercentage?: number } = {}): string {
  const sha = options.sha ?? sha512(installerBytes);
  return [
    `version: ${options.version ?? '0.2.0'}`,
    'files:',
    `  - url: ${INSTALLER}`,
    `    sha512: ${sha}`,
    `    size: ${installerBytes.length}`,
    '    isAdminRightsRequired: true',
    `path: ${INSTALLER}`,
    `sha512: ${sha}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    ...(options.stagingPercentage === undefined ? [] : [`stagingPercentage: ${options.stagingPercentage}`]),
    '',
  ].join('\n');
}

/** The feed file electron-updater asks for on this platform (latest.yml on Windows). */
export function channelFile(channel = 'latest'): string {
  if (process.platform === 'linux') return `${channel}-linux${process.arch === 'x64' ? '' : `-${process.arch}`}.yml`;
  return process.platform === 'darwin' ? `${channel}-mac.yml` : `${channel}.yml`;
}

export interface UpdateFeed {
  /** The folder URL (BUFFERT_UPDATE_URL). */
  url: string;
  /** latest.yml as the server has it now (served under any channel's name). */
  yml: string;
  /** The installer as the server has it now. */
  file: Buffer;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A plain HTTP server on 127.0.0.1 serving /feed/<channel>.yml and /feed/<installer>. */
export async function startUpdateFeed(): Promise<UpdateFeed> {
  const feed: Omit<UpdateFeed, 'url' | 'close'> = { yml: latestYml(), file: installerBytes, requests: [] };
  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    feed.requests.push(urlPath);
    const name = decodeURIComponent(urlPath.replace(/^\/feed\//, ''));
    if (/^[a-z0-9-]+\.yml$/.test(name)) res.writeHead(200, { 'content-type': 'text/yaml' }).end(feed.yml);
    else if (name === INSTALLER) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(feed.file.length) }).end(feed.file);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(feed, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** electron-updater's HTTP code over Node's http instead of Electron's net (the only change). */
export class NodeTransport extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ReturnType<ElectronHttpExecutor['createRequest']> {
    // Node's ClientRequest has what electron-updater uses of Electron's (on, end, abort, headers).
    return http.request(options, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

/** A packaged Buffert 0.1.0 as electron-updater sees it, in a temp folder, and its quit handlers. */
export interface TestInstall {
  dir: string;
  app: AppAdapter;
  quitHandlers: Array<(exitCode: number) => void>;
  /** electron-updater's cache folder for downloads (updaterCacheDirName from app-update.yml). */
  pending: string;
  /** electron-updater's own staging id file (in the user data directory). */
  stagingIdFile: string;
  makeUpdater(over?: Partial<AppAdapter>): NsisUpdater;
  remove(): void;
}

export function testInstall(): TestInstall {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-updater-'));
  for (const sub of ['resources', 'userData', 'cache']) fs.mkdirSync(path.join(dir, sub));
  // What electron-builder packs as resources/app-update.yml from electron-builder.yml's publish block.
  fs.writeFileSync(path.join(dir, 'resources', 'app-update.yml'), 'provider: generic\nurl: https://uppdateringar.invalid/buffert/\nchannel: latest\nupdaterCacheDirName: buffert-updater\n');
  const quitHandlers: TestInstall['quitHandlers'] = [];
  const app: AppAdapter = {
    version: '0.1.0',
    name: 'Buffert',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'resources', 'app-update.yml'),
    userDataPath: path.join(dir, 'userData'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: (handler) => void quitHandlers.push(handler),
  };
  return {
    dir,
    app,
    quitHandlers,
    pending: path.join(dir, 'cache', 'buffert-updater', 'pending'),
    stagingIdFile: path.join(dir, 'userData', '.updaterId'),
    makeUpdater(over = {}) {
      const updater = new NsisUpdater(null, { ...app, ...over });
      // The transport electron-updater would create itself inside Electron (ElectronHttpExecutor).
      (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeTransport();
      return updater;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
