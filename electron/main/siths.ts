import 'reflect-metadata';
import fs from 'node:fs';
import {
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  X509Certificate,
  X509Crl,
} from '@peculiar/x509';
import { app, BrowserWindow, dialog, type Certificate, type MessageBoxOptions } from 'electron';
import { isValidHsaId } from '../../shared/identifiers';
import { centralOriginOf } from './csp';

/**
 * The SITHS card in the Electron main process (issue 10). The page asks central for a login grant
 * with `fetch` over mutual TLS; Chromium then asks the main process which client certificate to
 * present ('select-client-certificate') and, on Linux, for the card's PIN
 * (`setClientCertRequestPasswordHandler`). Only the configured central ever gets a certificate, and
 * only a person's authentication certificate from a configured SITHS issuing CA. Central checks the
 * chain, the CRL and the HSA-ID again; this is what keeps the wrong certificate (a function
 * certificate, a signature certificate, another card) from being offered at all.
 */

/** Issuing CAs whose person certificates may log in, when neither the issuers nor a CA bundle are configured. */
export const DEFAULT_SITHS_ISSUERS: readonly string[] = ['SITHS e-id Person HSA-id 3 CA v1'];

const SERIAL_NUMBER_OID = '2.5.4.5';

export const sithsMessages = {
  chooseTitle: 'Välj SITHS-certifikat',
  chooseMessage: 'Flera legitimeringscertifikat hittades. Vilket vill du logga in med?',
  cancel: 'Avbryt',
  noneTitle: 'Inget SITHS-kort',
  none: 'Inget SITHS-kort med ett legitimeringscertifikat hittades. Sätt i kortet och försök igen.',
  expired: 'Legitimeringscertifikatet på SITHS-kortet har gått ut. Beställ ett nytt kort.',
  revoked: 'Legitimeringscertifikatet på SITHS-kortet är spärrat (återkallat). Kontakta den som delar ut SITHS-kort hos er.',
  pinTitle: 'PIN-kod',
  pinFor: (tokenName: string) => `PIN-kod för ${tokenName}`,
  pinRetry: 'Fel PIN-kod, försök igen.',
  ok: 'OK',
} as const;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

function pemOrDer(bytes: Buffer, tag: string): ArrayBuffer[] {
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return [new Uint8Array(bytes).buffer];
  return PemConverter.decodeWithHeaders(text)
    .filter((block) => block.type === tag)
    .map((block) => block.rawData);
}

/**
 * The issuing CAs whose person certificates are offered at login: `BUFFERT_SITHS_ISSUERS`
 * (comma-separated common names; the machine configuration's `siths.issuers`), else the issuing
 * CAs of the bundle in `BUFFERT_SITHS_CA` (`siths.caBundle`: every certificate that is not
 * self-signed, i.e. not a root), else the default above.
 */
export function sithsIssuersFromEnv(env: NodeJS.ProcessEnv, readFile: (file: string) => Buffer = (file) => fs.readFileSync(file)): string[] {
  const names = list(env.BUFFERT_SITHS_ISSUERS);
  if (names.length > 0) return names;
  const bundle = env.BUFFERT_SITHS_CA?.trim();
  if (bundle) {
    const issuing = pemOrDer(readFile(bundle), PemConverter.CertificateTag)
      .map((der) => new X509Certificate(der))
      .filter((cert) => cert.subject !== cert.issuer)
      .flatMap((cert) => cert.subjectName.getField('CN'));
    if (issuing.length > 0) return [...new Set(issuing)];
  }
  return [...DEFAULT_SITHS_ISSUERS];
}

/**
 * Whether a certificate is on one of the CRL files in `BUFFERT_SITHS_CRL` (`siths.crl`, PEM or DER),
 * read at each login so that the file IT keeps current is always the one used. A revoked card is
 * then not even offered; central checks the chain and a current CRL again at every online login
 * (server/session/siths.ts), so a file that cannot be read here only means no early refusal.
 */
export function sithsRevocationFromEnv(env: NodeJS.ProcessEnv, log: Pick<Console, 'warn'>, readFile: (file: string) => Buffer = (file) => fs.readFileSync(file)): (cert: X509Certificate) => boolean {
  const files = list(env.BUFFERT_SITHS_CRL);
  return (cert) => {
    for (const file of files) {
      let crls: X509Crl[];
      try {
        crls = pemOrDer(readFile(file), PemConverter.CrlTag).map((der) => new X509Crl(der));
      } catch (error) {
        log.warn(`Buffert: the SITHS CRL ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        continue;
      }
      if (crls.some((crl) => crl.issuer === cert.issuer && crl.findRevoked(cert) !== null)) return true;
    }
    return false;
  };
}

/** Whether a request goes to the configured central (same scheme, host and port). */
export function isCentralRequest(url: string, centralUrl: string | null): boolean {
  const central = centralOriginOf(centralUrl);
  if (central === null) return false;
  try {
    return new URL(url).origin === central;
  } catch {
    return false;
  }
}

export interface SithsCandidate {
  certificate: Certificate;
  /** The subject's serialNumber attribute (2.5.4.5): the person's HSA-ID. */
  hsaId: string;
  /** The subject's common name (the person's name on SITHS cards). */
  name: string;
  expired: boolean;
  /** On a configured CRL (sithsRevocationFromEnv). */
  revoked: boolean;
}

/**
 * The person authentication certificates in Chromium's list: issued by one of `issuers` (common
 * name), key usage digitalSignature, extended key usage clientAuth, an HSA-ID as the subject's
 * serialNumber. Anything unreadable or otherwise is left out. (`Certificate.serialNumber` is the
 * certificate's serial number, never the HSA-ID.)
 */
export function sithsCandidates(
  list: readonly Certificate[],
  issuers: readonly string[],
  now = new Date(),
  isRevoked: (cert: X509Certificate) => boolean = () => false,
): SithsCandidate[] {
  const accepted = new Set(issuers);
  const candidates: SithsCandidate[] = [];
  for (const certificate of list) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certificate.data);
    } catch {
      continue;
    }
    if (!cert.issuerName.getField('CN').some((cn) => accepted.has(cn))) continue;
    const keyUsage = cert.getExtension(KeyUsagesExtension);
    const extendedUsage = cert.getExtension(ExtendedKeyUsageExtension);
    if (keyUsage === null || (keyUsage.usages & KeyUsageFlags.digitalSignature) === 0) continue;
    if (extendedUsage === null || !extendedUsage.usages.map(String).includes(ExtendedKeyUsage.clientAuth)) continue;
    const hsaId = cert.subjectName.getField(SERIAL_NUMBER_OID).find((value) => isValidHsaId(value));
    if (hsaId === undefined) continue;
    const name = cert.subjectName.getField('CN')[0] ?? hsaId;
    const expired = now.getTime() < cert.notBefore.getTime() || now.getTime() > cert.notAfter.getTime();
    candidates.push({ certificate, hsaId, name, expired, revoked: isRevoked(cert) });
  }
  return candidates;
}

/** A button label: "Namn (HSA-id)". */
export function describeCandidate(candidate: Pick<SithsCandidate, 'name' | 'hsaId'>): string {
  return `${candidate.name} (${candidate.hsaId})`;
}

export type SithsChoice =
  | { kind: 'refuse' }
  | { kind: 'none'; message: string }
  | { kind: 'one'; candidate: SithsCandidate }
  | { kind: 'ask'; candidates: SithsCandidate[] };

/**
 * What to do with a certificate request: refuse (not central), nothing usable (say why), exactly
 * one certificate, or let the person choose. Valid certificates win over expired ones; only
 * expired ones is "nothing usable" with its own message.
 */
export function chooseSithsCertificate(
  url: string,
  list: readonly Certificate[],
  config: { centralUrl: string | null; issuers: readonly string[]; isRevoked?: (cert: X509Certificate) => boolean },
  now = new Date(),
): SithsChoice {
  if (!isCentralRequest(url, config.centralUrl)) return { kind: 'refuse' };
  const all = sithsCandidates(list, config.issuers, now, config.isRevoked);
  const valid = all.filter((candidate) => !candidate.expired && !candidate.revoked);
  if (valid.length === 1) return { kind: 'one', candidate: valid[0]! };
  if (valid.length > 1) return { kind: 'ask', candidates: valid };
  const message = all.some((candidate) => candidate.revoked) ? sithsMessages.revoked : all.length > 0 ? sithsMessages.expired : sithsMessages.none;
  return { kind: 'none', message };
}

/** The native question when the card (or cards) hold several authentication certificates. */
export function chooseDialogOptions(candidates: readonly SithsCandidate[]): MessageBoxOptions {
  return {
    type: 'question',
    title: sithsMessages.chooseTitle,
    message: sithsMessages.chooseMessage,
    buttons: [...candidates.map(describeCandidate), sithsMessages.cancel],
    defaultId: 0,
    cancelId: candidates.length,
    noLink: true,
  };
}

function showMessageBox(parent: BrowserWindow | null, options: MessageBoxOptions) {
  return parent !== null && !parent.isDestroyed() ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
}

// ---------------------------------------------------------------------------------------------
// PIN entry (Linux: NSS asks for the token's password through this handler)

/** Where the PIN form "submits" to: never loaded; `will-navigate` reads it and cancels. */
export const PIN_SENTINEL_ORIGIN = 'https://pin.buffert.invalid';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The PIN form: static HTML, no script (JavaScript is off in its window), GET to the sentinel.
 * OK comes first in the form: Enter presses the first submit button.
 */
export function pinFormHtml(tokenName: string, isRetry: boolean): string {
  const retry = isRetry ? `<p class="retry" role="alert">${escapeHtml(sithsMessages.pinRetry)}</p>` : '';
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${PIN_SENTINEL_ORIGIN}">
<title>${escapeHtml(sithsMessages.pinTitle)}</title>
<style>body{font:15px system-ui,sans-serif;margin:20px}label{display:block;margin-bottom:8px}input{font-size:18px;width:100%;box-sizing:border-box;padding:6px}.retry{color:#b00020;margin:0 0 8px}.buttons{margin-top:16px;text-align:right}button{font-size:15px;margin-left:8px;padding:4px 14px}</style>
</head><body>
<form method="get" action="${PIN_SENTINEL_ORIGIN}/pin" autocomplete="off">
${retry}<label for="pin">${escapeHtml(sithsMessages.pinFor(tokenName))}</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" autofocus required>
<div class="buttons"><button type="submit">${escapeHtml(sithsMessages.ok)}</button><button type="submit" name="avbryt" value="1" formnovalidate>${escapeHtml(sithsMessages.cancel)}</button></div>
</form></body></html>`;
}

/** What an intercepted navigation says: the PIN, a cancel, or not ours (null). */
export function pinFromNavigation(url: string): { pin: string } | { cancel: true } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== PIN_SENTINEL_ORIGIN) return null;
  const pin = parsed.searchParams.get('pin');
  if (parsed.searchParams.has('avbryt') || pin === null || pin === '') return { cancel: true };
  return { pin };
}

/**
 * Asks for the card's PIN in a small modal window with no preload, no Node and no JavaScript.
 * Resolves with the PIN, or '' when the person cancels or closes the window. The PIN is never
 * logged (the navigation that carries it is cancelled before any request; window.ts logs denied
 * navigations without their query).
 */
export function askPin(params: { tokenName: string; isRetry: boolean }, parent: BrowserWindow | null): Promise<string> {
  return new Promise((resolve) => {
    const window = new BrowserWindow({
      width: 380,
      height: params.isRetry ? 230 : 200,
      title: sithsMessages.pinTitle,
      parent: parent !== null && !parent.isDestroyed() ? parent : undefined,
      modal: parent !== null && !parent.isDestroyed(),
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      autoHideMenuBar: true,
      show: false,
      backgroundColor: '#ffffff',
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        javascript: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
      },
    });
    let settled = false;
    const finish = (pin: string): void => {
      if (settled) return;
      settled = true;
      resolve(pin);
      if (!window.isDestroyed()) window.close();
    };
    window.webContents.on('will-navigate', (event) => {
      const outcome = pinFromNavigation(event.url);
      event.preventDefault();
      if (outcome === null) return;
      finish('pin' in outcome ? outcome.pin : '');
    });
    window.on('closed', () => finish(''));
    window.once('ready-to-show', () => window.show());
    const html = pinFormHtml(params.tokenName || 'SITHS-kortet', params.isRetry);
    void window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  });
}

// ---------------------------------------------------------------------------------------------

export interface SithsOptions {
  centralUrl: string | null;
  issuers: readonly string[];
  isRevoked?: (cert: X509Certificate) => boolean;
  /** The main window: parent of the dialogs. */
  window: () => BrowserWindow | null;
  log: Pick<Console, 'warn' | 'info'>;
  now?: () => Date;
}

/** Installs the certificate choice and (where Electron has it) the PIN handler. */
export function installSiths(options: SithsOptions): void {
  app.on('select-client-certificate', (event, _webContents, url, list, callback) => {
    event.preventDefault();
    const choice = chooseSithsCertificate(url, list, options, options.now?.() ?? new Date());
    switch (choice.kind) {
      case 'refuse':
        options.log.warn('Buffert: client certificate request from a server other than central refused');
        callback();
        return;
      case 'one':
        callback(choice.candidate.certificate);
        return;
      case 'none':
        callback();
        void showMessageBox(options.window(), { type: 'info', title: sithsMessages.noneTitle, message: choice.message, buttons: [sithsMessages.ok], noLink: true }).catch(
          () => undefined,
        );
        return;
      case 'ask': {
        const dialogOptions = chooseDialogOptions(choice.candidates);
        showMessageBox(options.window(), dialogOptions).then(
          ({ response }) => callback(choice.candidates[response]?.certificate),
          () => callback(),
        );
        return;
      }
    }
  });

  if (typeof app.setClientCertRequestPasswordHandler === 'function') {
    app.setClientCertRequestPasswordHandler(({ tokenName, isRetry }) => askPin({ tokenName, isRetry }, options.window()));
  }
}
