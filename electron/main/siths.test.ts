import 'reflect-metadata';
import type { Certificate } from 'electron';
import { ExtendedKeyUsage } from '@peculiar/x509';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron } from '../../tests/helpers/fake-electron';
import { createSithsPki, type Issued, type SithsPki } from '../../tests/helpers/siths-pki';

vi.mock('electron', async () => (await import('../../tests/helpers/fake-electron')).fakeElectron);

const {
  askPin,
  chooseSithsCertificate,
  describeCandidate,
  installSiths,
  isCentralRequest,
  PIN_SENTINEL_ORIGIN,
  pinFormHtml,
  pinFromNavigation,
  sithsCandidates,
  sithsIssuersFromEnv,
  sithsMessages,
  sithsRevocationFromEnv,
} = await import('./siths');
const { hardenWebContents } = await import('./window');

const ISSUERS = ['Test SITHS e-id Person HSA-id 3 CA v1'];
const CENTRAL = 'https://central.example.se:8443';
const LOGIN_URL = `${CENTRAL}/auth/siths`;
const DAY = 24 * 3600 * 1000;

/** What Chromium hands the main process: the PEM plus names it read itself. */
function electronCertificate(issued: Issued): Certificate {
  const cn = (name: string) => /CN=([^,]+)/.exec(name)?.[1] ?? '';
  return {
    data: issued.certPem,
    issuerName: cn(issued.cert.issuer),
    subjectName: cn(issued.cert.subject),
    serialNumber: issued.cert.serialNumber,
    fingerprint: `sha256/${issued.cert.serialNumber}`,
    validStart: Math.floor(issued.cert.notBefore.getTime() / 1000),
    validExpiry: Math.floor(issued.cert.notAfter.getTime() / 1000),
  } as unknown as Certificate;
}

let pki: SithsPki;
let anna: Certificate;
let bertil: Certificate;
let expired: Certificate;
let signature: Certificate;
let functionCert: Certificate;
let foreign: Certificate;
let noHsaId: Certificate;

beforeAll(async () => {
  pki = await createSithsPki();
  anna = electronCertificate(await pki.person('SE2321000016-A1B2', 'Anna Andersson'));
  bertil = electronCertificate(await pki.person('SE2321000016-C3D4', 'Bertil Berg'));
  expired = electronCertificate(await pki.person('SE2321000016-E5F6', 'Cecilia Carlsson', { from: new Date(Date.now() - 400 * DAY), to: new Date(Date.now() - DAY) }));
  // A signature certificate on the same card: right issuer and HSA-ID, not for logging in.
  signature = electronCertificate(await pki.person('SE2321000016-A1B2', 'Anna Andersson', { usage: [ExtendedKeyUsage.emailProtection] }));
  functionCert = electronCertificate(await pki.person('SE2321000016-F001', 'Funktion Lager', { issuer: 'function' }));
  // A foreign CA with the same names: the issuer name matches, so the choice lets it through and central refuses it.
  foreign = electronCertificate(await pki.person('SE2321000016-X9', 'Främling', { issuer: 'foreign' }));
  noHsaId = electronCertificate(await pki.person('199001011234', 'Utan HSA'));
}, 30_000);

describe('which certificates are SITHS authentication certificates', () => {
  it('keeps a person certificate from the configured issuer with clientAuth, digitalSignature and an HSA-ID', () => {
    const [candidate, ...rest] = sithsCandidates([anna], ISSUERS);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ certificate: anna, hsaId: 'SE2321000016-A1B2', name: 'Anna Andersson', expired: false });
    // The certificate's own serial number is not the HSA-ID.
    expect(candidate!.hsaId).not.toBe(anna.serialNumber);
    expect(describeCandidate(candidate!)).toBe('Anna Andersson (SE2321000016-A1B2)');
  });

  it('leaves out signature, function, HSA-less, unreadable certificates and other issuers', () => {
    const garbage = { ...anna, data: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } as Certificate;
    expect(sithsCandidates([signature, functionCert, noHsaId, garbage], ISSUERS)).toEqual([]);
    expect(sithsCandidates([anna], ['SITHS e-id Person HSA-id 3 CA v1'])).toEqual([]);
  });

  it('marks expired certificates', () => {
    expect(sithsCandidates([expired], ISSUERS)).toMatchObject([{ hsaId: 'SE2321000016-E5F6', expired: true }]);
  });

  it('reads the issuers from BUFFERT_SITHS_ISSUERS, with the SITHS person CA as default', () => {
    expect(sithsIssuersFromEnv({})).toEqual(['SITHS e-id Person HSA-id 3 CA v1']);
    expect(sithsIssuersFromEnv({ BUFFERT_SITHS_ISSUERS: ' , ' })).toEqual(['SITHS e-id Person HSA-id 3 CA v1']);
    expect(sithsIssuersFromEnv({ BUFFERT_SITHS_ISSUERS: 'A CA, B CA ,' })).toEqual(['A CA', 'B CA']);
  });

  it('takes the issuing CAs of the machine configuration’s CA bundle (not its root) when no issuers are named', () => {
    const files: Record<string, Buffer> = { '/etc/buffert/siths.pem': Buffer.from(pki.caBundlePem) };
    const read = (file: string) => files[file] ?? Buffer.alloc(0);
    expect(sithsIssuersFromEnv({ BUFFERT_SITHS_CA: '/etc/buffert/siths.pem' }, read)).toEqual(ISSUERS);
    // Named issuers win over the bundle.
    expect(sithsIssuersFromEnv({ BUFFERT_SITHS_CA: '/etc/buffert/siths.pem', BUFFERT_SITHS_ISSUERS: 'A CA' }, read)).toEqual(['A CA']);
  });

  it('does not offer a card on the machine configuration’s CRL, and says why', async () => {
    const revokedOne = await pki.person('SE2321000016-D0D0', 'Doris Spärrad');
    await pki.revoke(revokedOne.cert);
    const files: Record<string, Buffer> = { '/etc/buffert/person.crl': Buffer.from(pki.crlPem) };
    const warnings: string[] = [];
    const read = (file: string) => {
      const bytes = files[file];
      if (!bytes) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return bytes;
    };
    const isRevoked = sithsRevocationFromEnv({ BUFFERT_SITHS_CRL: '/etc/buffert/gone.crl,/etc/buffert/person.crl' }, { warn: (line) => warnings.push(line) }, read);
    const config = { centralUrl: CENTRAL, issuers: ISSUERS, isRevoked };
    const doris = electronCertificate(revokedOne);
    expect(chooseSithsCertificate(LOGIN_URL, [doris], config)).toEqual({ kind: 'none', message: sithsMessages.revoked });
    expect(chooseSithsCertificate(LOGIN_URL, [doris, anna], config)).toMatchObject({ kind: 'one', candidate: { certificate: anna } });
    // A CRL file that cannot be read is logged (no personal data) and is no refusal: central checks again.
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('/etc/buffert/gone.crl could not be read (ENOENT)')]));
    // DER works as well as PEM.
    const der = Buffer.from(pki.crlPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const fromDer = sithsRevocationFromEnv({ BUFFERT_SITHS_CRL: '/der.crl' }, { warn: () => {} }, () => der);
    expect(chooseSithsCertificate(LOGIN_URL, [doris], { ...config, isRevoked: fromDer })).toMatchObject({ kind: 'none', message: sithsMessages.revoked });
  });

  it('answers only the configured central (same scheme, host and port)', () => {
    expect(isCentralRequest(LOGIN_URL, CENTRAL)).toBe(true);
    expect(isCentralRequest(`${CENTRAL}/`, `${CENTRAL}/`)).toBe(true);
    expect(isCentralRequest('https://central.example.se/auth/siths', CENTRAL)).toBe(false);
    expect(isCentralRequest('https://evil.example/auth/siths', CENTRAL)).toBe(false);
    expect(isCentralRequest('http://central.example.se:8443/auth/siths', CENTRAL)).toBe(false);
    expect(isCentralRequest(LOGIN_URL, null)).toBe(false);
    expect(isCentralRequest('not a url', CENTRAL)).toBe(false);
  });
});

describe('the choice', () => {
  const config = { centralUrl: CENTRAL, issuers: ISSUERS };
  it('refuses a server other than central whatever the card holds', () => {
    expect(chooseSithsCertificate('https://other.example/', [anna], config)).toEqual({ kind: 'refuse' });
  });
  it('takes the one authentication certificate among others', () => {
    expect(chooseSithsCertificate(LOGIN_URL, [signature, anna, functionCert], config)).toMatchObject({ kind: 'one', candidate: { certificate: anna } });
  });
  it('prefers a valid certificate over an expired one', () => {
    expect(chooseSithsCertificate(LOGIN_URL, [expired, anna], config)).toMatchObject({ kind: 'one', candidate: { certificate: anna } });
  });
  it('asks when there are several', () => {
    const choice = chooseSithsCertificate(LOGIN_URL, [anna, signature, bertil], config);
    expect(choice.kind).toBe('ask');
    expect(choice.kind === 'ask' && choice.candidates.map((c) => c.certificate)).toEqual([anna, bertil]);
  });
  it('says there is nothing usable, and when it is because the certificate expired', () => {
    expect(chooseSithsCertificate(LOGIN_URL, [], config)).toEqual({ kind: 'none', message: sithsMessages.none });
    expect(chooseSithsCertificate(LOGIN_URL, [signature, functionCert], config)).toEqual({ kind: 'none', message: sithsMessages.none });
    expect(chooseSithsCertificate(LOGIN_URL, [expired], config)).toEqual({ kind: 'none', message: sithsMessages.expired });
  });
  it('lets a same-named foreign certificate through to central, which checks the signature', () => {
    expect(chooseSithsCertificate(LOGIN_URL, [foreign], config)).toMatchObject({ kind: 'one' });
  });
});

describe('the select-client-certificate handler', () => {
  let parent: FakeBrowserWindow;
  const log = { warn: vi.fn(), info: vi.fn() };

  beforeEach(() => {
    resetFakeElectron();
    log.warn.mockClear();
    parent = new fakeElectron.BrowserWindow({});
    installSiths({ centralUrl: CENTRAL, issuers: ISSUERS, window: () => parent as never, log });
  });

  /** Emits the event as Electron does; resolves with what the callback got. */
  function request(url: string, list: Certificate[]): { prevented: () => boolean; chosen: Promise<Certificate | undefined> } {
    let prevented = false;
    let resolveChosen!: (certificate: Certificate | undefined) => void;
    const chosen = new Promise<Certificate | undefined>((resolve) => (resolveChosen = resolve));
    let calls = 0;
    const callback = (certificate?: Certificate) => {
      calls += 1;
      if (calls > 1) throw new Error('callback called twice');
      resolveChosen(certificate);
    };
    fakeElectron.app.emit('select-client-certificate', { preventDefault: () => (prevented = true) }, parent.webContents, url, list, callback);
    return { prevented: () => prevented, chosen };
  }

  it('gives central the authentication certificate, without asking', async () => {
    const r = request(LOGIN_URL, [signature, anna, functionCert]);
    expect(r.prevented()).toBe(true);
    expect(await r.chosen).toBe(anna);
    expect(fakeElectron.dialog.messageBoxes).toEqual([]);
  });

  it('gives any other server no certificate', async () => {
    const r = request('https://tracker.example/', [anna]);
    expect(r.prevented()).toBe(true);
    expect(await r.chosen).toBeUndefined();
    expect(fakeElectron.dialog.messageBoxes).toEqual([]);
    expect(log.warn).toHaveBeenCalledOnce();
  });

  it('lets the person choose among several, "Namn (HSA-id)" per certificate and Avbryt', async () => {
    fakeElectron.dialog.response = 1;
    const r = request(LOGIN_URL, [anna, bertil]);
    expect(r.prevented()).toBe(true);
    expect(await r.chosen).toBe(bertil);
    const [box] = fakeElectron.dialog.messageBoxes;
    expect(box!.parent).toBe(parent);
    expect(box!.options.buttons).toEqual(['Anna Andersson (SE2321000016-A1B2)', 'Bertil Berg (SE2321000016-C3D4)', 'Avbryt']);
    expect(box!.options.cancelId).toBe(2);
  });

  it('sends no certificate when the person presses Avbryt', async () => {
    fakeElectron.dialog.response = 2;
    expect(await request(LOGIN_URL, [anna, bertil]).chosen).toBeUndefined();
  });

  it('sends none and says so when the card holds no authentication certificate', async () => {
    const r = request(LOGIN_URL, [functionCert]);
    expect(await r.chosen).toBeUndefined();
    expect(fakeElectron.dialog.messageBoxes).toEqual([
      { parent, options: expect.objectContaining({ type: 'info', message: 'Inget SITHS-kort med ett legitimeringscertifikat hittades. Sätt i kortet och försök igen.' }) },
    ]);
  });

  it('installs the PIN handler, and only where Electron has the API', () => {
    expect(fakeElectron.app.clientCertPasswordHandler).toBeTypeOf('function');
    resetFakeElectron();
    Object.assign(fakeElectron.app, { setClientCertRequestPasswordHandler: undefined });
    expect(() => installSiths({ centralUrl: CENTRAL, issuers: ISSUERS, window: () => null, log })).not.toThrow();
    expect(fakeElectron.app.clientCertPasswordHandler).toBeNull();
    expect(fakeElectron.app.listenerCount('select-client-certificate')).toBe(1);
  });
});

describe('the PIN window', () => {
  beforeEach(() => resetFakeElectron());

  function pinWindow(): FakeBrowserWindow {
    const window = FakeBrowserWindow.instances.at(-1);
    if (!window) throw new Error('no PIN window');
    return window;
  }

  it('is a modal child with no preload, no Node and no JavaScript, showing a Swedish form', async () => {
    const parent = new fakeElectron.BrowserWindow({});
    const pin = askPin({ tokenName: 'SITHS <Kort>', isRetry: true }, parent as never);
    const window = pinWindow();
    expect(window.options).toMatchObject({ parent, modal: true });
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(prefs.preload).toBeUndefined();
    const html = decodeURIComponent(window.loadedUrl!.replace(/^data:text\/html;charset=utf-8,/, ''));
    expect(html).toContain('PIN-kod för SITHS &lt;Kort&gt;');
    expect(html).toContain('Fel PIN-kod, försök igen');
    expect(html).toContain(`action="${PIN_SENTINEL_ORIGIN}/pin"`);
    expect(html).not.toContain('<script');
    // Enter submits with the first button, which must be OK, not Avbryt.
    expect(html.indexOf('>OK</button>')).toBeGreaterThan(0);
    expect(html.indexOf('>OK</button>')).toBeLessThan(html.indexOf('name="avbryt"'));
    window.navigate(`${PIN_SENTINEL_ORIGIN}/pin?pin=1234`);
    await pin;
  });

  it('resolves with the typed PIN from the intercepted navigation and closes, never logging it', async () => {
    // As in the app: every web contents is hardened, which logs the navigations it denies.
    const warn = vi.fn();
    fakeElectron.app.on('web-contents-created', (_event, webContents) => hardenWebContents(webContents as never, { warn }));
    const pin = askPin({ tokenName: 'Kort', isRetry: false }, null);
    const window = pinWindow();
    expect(window.navigate(`${PIN_SENTINEL_ORIGIN}/pin?pin=0%2047`)).toBe(true);
    expect(await pin).toBe('0 47');
    expect(window.destroyed).toBe(true);
    expect(warn).toHaveBeenCalledWith(`Buffert: navigation to ${PIN_SENTINEL_ORIGIN}/pin denied`);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('47');
  });

  it('cancels other navigations without resolving', async () => {
    const pin = askPin({ tokenName: 'Kort', isRetry: false }, null);
    const window = pinWindow();
    expect(window.navigate('https://example.com/?pin=1')).toBe(true);
    expect(window.destroyed).toBe(false);
    window.navigate(`${PIN_SENTINEL_ORIGIN}/pin?pin=9999`);
    expect(await pin).toBe('9999');
  });

  it("resolves with '' on Avbryt and when the window is closed", async () => {
    const cancelled = askPin({ tokenName: 'Kort', isRetry: false }, null);
    pinWindow().navigate(`${PIN_SENTINEL_ORIGIN}/pin?avbryt=1&pin=123`);
    expect(await cancelled).toBe('');
    const closed = askPin({ tokenName: 'Kort', isRetry: false }, null);
    pinWindow().close();
    expect(await closed).toBe('');
  });

  it('is what the installed handler shows, with the main window as parent', async () => {
    const parent = new fakeElectron.BrowserWindow({});
    installSiths({ centralUrl: CENTRAL, issuers: ISSUERS, window: () => parent as never, log: { warn: vi.fn(), info: vi.fn() } });
    const pin = fakeElectron.app.clientCertPasswordHandler!({ hostname: 'central.example.se', tokenName: 'Anna Anderssons kort', isRetry: false });
    expect(pinWindow().options.parent).toBe(parent);
    pinWindow().navigate(`${PIN_SENTINEL_ORIGIN}/pin?pin=4711`);
    expect(await pin).toBe('4711');
  });

  it('reads the sentinel only', () => {
    expect(pinFromNavigation(`${PIN_SENTINEL_ORIGIN}/pin?pin=12`)).toEqual({ pin: '12' });
    expect(pinFromNavigation(`${PIN_SENTINEL_ORIGIN}/pin?pin=`)).toEqual({ cancel: true });
    expect(pinFromNavigation('https://pin.buffert.invalid.evil/pin?pin=12')).toBeNull();
    expect(pinFromNavigation('nonsense')).toBeNull();
    expect(pinFormHtml('Kort', false)).not.toContain('Fel PIN-kod');
  });
});
