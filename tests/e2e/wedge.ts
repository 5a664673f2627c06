import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect } from './fixtures';

export const GS = '\u001d';

/** CDP key fields for the characters the scans here use (US positions; the detector reads `key`). */
function keyOf(ch: string): { key: string; code: string; windowsVirtualKeyCode: number; modifiers: number; text?: string } {
  if (/^[0-9]$/.test(ch)) return { key: ch, code: `Digit${ch}`, windowsVirtualKeyCode: ch.charCodeAt(0), modifiers: 0, text: ch };
  if (/^[a-z]$/.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, windowsVirtualKeyCode: ch.toUpperCase().charCodeAt(0), modifiers: 0, text: ch };
  if (/^[A-Z]$/.test(ch)) return { key: ch, code: `Key${ch}`, windowsVirtualKeyCode: ch.charCodeAt(0), modifiers: 8, text: ch };
  const other: Record<string, [string, number, number]> = { '-': ['Minus', 189, 0], '<': ['Comma', 188, 8], '>': ['Period', 190, 8] };
  const o = other[ch];
  if (!o) throw new Error(`no key for ${JSON.stringify(ch)}`);
  return { key: ch, code: o[0], windowsVirtualKeyCode: o[1], modifiers: o[2], text: ch };
}

/**
 * Sends `text` as a keyboard-wedge scanner types it: real (trusted) key events through the
 * DevTools protocol, as page.keyboard sends them, queued at once and stamped 3 ms apart; GS as Ctrl+] (by key
 * position); Enter at the end.
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  // Starts when the page is idle, as a person pulls the trigger on a screen that has loaded.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 1000 })));
  const cdp = await page.context().newCDPSession(page);
  const sent: Promise<unknown>[] = [];
  // The scanner's own clock: 3 ms per key, stamped on each event, so that a busy test machine
  // delays delivery but not the timing the page sees.
  let at = Date.now() / 1000;
  const press = (k: ReturnType<typeof keyOf>) => {
    at += 0.003;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: k.text ? 'keyDown' : 'rawKeyDown', timestamp: at, ...k }));
    const { text: _text, ...up } = k;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: at + 0.001, ...up }));
  };
  for (const ch of text) {
    if (ch === GS) press({ key: ']', code: 'BracketRight', windowsVirtualKeyCode: 221, modifiers: 2 });
    else press(keyOf(ch));
  }
  press({ key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, modifiers: 0, text: '\r' });
  await Promise.all(sent);
  await cdp.detach();
}

export async function api<T>(request: APIRequestContext, name: string, data: object): Promise<T> {
  const answer = await (await request.post(`/api/${name}`, { data })).json();
  expect(answer.ok, JSON.stringify(answer).slice(0, 200)).toBe(true);
  return answer.value as T;
}

/**
 * The wedge thresholds of this test workstation. The keys reach the page through the DevTools
 * protocol one after the other, each waiting for the page; on a loaded two-core build machine one
 * of them is now and then more than the default 50 ms late, which rightly splits the scan. So the
 * largest gap is widened to 150 ms; the average stays far below any person's (40 ms = 1 500
 * keys a minute), so slow typing is still typing. The Skannrar test below saves other values and
 * puts these back; afterAll restores the defaults for the other files on this host.
 */
export const E2E_WEDGE = { maxKeyGapMs: 150, maxAverageGapMs: 40 };

export async function setWedge(request: APIRequestContext, wedge: { maxKeyGapMs: number; maxAverageGapMs: number }): Promise<void> {
  // Online first: on a fresh synced workstation nobody has an offline credential yet (loginOnline falls back to it).
  await request.post('/api/session.loginOnline', { data: { userId: 'U1', secret: DEMO_PASSWORD } });
  const settings = await api<{ wedge: object }>(request, 'scanner.settings', {});
  await api(request, 'scanner.saveSettings', { ...settings, wedge: { ...settings.wedge, ...wedge } });
}


export const DEFAULT_WEDGE = { maxKeyGapMs: 50, maxAverageGapMs: 25 };
