import type { Page, WebSocketRoute } from '@playwright/test';
import { DEMO_USER, expect, expectNoSeriousA11yViolations, docScreenshot, screenshot, test, WRITES_URL } from './fixtures';
import type { LoginScreen } from './pages';

test.describe('Synk utan central server', () => {
  // A write is made here: the writing tests' own web host (no central server configured).
  test.use({ baseURL: WRITES_URL });

  test('sidan visar att arbetsstationen arbetar ensam och att det som sparas väntar', async ({ page, loggedIn, shell, individuals, individual, addText, sync }) => {
    void loggedIn;
    // A write: a text on a demo individual.
    await shell.goTo('Individer');
    await individuals.search('100000');
    await expect(individual.title).toHaveText('Individ 100000');
    await page.getByRole('button', { name: 'Textinformation' }).click();
    await addText.text.fill('Kontrollerad inför utlämning');
    await addText.text.press('Enter');
    await expect(page.getByTestId('individual-notice')).toHaveText('Texten är sparad.');

    await shell.goTo('Synk');
    await expect(page).toHaveTitle('Synk – Buffert');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synk');
    await expect(sync.fact('Central server')).toHaveText('Ingen central server');
    await expect(sync.fact('Läge')).toHaveText('Ingen synk');
    await expect.poll(async () => Number(await sync.fact('Väntande ändringar').innerText())).toBeGreaterThan(0);
    await expect(sync.fact('Senast synkad')).toHaveText('Aldrig');
    await expect(sync.fact('Konflikter')).toHaveText('0');
    await expect(page.getByTestId('sync-conflicts-empty')).toHaveText('Inga avvisade ändringar.');
    // Nothing to sync with: the button says why it is disabled.
    await expect(sync.syncNow).toBeDisabled();
    await expect(sync.syncNow).toHaveAccessibleDescription('Det finns ingen central server att synka med.');

    // The status bar says the same in short.
    await expect(page.getByTestId('status-connection')).toHaveText('Ingen central server');
    const pending = Number(await sync.fact('Väntande ändringar').innerText());
    await expect(page.getByTestId('status-pending')).toHaveText(pending === 1 ? '1 ändring väntar på synk' : `${pending} ändringar väntar på synk`);

    await docScreenshot(page, 'sync');
    await expectNoSeriousA11yViolations(page);
  });
});

/** A complete SyncStatus (the contract's shape) for a workstation connected to a central server. */
const status = (overrides: Record<string, unknown> = {}) => ({
  state: 'idle',
  online: true,
  pendingChanges: 0,
  lastSyncAt: '2024-11-04T07:30:00.000Z',
  lastAttemptAt: '2024-11-04T07:30:00.000Z',
  nextRetryAt: null,
  error: null,
  conflicts: 0,
  notice: null,
  bootstrapped: true,
  failsafe: null,
  centralUrl: 'http://127.0.0.1:8080',
  ...overrides,
});

const conflict = {
  id: 7,
  mutationId: 12,
  name: 'individual.register',
  summary: 'Registrering av individ 224559 på artikel 10000',
  message: 'Individnummer 224559 finns redan. Individnummer är unika.',
  code: 'duplicate-individual-no',
  userName: 'Lena Tekniker',
  createdAt: '2024-11-04T07:10:00.000Z',
  rejectedAt: '2024-11-04T07:31:00.000Z',
  dismissedAt: null,
};

/**
 * Plays the central side: the sync handlers answer what the test says, and events reach the page
 * through the real /events socket. (The web host of the e2e run has no central server.) Set up
 * before logging in, so that the page's event socket goes through the route; then logs in.
 */
async function fakeCentral(page: Page, login: LoginScreen, initial = status()) {
  const state = { status: initial, conflicts: [conflict] as (typeof conflict)[], calls: [] as string[] };
  for (const name of ['sync.status', 'sync.conflicts', 'sync.now', 'sync.confirmDeletion', 'sync.dismissConflict', 'sync.dismissNotice']) {
    await page.route(`**/api/${name}`, async (route) => {
      state.calls.push(name);
      if (name === 'sync.dismissConflict') {
        state.conflicts = [];
        state.status = { ...state.status, conflicts: 0 };
      }
      if (name === 'sync.dismissNotice') state.status = { ...state.status, notice: null };
      const value =
        name === 'sync.status'
          ? state.status
          : name === 'sync.conflicts'
            ? state.conflicts
            : name === 'sync.dismissConflict' || name === 'sync.dismissNotice'
              ? null
              : { started: true };
      await route.fulfill({ json: { ok: true, value } });
    });
  }
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/events$/, (ws) => {
    sockets.push(ws);
    ws.connectToServer();
  });
  const send = async (event: string, payload: unknown) => {
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    sockets[sockets.length - 1]!.send(JSON.stringify({ event, payload }));
  };
  const setStatus = async (overrides: Record<string, unknown>) => {
    state.status = status(overrides);
    await send('sync.status', state.status);
  };
  await login.open();
  await login.loginAs(DEMO_USER);
  return { state, send, setStatus };
}

test.describe('Synk mot en central server (centralens svar spelas upp)', () => {
  test('första synkningen: förloppsindikator med rader, procent och tid kvar', async ({ page, login, shell, sync }) => {
    const central = await fakeCentral(page, login);
    await shell.goTo('Synk');
    await expect(sync.fact('Central server')).toHaveText('http://127.0.0.1:8080');
    await expect(sync.fact('Anslutning')).toHaveText('Uppkopplad');

    await central.setStatus({ state: 'bootstrapping', bootstrapped: false, lastSyncAt: null });
    await central.send('sync.progress', { phase: 'bootstrap', rows: 12_345, total: 50_000, percent: 24.7, secondsLeft: 185 });
    await expect(sync.progress).toContainText('Första synkningen: lagrets uppgifter hämtas från centralen');
    await expect(page.getByTestId('sync-progress-text')).toHaveText('12\u00a0345 av 50\u00a0000 rader · 24,7 % · cirka 3 min kvar');
    const bar = sync.progress.getByRole('progressbar', { name: 'Synkningens förlopp' });
    await expect(bar).toHaveAttribute('aria-valuenow', '24.7');
    await expect(bar).toHaveAttribute('aria-valuetext', '12\u00a0345 av 50\u00a0000 rader · 24,7 % · cirka 3 min kvar');
    await expect(sync.syncNow).toBeDisabled();
    await expect(page.getByTestId('status-sync-state')).toHaveText('Synkar… 24,7 %');
    await screenshot(page, 'sync-bootstrap');
    await expectNoSeriousA11yViolations(page);

    // Done: the bar goes, the last sync is shown.
    await central.setStatus({ state: 'idle', lastSyncAt: '2024-11-04T08:00:00.000Z' });
    await expect(sync.progress).toHaveCount(0);
    await expect(page.getByTestId('status-sync-state')).toHaveCount(0);
    await expect(sync.fact('Läge')).toHaveText('Klar');
    await expect(sync.syncNow).toBeEnabled();
    await sync.syncNow.click();
    await expect.poll(() => central.state.calls.includes('sync.now')).toBe(true);
  });

  test('fel: ingen kontakt (med nästa försök), version som inte stöds, behörighet', async ({ page, login, shell, sync }) => {
    const central = await fakeCentral(page, login);
    await shell.goTo('Synk');
    const error = page.getByTestId('sync-error');

    await central.setStatus({
      state: 'offline',
      online: false,
      pendingChanges: 4,
      nextRetryAt: '2024-11-04T08:05:00.000Z',
      error: { code: 'offline', message: 'Ingen kontakt med centralen. Det du sparar finns kvar på den här datorn och skickas när kontakten är tillbaka.' },
    });
    await expect(error).toContainText('Ingen kontakt med centralen');
    await expect(error).toContainText(/Buffert försöker igen automatiskt 2024-11-04 \d{2}:05/);
    await expect(sync.fact('Nästa försök')).toHaveText(/2024-11-04 \d{2}:05/);
    await expect(page.getByTestId('status-connection')).toHaveText('Frånkopplad');
    await expect(page.getByTestId('status-pending')).toHaveText('4 ändringar väntar på synk');

    await central.setStatus({
      state: 'version-not-supported',
      error: { code: 'version-not-supported', message: 'Den här versionen av Buffert kan inte synkronisera med centralen (protokoll 2). Kontakta support.' },
    });
    await expect(error).toContainText('Den här versionen av Buffert stöds inte av centralen');
    await expect(error).toContainText('protokoll 2');
    await expect(error).toContainText('Buffert försöker inte igen av sig själv.');
    await expect(page.getByTestId('status-sync-state')).toHaveText('Synk stoppad – uppdatera Buffert');

    await central.setStatus({
      state: 'error',
      error: { code: 'unauthenticated', message: 'Centralen känner inte igen den här arbetsstationen och registreringen misslyckades. Kontakta support.' },
    });
    await expect(error).toContainText('Centralen godtar inte arbetsstationen');
    await expect(page.getByTestId('status-sync-state')).toHaveText('Synkfel');
    await expectNoSeriousA11yViolations(page);
  });

  test('säkerhetsstoppet frågar innan lagrets rader tas bort', async ({ page, login, shell, sync }) => {
    const central = await fakeCentral(page, login);
    await shell.goTo('Synk');
    const message = 'Synkroniseringen är stoppad: centralen vill ta bort 1900 av 2000 individer (95 %) från den här datorn.';
    await central.setStatus({
      state: 'failsafe',
      error: { code: 'failsafe', message },
      failsafe: { table: 'individual', rows: 2000, deletions: 1900, message },
    });
    await expect(sync.failsafe).toContainText('Synkningen stoppades för säkerhets skull');
    await expect(sync.failsafe).toContainText(message);
    await expect(sync.failsafe).toContainText('Inget tas bort förrän du bekräftar.');
    await expect(page.getByTestId('status-sync-state')).toHaveText('Synk stoppad – bekräftelse behövs');
    await screenshot(page, 'sync-failsafe');
    await expectNoSeriousA11yViolations(page);

    await sync.failsafe.getByRole('button', { name: 'Bekräfta borttagningen och fortsätt synka' }).click();
    await expect.poll(() => central.state.calls.includes('sync.confirmDeletion')).toBe(true);
    await central.setStatus({ state: 'syncing' });
    await expect(sync.failsafe).toHaveCount(0);
  });

  test('avvisade ändringar: vad, varför, vad man gör, och markera som åtgärdad', async ({ page, login, shell, sync }) => {
    const central = await fakeCentral(page, login, status({ conflicts: 1 }));
    await shell.goTo('Synk');
    // The status bar links to the list.
    await expect(page.getByTestId('status-conflicts')).toHaveText('1 konflikt');

    const row = sync.conflicts.getByTestId('sync-conflict');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(conflict.summary);
    await expect(row).toContainText(conflict.message);
    // What to do comes from the catalogue, by the refusal's code.
    await expect(row).toContainText('Individnumret används redan av en annan individ. Kontrollera märkningen på hjälpmedlet');
    await expect(row).toContainText('Lena Tekniker');
    await docScreenshot(page, 'sync-conflicts');
    await expectNoSeriousA11yViolations(page);

    await row.getByRole('button', { name: `Markera som åtgärdad: ${conflict.summary}` }).click();
    await expect(page.getByTestId('sync-conflicts-empty')).toBeVisible();
    await expect(page.getByTestId('status-conflicts')).toHaveCount(0);
    expect(central.state.calls).toContain('sync.dismissConflict');
  });

  test('en återställd säkerhetskopia: meddelandet om omnumrerade ändringar visas tills någon har läst det', async ({ page, login, shell }) => {
    const message =
      'Den här datorns databas verkar vara återställd från en säkerhetskopia: centralen hade redan tagit emot ändringar med samma nummer. 2 osynkade ändringar har fått nya nummer (6–7) och skickats igen; inget har gått förlorat.';
    const central = await fakeCentral(page, login, status({ notice: { id: 3, at: '2024-11-04T07:32:00.000Z', code: 'renumbered', message } }));
    await shell.goTo('Synk');
    const notice = page.getByTestId('sync-notice');
    await expect(notice).toContainText('Meddelande från synkningen');
    await expect(notice).toContainText(message);
    await screenshot(page, 'sync-notice');
    await expectNoSeriousA11yViolations(page);
    await notice.getByRole('button', { name: 'Jag har läst det' }).click();
    await expect(notice).toHaveCount(0);
    expect(central.state.calls).toContain('sync.dismissNotice');
  });
});
