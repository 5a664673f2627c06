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
import { isValidHsaId } from '../../shared/identifiers';
import { err, ok, type Result } from '../../shared/result';

// @peculiar/x509 uses globalThis.crypto (WebCrypto, global in Node 20).

/**
 * SITHS certificate checks for the login route (decision 0020). Central accepts a person's
 * authentication certificate only when
 * - it is issued by one of the configured issuing CAs (e.g. "SITHS e-id Person HSA-id 3 CA v1"),
 *   whose own certificate chains to a configured root ("SITHS e-id Root CA v2"); a function
 *   certificate (another issuing CA under the same root) is therefore refused;
 * - it is valid now, has key usage digitalSignature and extended key usage clientAuth;
 * - the issuing CA's CRL (signed by that CA, not past its nextUpdate + grace) does not list it;
 * - its subject's serialNumber attribute (2.5.4.5) is an HSA-ID.
 * Every refusal says why in Swedish; nothing here throws for a bad certificate.
 */

const SERIAL_NUMBER_OID = '2.5.4.5';

export interface SithsTrust {
  /** Issuing CAs whose person certificates may log in. */
  issuers: X509Certificate[];
  /** Roots the issuing CAs must chain to. */
  roots: X509Certificate[];
  /** CRLs of the issuing CAs. */
  crls: X509Crl[];
  /** How long past a CRL's nextUpdate it is still used (the distribution point may be late). */
  crlGraceHours: number;
}

export interface SithsIdentity {
  hsaId: string;
  /** The subject's common name (for the log of who logged in, never needed for the decision). */
  commonName: string;
  serialNumber: string;
  issuer: string;
}

export type SithsRefusal =
  | 'not-a-certificate'
  | 'unknown-issuer'
  | 'not-yet-valid'
  | 'expired'
  | 'wrong-usage'
  | 'revoked'
  | 'no-crl'
  | 'no-hsa-id';

/** Splits a PEM bundle into its blocks of one kind. */
function pemBlocks(pem: string, tag: string): ArrayBuffer[] {
  return PemConverter.decodeWithHeaders(pem)
    .filter((block) => block.type === tag)
    .map((block) => block.rawData);
}

export function parseCertificates(pem: string): X509Certificate[] {
  return pemBlocks(pem, PemConverter.CertificateTag).map((der) => new X509Certificate(der));
}

export function parseCrls(pemOrDer: string | Uint8Array): X509Crl[] {
  if (typeof pemOrDer !== 'string') return [new X509Crl(pemOrDer)];
  return pemBlocks(pemOrDer, PemConverter.CrlTag).map((der) => new X509Crl(der));
}

/**
 * Loads the trust from files: `caFile` holds the root and issuing CA certificates (PEM; a
 * self-signed certificate is a root, any other an accepted issuer), `crlFiles` the issuers' CRLs
 * (PEM or DER). Read again when the files change (a region publishes a new CRL every few hours).
 */
export function loadSithsTrust(caFile: string, crlFiles: readonly string[], crlGraceHours = 24): SithsTrust {
  const certs = parseCertificates(fs.readFileSync(caFile, 'utf8'));
  const selfSigned = (c: X509Certificate) => c.subject === c.issuer;
  const crls = crlFiles.flatMap((file) => {
    const bytes = fs.readFileSync(file);
    const text = bytes.toString('latin1');
    return text.includes('-----BEGIN') ? parseCrls(text) : parseCrls(new Uint8Array(bytes));
  });
  return { roots: certs.filter(selfSigned), issuers: certs.filter((c) => !selfSigned(c)), crls, crlGraceHours };
}

const refusal = (code: SithsRefusal, message: string) => err(code, message);

async function signedBy(cert: X509Certificate | X509Crl, ca: X509Certificate): Promise<boolean> {
  try {
    return cert instanceof X509Crl ? await cert.verify({ publicKey: ca.publicKey }) : await cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

const validAt = (cert: X509Certificate, now: Date) => cert.notBefore.getTime() <= now.getTime() && now.getTime() <= cert.notAfter.getTime();

/** Checks a client certificate (DER) against the trust; the HSA-ID when it may log in. */
export async function verifySithsCertificate(der: Uint8Array, trust: SithsTrust, now = new Date()): Promise<Result<SithsIdentity>> {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return refusal('not-a-certificate', 'Kortets certifikat kunde inte läsas.');
  }

  let issuer: X509Certificate | undefined;
  for (const candidate of trust.issuers) {
    if (candidate.subject !== cert.issuer || !validAt(candidate, now) || !(await signedBy(cert, candidate))) continue;
    for (const root of trust.roots) {
      if (root.subject === candidate.issuer && validAt(root, now) && (await signedBy(candidate, root))) {
        issuer = candidate;
        break;
      }
    }
    if (issuer) break;
  }
  if (!issuer) {
    return refusal(
      'unknown-issuer',
      'Certifikatet är inte utfärdat av en godkänd SITHS-utfärdare för personer (funktionscertifikat och andra utfärdare kan inte logga in).',
    );
  }
  if (now.getTime() < cert.notBefore.getTime()) return refusal('not-yet-valid', 'Kortets certifikat gäller inte ännu.');
  if (now.getTime() > cert.notAfter.getTime()) return refusal('expired', 'Kortets certifikat har gått ut. Beställ ett nytt SITHS-kort.');

  const keyUsage = cert.getExtension(KeyUsagesExtension);
  const extendedUsage = cert.getExtension(ExtendedKeyUsageExtension);
  const signs = keyUsage !== null && (keyUsage.usages & KeyUsageFlags.digitalSignature) !== 0;
  const authenticates = extendedUsage !== null && extendedUsage.usages.map(String).includes(ExtendedKeyUsage.clientAuth);
  if (!signs || !authenticates) {
    return refusal('wrong-usage', 'Certifikatet är inte ett legitimeringscertifikat (det saknar användning för inloggning). Välj kortets legitimeringscertifikat.');
  }

  const crls: X509Crl[] = [];
  for (const crl of trust.crls) {
    if (crl.issuer === issuer.subject && (await signedBy(crl, issuer))) crls.push(crl);
  }
  const graceMs = trust.crlGraceHours * 3600 * 1000;
  const current = crls.filter((crl) => crl.nextUpdate === undefined || crl.nextUpdate.getTime() + graceMs >= now.getTime());
  if (current.length === 0) {
    return refusal(
      'no-crl',
      'Spärrlistan för kortets utfärdare saknas eller är för gammal, så centralen kan inte se om kortet är spärrat. Kontakta regionens support.',
    );
  }
  if (current.some((crl) => crl.findRevoked(cert) !== null)) return refusal('revoked', 'Kortets certifikat är spärrat (återkallat).');

  const hsaId = cert.subjectName.getField(SERIAL_NUMBER_OID)[0] ?? '';
  if (!isValidHsaId(hsaId)) return refusal('no-hsa-id', 'Certifikatet saknar ett HSA-id (serialNumber i certifikatets namn).');
  return ok({ hsaId, commonName: cert.subjectName.getField('CN')[0] ?? '', serialNumber: cert.serialNumber, issuer: cert.issuer });
}

export interface SithsTrustFiles {
  caFile: string;
  crlFiles: readonly string[];
  crlGraceHours?: number;
}

/** The trust from its files, parsed again only when a file's size or time changes. */
export function cachedSithsTrust(files: SithsTrustFiles): { trust(): SithsTrust; caPem(): string } {
  let stamp = '';
  let cached: SithsTrust | null = null;
  const stampOf = () => [files.caFile, ...files.crlFiles].map((f) => { const st = fs.statSync(f); return `${st.size}:${st.mtimeMs}`; }).join('|');
  return {
    trust() {
      const now = stampOf();
      if (cached === null || now !== stamp) {
        cached = loadSithsTrust(files.caFile, files.crlFiles, files.crlGraceHours);
        stamp = now;
      }
      return cached;
    },
    caPem: () => fs.readFileSync(files.caFile, 'utf8'),
  };
}
