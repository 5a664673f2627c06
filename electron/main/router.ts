import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../../shared/api/transport';
import { parseCall } from '../../shared/api/validate';
import { err, type Result } from '../../shared/result';
import type { Backend } from '../backend/backend';
import { invokeValidated, type DispatchLog } from '../backend/api/dispatch';
import { messages } from './messages';
import { isAppUrl, RENDERER_URL } from './protocol';

/**
 * The one IPC entry point of the app. Every call from the renderer passes three checks before the
 * backend sees it, in this order:
 *   1. the sender: the top frame of our own window showing our own index.html (GHSA-mq8j-3h7h-p8g7:
 *      a subframe or a page the window was tricked into loading must not reach the backend);
 *   2. the handler name: it must be in the contract;
 *   3. the input: it must match the handler's zod schema.
 * A refusal is a `Result` error with a Swedish message, never a thrown exception.
 */

export interface TrustedSender {
  /** The web contents of the main window, or null while there is none. */
  webContents: () => WebContents | null;
  /** URL of the renderer's index.html: `RENDERER_URL` (app://buffert/index.html). */
  rendererUrl: string;
}

export type SenderCheck = { ok: true } | { ok: false; reason: string };

/** The URL without its fragment: the renderer may route with `#/…`, nothing else may differ. */
function withoutHash(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * Whether a frame URL is the renderer's index.html (any `#/route` allowed, nothing else), on our
 * own privileged origin `app://buffert` and nowhere else: never `file:`, `data:` or http.
 */
export function isRendererUrl(url: string, expectedRendererUrl: string): boolean {
  const expected = withoutHash(expectedRendererUrl);
  const actual = withoutHash(url);
  if (expected === null || actual === null || actual !== expected) return false;
  return isAppUrl(actual);
}

/**
 * Whether an invoke comes from the app's own page. `senderFrame` is read once, synchronously: it
 * turns null when the frame navigates or is destroyed, and must then be refused.
 */
export function checkSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trusted: TrustedSender): SenderCheck {
  const frame: WebFrameMain | null = event.senderFrame;
  if (frame === null || frame === undefined) return { ok: false, reason: 'no sender frame (navigated or destroyed)' };
  if (frame.isDestroyed()) return { ok: false, reason: 'sender frame destroyed' };
  if (frame.detached) return { ok: false, reason: 'sender frame detached' };
  if (frame.parent !== null) return { ok: false, reason: 'sender is a subframe' };
  const window = trusted.webContents();
  if (window === null || window.isDestroyed() || event.sender !== window) {
    return { ok: false, reason: 'sender is not the main window' };
  }
  if (!isRendererUrl(frame.url, trusted.rendererUrl)) {
    return { ok: false, reason: `unexpected sender URL ${frame.url.slice(0, 200)}` };
  }
  return { ok: true };
}

export interface RouterOptions {
  backend: Backend;
  trusted: TrustedSender;
  log?: DispatchLog & { warn(message: string): void };
}

export function forbiddenSender(): Result<never> {
  return err('forbidden-sender', messages.forbiddenSender);
}

/** One invoke, start to end: sender, name and input checked before the backend is called. */
export function handleInvoke(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, name: unknown, args: unknown, options: RouterOptions): Result<unknown> | Promise<Result<unknown>> {
  const log = options.log ?? console;
  const sender = checkSender(event, options.trusted);
  if (!sender.ok) {
    log.warn(`Buffert: IPC call refused: ${sender.reason}`);
    return forbiddenSender();
  }
  const call = parseCall(name, args);
  if (!call.ok) return call;
  return invokeValidated(options.backend, call.value.name, call.value.input, log);
}

/**
 * Registers the router on `ipcMain`; returns a function that removes it (shutdown, tests).
 * Extra arguments after `name, args` are ignored: the preload never sends any.
 */
export function registerRouter(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: RouterOptions): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, name: unknown, args: unknown) => handleInvoke(event, name, args, options));
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

/**
 * The URL the main window loads and the router expects calls from: `app://buffert/index.html`,
 * served by the `app` protocol handler from the renderer's dist folder (protocol.ts). One string
 * for both sides.
 */
export function rendererUrl(): string {
  return RENDERER_URL;
}
