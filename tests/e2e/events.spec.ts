import type { WebSocketRoute } from '@playwright/test';
import { DEMO_USER, expect, test } from './fixtures';

/** A complete sync.status payload (the contract's SyncStatus); only the counts vary here. */
const syncStatus = (pendingChanges: number) =>
  JSON.stringify({
    event: 'sync.status',
    payload: {
      state: 'disabled',
      online: false,
      pendingChanges,
      lastSyncAt: null,
      lastAttemptAt: null,
      nextRetryAt: null,
      error: null,
      conflicts: 0,
      notice: null,
      bootstrapped: true,
      failsafe: null,
      centralUrl: null,
    },
  });

test.describe('Händelser från backend', () => {
  test('sync.status uppdaterar statusfältet, ogiltiga händelser ignoreras och anslutningen återupprättas', async ({ page, login }) => {
    // Sits between the page and the web host's /events socket, passing everything through.
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/events$/, (ws) => {
      sockets.push(ws);
      ws.connectToServer();
    });
    await login.open();
    await login.loginAs(DEMO_USER);
    await expect.poll(() => sockets.length).toBeGreaterThanOrEqual(1);
    const first = sockets[sockets.length - 1]!;
    const pending = page.getByTestId('status-pending');

    first.send(syncStatus(3));
    await expect(pending).toHaveText('3 ändringar väntar på synk');

    // Payloads that break the contract, unknown events and non-JSON change nothing.
    first.send(syncStatus(7).replace('"online":false', '"online":"ja"'));
    first.send(JSON.stringify({ event: 'okänd', payload: {} }));
    first.send('inte json');
    await page.waitForTimeout(300);
    await expect(pending).toHaveText('3 ändringar väntar på synk');
    first.send(syncStatus(1));
    await expect(pending).toHaveText('1 ändring väntar på synk');

    // The web host restarts or the socket drops: the page connects again by itself.
    const before = sockets.length;
    await first.close();
    await expect.poll(() => sockets.length, { timeout: 15_000 }).toBeGreaterThan(before);
    const second = sockets[sockets.length - 1]!;
    second.send(syncStatus(0));
    await expect(pending).toHaveText('Inga väntande ändringar');
  });
});
