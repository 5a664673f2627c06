import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL } from '../../shared/api/transport';
import type { Result } from '../../shared/result';
import { openBackend, type Backend } from '../backend/backend';
import { FakeFrame, FakeIpcMain, FakeWebContents } from '../../tests/helpers/fake-electron';
import { checkSender, handleInvoke, isRendererUrl, registerRouter, rendererUrl, type RouterOptions } from './router';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';

const URL_OF_INDEX = rendererUrl();

let dataDir: string;
let backend: Backend;
let window: FakeWebContents;
const log = { error: vi.fn(), warn: vi.fn() };

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-router-'));
  backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir, now: () => new Date('2026-11-22T10:00:00Z') });
});
afterAll(() => {
  backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  backend.context.session.user = null;
});

function options(): RouterOptions {
  return { backend, trusted: { webContents: () => window as unknown as WebContents, rendererUrl: URL_OF_INDEX }, log };
}

/** An invoke event as Electron builds it: the sending web contents and frame. */
function eventFrom(frame: FakeFrame | null, sender: FakeWebContents = window): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

function ownPage(): FakeFrame {
  window = new FakeWebContents();
  window.mainFrame.url = `${URL_OF_INDEX}#/lager`;
  return window.mainFrame;
}

function call(frame: FakeFrame | null, name: unknown, args?: unknown): Result<unknown> {
  // Every handler these tests call answers synchronously.
  return handleInvoke(eventFrom(frame), name, args, options()) as Result<unknown>;
}

function expectRefused(result: Result<unknown>, code: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  return result.error.message;
}

describe('the IPC router', () => {
  it('passes a valid call from our own page to the backend and returns its Result', () => {
    const frame = ownPage();
    const spy = vi.spyOn(backend, 'invoke');
    const result = call(frame, 'app.status', {});
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith('app.status', {}, null);
    expect(result).toEqual(spy.mock.results[0]!.value);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ dataDir });
  });

  it('gives the backend the validated input with defaults applied', () => {
    const frame = ownPage();
    const screen = call(frame, 'session.screen');
    if (!screen.ok) throw new Error(screen.error.message);
    const [first] = (screen.value as { users: Array<{ id: string }> }).users;
    expect(call(frame, 'session.login', { userId: first!.id, secret: DEMO_PASSWORD }).ok).toBe(true);
    const spy = vi.spyOn(backend, 'invoke');
    const result = call(frame, 'stock.balances', { text: 'rollator' });
    expect(result.ok).toBe(true);
    expect(spy).toHaveBeenCalledWith('stock.balances', { articleType: 'all', balance: 'withBalance', text: 'rollator', offset: 0, limit: 100 }, expect.objectContaining({ id: first!.id }));
  });

  it('still applies the login check of the backend', () => {
    const message = expectRefused(call(ownPage(), 'stock.balances', {}), 'not-logged-in');
    expect(message).toMatch(/inte inloggad/);
  });

  it('refuses an unknown handler name with a Swedish message, without calling the backend', () => {
    const spy = vi.spyOn(backend, 'invoke');
    const message = expectRefused(call(ownPage(), 'admin.dropEverything', {}), 'unknown-handler');
    expect(message).toMatch(/Okänd funktion/);
    expect(expectRefused(call(ownPage(), 42, {}), 'unknown-handler')).toMatch(/Okänd funktion/);
    expect(expectRefused(call(ownPage(), '__proto__', {}), 'unknown-handler')).toMatch(/Okänd funktion/);
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses invalid input with a Swedish message naming the field, without calling the backend', () => {
    const frame = ownPage();
    const spy = vi.spyOn(backend, 'invoke');
    const wrongType = expectRefused(call(frame, 'individual.get', { id: 17 }), 'invalid-input');
    expect(wrongType).toMatch(/^Ogiltiga uppgifter – id: /);
    expectRefused(call(frame, 'individual.search', { query: 'x'.repeat(10_000) }), 'invalid-input');
    expectRefused(call(frame, 'app.status', { extra: true }), 'invalid-input');
    expectRefused(call(frame, 'stock.balances', 'SELECT * FROM article'), 'invalid-input');
    expect(spy).not.toHaveBeenCalled();
  });

  describe('sender check', () => {
    it('refuses a call from a subframe of our own page', () => {
      const top = ownPage();
      const spy = vi.spyOn(backend, 'invoke');
      const subframe = new FakeFrame(URL_OF_INDEX, top);
      const message = expectRefused(call(subframe, 'app.status', {}), 'forbidden-sender');
      expect(message).toBe('Anropet kom inte från Bufferts eget fönster och nekades.');
      expect(spy).not.toHaveBeenCalled();
    });

    it('refuses a call from a foreign URL in the main frame', () => {
      const frame = ownPage();
      const spy = vi.spyOn(backend, 'invoke');
      for (const url of [
        'https://evil.example/index.html',
        'file:///tmp/evil/index.html',
        // The same path on file: (what the app loaded before decision 0017) is not our page any more.
        `file://${path.join(os.tmpdir(), 'buffert', 'dist', 'renderer', 'index.html')}`,
        'app://evil/index.html',
        'app://buffert.evil.example/index.html',
        'app://buffert:8080/index.html',
        'http://buffert/index.html',
        `${URL_OF_INDEX}?x=1`,
        'data:text/html,<script>buffert.invoke()</script>',
        'about:blank',
      ]) {
        frame.url = url;
        expectRefused(call(frame, 'app.status', {}), 'forbidden-sender');
      }
      expect(spy).not.toHaveBeenCalled();
    });

    it('refuses a call from a destroyed, detached or missing frame', () => {
      const destroyed = ownPage();
      destroyed.destroyed = true;
      expectRefused(call(destroyed, 'app.status', {}), 'forbidden-sender');
      const detached = ownPage();
      detached.detached = true;
      expectRefused(call(detached, 'app.status', {}), 'forbidden-sender');
      ownPage();
      expectRefused(call(null, 'app.status', {}), 'forbidden-sender');
    });

    it('refuses a call from another web contents, even showing our URL', () => {
      const frame = ownPage();
      const other = new FakeWebContents();
      const result = handleInvoke(eventFrom(frame, other), 'app.status', {}, options()) as Result<unknown>;
      expectRefused(result, 'forbidden-sender');
    });

    it('refuses every call while there is no main window, or it is destroyed', () => {
      const frame = ownPage();
      const none: RouterOptions = { ...options(), trusted: { webContents: () => null, rendererUrl: URL_OF_INDEX } };
      expectRefused(handleInvoke(eventFrom(frame), 'app.status', {}, none) as Result<unknown>, 'forbidden-sender');
      window.destroyed = true;
      expectRefused(call(frame, 'app.status', {}), 'forbidden-sender');
    });

    it('checks the sender before the name, so a stranger learns nothing about handlers', () => {
      const frame = ownPage();
      frame.url = 'https://evil.example/';
      expectRefused(call(frame, 'admin.dropEverything', {}), 'forbidden-sender');
    });

    it('accepts our page with any in-app route, and nothing else', () => {
      expect(checkSender(eventFrom(ownPage()), options().trusted)).toEqual({ ok: true });
      expect(isRendererUrl(`${URL_OF_INDEX}#/individer/123`, URL_OF_INDEX)).toBe(true);
      expect(isRendererUrl(URL_OF_INDEX.replace('index.html', 'other.html'), URL_OF_INDEX)).toBe(false);
      expect(isRendererUrl('not a url', URL_OF_INDEX)).toBe(false);
    });
  });

  it('the renderer URL is on the privileged app://buffert origin, and only that origin counts', () => {
    expect(URL_OF_INDEX).toBe('app://buffert/index.html');
    // Even a caller that configured a file: URL as "ours" gets no file: page through.
    expect(isRendererUrl('file:///x/index.html', 'file:///x/index.html')).toBe(false);
  });

  it('registers exactly one handler on the invoke channel and removes it again', async () => {
    const ipcMain = new FakeIpcMain();
    const stop = registerRouter(ipcMain as unknown as IpcMain, options());
    expect([...ipcMain.handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    const handler = ipcMain.handlers.get(IPC_INVOKE_CHANNEL)!;
    const result = (await handler(eventFrom(ownPage()), 'app.status', {})) as Result<unknown>;
    expect(result.ok).toBe(true);
    stop();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('turns a bug in a handler into an internal error, not a crash', () => {
    const frame = ownPage();
    vi.spyOn(backend, 'invoke').mockImplementation(() => {
      throw new Error('boom');
    });
    const message = expectRefused(call(frame, 'app.status', {}), 'internal');
    expect(message).toMatch(/oväntat fel/);
    expect(log.error).toHaveBeenCalled();
  });
});
