import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  type X509Certificate,
  X509CertificateGenerator,
  X509CrlGenerator,
  type Extension,
} from '@peculiar/x509';

/**
 * A test PKI shaped like SITHS (the real CAs are never needed): a root, the person issuing CA
 * whose certificates may log in, a function CA under the same root, a foreign root and CA with
 * the same names, a TLS server certificate for 127.0.0.1, and person certificates that are valid,
 * expired, revoked, for the wrong usage, or function certificates. Keys are ECDSA P-256.
 */

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

export interface Issued {
  cert: X509Certificate;
  certPem: string;
  keyPem: string;
  keys: webcrypto.CryptoKeyPair;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

let serial = 0x1000;
const nextSerial = () => (serial++).toString(16).padStart(8, '0');

async function issue(
  subject: string,
  issuer: Issued | null,
  extensions: Extension[],
  validity: { from: Date; to: Date },
): Promise<Issued> {
  const keys = await keyPair();
  const cert = await X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject,
    issuer: issuer ? issuer.cert.subject : subject,
    notBefore: validity.from,
    notAfter: validity.to,
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.keys.privateKey : keys.privateKey,
    extensions,
  });
  return { cert, certPem: cert.toString('pem'), keyPem: await pkcs8Pem(keys.privateKey), keys };
}

const caExtensions = () => [new BasicConstraintsExtension(true, 1, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)];
const personExtensions = (usage: string[] = [ExtendedKeyUsage.clientAuth]) => [
  new BasicConstraintsExtension(false, undefined, true),
  new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
  new ExtendedKeyUsageExtension(usage),
];

export interface SithsPki {
  root: Issued;
  personCa: Issued;
  functionCa: Issued;
  foreignCa: Issued;
  server: Issued;
  /** The accepted trust: root + person CA (what BUFFERT_SITHS_CA holds). */
  caBundlePem: string;
  crlPem: string;
  staleCrlPem: string;
  person(hsaId: string, name: string, options?: { from?: Date; to?: Date; usage?: string[]; issuer?: 'person' | 'function' | 'foreign' }): Promise<Issued>;
  revoke(cert: X509Certificate): Promise<void>;
  /** Writes ca.pem, crl.pem, server.pem, server-key.pem into `dir`; returns the paths. */
  write(dir: string): { caFile: string; crlFile: string; certFile: string; keyFile: string };
}

export async function createSithsPki(now = new Date()): Promise<SithsPki> {
  const long = { from: new Date(now.getTime() - 365 * DAY), to: new Date(now.getTime() + 5 * 365 * DAY) };
  const root = await issue('CN=Test SITHS e-id Root CA v2, O=Inera AB, C=SE', null, caExtensions(), long);
  const personCa = await issue('CN=Test SITHS e-id Person HSA-id 3 CA v1, O=Inera AB, C=SE', root, caExtensions(), long);
  const functionCa = await issue('CN=Test SITHS e-id Function CA v1, O=Inera AB, C=SE', root, caExtensions(), long);
  // Same names as the real chain, other keys: only the signatures tell them apart.
  const foreignRoot = await issue('CN=Test SITHS e-id Root CA v2, O=Inera AB, C=SE', null, caExtensions(), long);
  const foreignCa = await issue('CN=Test SITHS e-id Person HSA-id 3 CA v1, O=Inera AB, C=SE', foreignRoot, caExtensions(), long);
  const server = await issue(
    'CN=127.0.0.1',
    root,
    [
      new BasicConstraintsExtension(false),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      new SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
    ],
    long,
  );

  const revoked: string[] = [];
  const makeCrl = async (thisUpdate: Date, nextUpdate: Date) =>
    (
      await X509CrlGenerator.create({
        issuer: personCa.cert.subject,
        thisUpdate,
        nextUpdate,
        signingAlgorithm: ALG,
        signingKey: personCa.keys.privateKey,
        entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: thisUpdate })),
      })
    ).toString('pem');

  const pki: SithsPki = {
    root,
    personCa,
    functionCa,
    foreignCa,
    server,
    caBundlePem: `${root.certPem}\n${personCa.certPem}\n`,
    crlPem: await makeCrl(new Date(now.getTime() - DAY), new Date(now.getTime() + 2 * DAY)),
    staleCrlPem: await makeCrl(new Date(now.getTime() - 10 * DAY), new Date(now.getTime() - 3 * DAY)),
    async person(hsaId, name, options = {}) {
      const issuer = options.issuer === 'function' ? functionCa : options.issuer === 'foreign' ? foreignCa : personCa;
      return issue(`CN=${name}, 2.5.4.5=${hsaId}, O=Testkommunen, C=SE`, issuer, personExtensions(options.usage), {
        from: options.from ?? new Date(now.getTime() - 30 * DAY),
        to: options.to ?? new Date(now.getTime() + 365 * DAY),
      });
    },
    async revoke(cert) {
      revoked.push(cert.serialNumber);
      pki.crlPem = await makeCrl(new Date(now.getTime() - 3600 * 1000), new Date(now.getTime() + 2 * DAY));
    },
    write(dir) {
      fs.mkdirSync(dir, { recursive: true });
      const files = {
        caFile: path.join(dir, 'siths-ca.pem'),
        crlFile: path.join(dir, 'siths.crl.pem'),
        certFile: path.join(dir, 'server.pem'),
        keyFile: path.join(dir, 'server-key.pem'),
      };
      fs.writeFileSync(files.caFile, pki.caBundlePem);
      fs.writeFileSync(files.crlFile, pki.crlPem);
      fs.writeFileSync(files.certFile, server.certPem);
      fs.writeFileSync(files.keyFile, server.keyPem, { mode: 0o600 });
      return files;
    },
  };
  return pki;
}
