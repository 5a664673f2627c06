import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNEL } from '../../shared/api/transport';
import { FakeIpcMain, FakeWebContents } from '../helpers/fake-electron';
import { registerRouter, rendererUrl } from '../../electron/main/router';
import { newWebSecret, WEB_SECRET_HEADER } from '../../electron/web-host/auth';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { tempBackend, type TempBackend } from '../helpers/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';

/**
 * The contract has two transports (decision 0001): the Electron IPC router and the web host's
 * HTTP. The same calls through both, against one backend, must give equal results — successes,
 * refusals and boundary errors alike. (Only the `electron` module is replaced, by the fakes.)
 */
let t: TempBackend;
let host: WebHost;
let ipcHandler: (event: unknown, name: unknown, args: unknown) => unknown;
let page: FakeWebContents;
const secret = newWebSecret();

beforeAll(async () => {
  t = tempBackend();
  host = await startWebHost({ backend: t.backend, port: 0, secret });
  page = new FakeWebContents();
  page.mainFrame.url = rendererUrl();
  const ipcMain = new FakeIpcMain();
  registerRouter(ipcMain as unknown as IpcMain, {
    backend: t.backend,
    trusted: { webContents: () => page as unknown as WebContents, rendererUrl: rendererUrl() },
    log: { error: () => {}, warn: () => {} },
  });
  ipcHandler = ipcMain.handlers.get(IPC_INVOKE_CHANNEL)!;
});
afterAll(async () => {
  await host.close();
  t.cleanup();
});

/** What the renderer receives over IPC: Electron serializes results with structured clone. */
async function viaIpc(name: unknown, args: unknown): Promise<unknown> {
  const event = { sender: page, senderFrame: page.mainFrame } as unknown as IpcMainInvokeEvent;
  return structuredClone(await ipcHandler(event, name, args));
}

async function viaHttp(name: string, args: unknown): Promise<unknown> {
  const response = await fetch(`${host.url}/api/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEB_SECRET_HEADER]: secret },
    body: JSON.stringify(args),
  });
  return response.json();
}

const firstIndividual = () => t.backend.context.db.prepare('SELECT id, individual_no FROM individual ORDER BY seq LIMIT 1').get() as { id: string; individual_no: string };

describe('the same calls through IPC and HTTP give equal results', () => {
  const calls: [string, () => unknown][] = [
    ['app.status', () => ({})],
    ['session.screen', () => ({})],
    ['stock.balances', () => ({})], // refused: nobody is logged in yet
    ['session.login', () => ({ userId: 'U1', secret: DEMO_PASSWORD })],
    ['stock.balances', () => ({ balance: 'withBalance', limit: 50 })],
    ['stock.balances', () => ({ balance: 'all', articleType: 'sparePart', offset: 120, limit: 25 })],
    ['stock.balances', () => ({ text: 'rollator cross', balance: 'all' })],
    ['stock.balances', () => ({ text: 'ro' })],
    ['stock.balancesCount', () => ({ balance: 'all', articleType: 'mainAid' })],
    ['stock.individuals', () => ({ status: 'inStore', limit: 30 })],
    ['individual.search', () => ({ query: firstIndividual().individual_no })],
    ['individual.search', () => ({ query: '0008' })],
    ['individual.search', () => ({ query: '*12' })],
    ['individual.search', () => ({ query: '12' })],
    ['individual.get', () => ({ id: firstIndividual().id })],
    ['individual.get', () => ({ id: 'no-such-individual' })],
    ['article.lookup', () => ({ articleNo: '10000' })],
    ['sync.status', () => ({})],
    ['stock.balances', () => ({ limit: 'many', extra: true })],
    ['no.such.handler', () => ({})],
  ];

  for (const [index, [name, args]] of calls.entries()) {
    it(`${index + 1}. ${name}`, async () => {
      const ipc = await viaIpc(name, args());
      const http = await viaHttp(name, args());
      expect(http).toEqual(ipc);
      expect(ipc).toHaveProperty('ok');
    });
  }

  it('covers successes and refusals alike', async () => {
    const outcomes = await Promise.all(calls.map(async ([name, args]) => ((await viaHttp(name, args())) as { ok: boolean }).ok));
    expect(outcomes.filter((ok) => ok).length).toBeGreaterThan(10);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThanOrEqual(4);
  });
});
