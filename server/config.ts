import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../shared/result';

/** PGlite directory of the central server and the admin CLI: BUFFERT_SERVER_DATA_DIR or ~/.buffert-central. */
export function centralDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BUFFERT_SERVER_DATA_DIR?.trim() || path.join(os.homedir(), '.buffert-central'));
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_POOL_SIZE = 10;
/** More connections per node than this is a misconfiguration, not tuning (docs/deploy-central.md). */
export const MAX_POOL_SIZE = 100;

/** What server/main.ts starts with; every variable is listed in docs/deploy-central.md. */
export interface ServerConfig {
  host: string;
  port: number;
  /** PostgreSQL connection URL; undefined: PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** pg connections per process (PostgreSQL only). */
  poolSize: number;
  /** Fastify's JSON request log (redacted, server/log.ts): on stdout, or in `logFile`. */
  logger: boolean;
  /** BUFFERT_SERVER_LOG_FILE: the log in this file (0600, reopened on SIGHUP for logrotate); turns the log on. */
  logFile: string | undefined;
  /** undefined: the demo key (and a warning at start). */
  enrolmentKey: string | undefined;
  /** BUFFERT_TLS_CERT / BUFFERT_TLS_KEY: PEM files; undefined: plain HTTP (TLS terminated in front). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** BUFFERT_SITHS_CA (PEM bundle: roots + accepted issuing CAs) and BUFFERT_SITHS_CRL (files, comma-separated). */
  siths: { caFile: string; crlFiles: string[]; crlGraceHours: number } | undefined;
  /** BUFFERT_TRUST_PROXY: the proxies whose X-Forwarded-For gives the client address (addresses or CIDRs). */
  trustProxy: false | string[];
  /** Attempts per client address and minute (0: no limit): BUFFERT_RATE_LIMIT_REGISTER, BUFFERT_RATE_LIMIT_LOGIN. */
  rateLimitPerMinute: { register: number; login: number };
}

/** Default attempts per address and minute on /sync/register and the login routes. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 10;

function trustProxy(value: string | undefined): Result<false | string[]> {
  const v = value?.trim() ?? '';
  if (v === '' || v === '0' || v.toLowerCase() === 'off' || v.toLowerCase() === 'false') return ok(false);
  const list = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = list.find((x) => {
    const [address, bits, ...rest] = x.split('/');
    const kind = net.isIP(address ?? '');
    return kind === 0 || rest.length > 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128)));
  });
  if (bad !== undefined || list.length === 0) {
    return err('invalid-config', `BUFFERT_TRUST_PROXY ska vara proxyns adresser (t.ex. 10.20.0.5,10.20.0.0/24), inte "${value}".`);
  }
  return ok(list);
}

function flag(value: string | undefined, name: string): Result<boolean> {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '' || v === '0' || v === 'false' || v === 'off') return ok(false);
  if (v === '1' || v === 'true' || v === 'on') return ok(true);
  return err('invalid-config', `${name} ska vara 1 eller 0, inte "${value}".`);
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number, what: string): Result<number> {
  if (value === undefined || value.trim() === '') return ok(fallback);
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > max) return err('invalid-config', `${name} ska vara ${what} (${min}–${max}), inte "${value}".`);
  return ok(n);
}

/**
 * The server's configuration from the environment, or one Swedish line naming the variable that
 * is wrong (server/main.ts prints it and exits with status 2; never a stack trace).
 */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): Result<ServerConfig> {
  const port = integer(env.PORT, 'PORT', DEFAULT_PORT, 0, 65535, 'ett portnummer');
  if (!port.ok) return port;
  const poolSize = integer(env.BUFFERT_DB_POOL_SIZE, 'BUFFERT_DB_POOL_SIZE', DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE, 'antalet databasanslutningar per process');
  if (!poolSize.ok) return poolSize;
  const logger = flag(env.BUFFERT_SERVER_LOG, 'BUFFERT_SERVER_LOG');
  if (!logger.ok) return logger;

  const proxy = trustProxy(env.BUFFERT_TRUST_PROXY);
  if (!proxy.ok) return proxy;
  const register = integer(env.BUFFERT_RATE_LIMIT_REGISTER, 'BUFFERT_RATE_LIMIT_REGISTER', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 10_000, 'antalet registreringsförsök per adress och minut, 0 = ingen gräns');
  if (!register.ok) return register;
  const login = integer(env.BUFFERT_RATE_LIMIT_LOGIN, 'BUFFERT_RATE_LIMIT_LOGIN', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 10_000, 'antalet inloggningsförsök per adress och minut, 0 = ingen gräns');
  if (!login.ok) return login;

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^(postgres|postgresql|socket):/i.test(databaseUrl)) {
    // Never echo the value: it may hold a password.
    return err('invalid-config', 'DATABASE_URL ska vara en PostgreSQL-adress: postgres://användare@värd:5432/databas (lösenordet helst i PGPASSWORD).');
  }
  const certFile = env.BUFFERT_TLS_CERT?.trim() || undefined;
  const keyFile = env.BUFFERT_TLS_KEY?.trim() || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) return err('invalid-config', 'Sätt både BUFFERT_TLS_CERT och BUFFERT_TLS_KEY (eller ingen av dem).');
  for (const [name, file] of [['BUFFERT_TLS_CERT', certFile], ['BUFFERT_TLS_KEY', keyFile]] as const) {
    if (file !== undefined && !fs.existsSync(file)) return err('invalid-config', `${name}: filen ${file} finns inte.`);
  }
  const caFile = env.BUFFERT_SITHS_CA?.trim() || undefined;
  const crlFiles = (env.BUFFERT_SITHS_CRL ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const grace = integer(env.BUFFERT_SITHS_CRL_GRACE_HOURS, 'BUFFERT_SITHS_CRL_GRACE_HOURS', 24, 0, 24 * 14, 'antal timmar');
  if (!grace.ok) return grace;
  if (caFile !== undefined) {
    if (certFile === undefined) return err('invalid-config', 'BUFFERT_SITHS_CA kräver TLS: sätt BUFFERT_TLS_CERT och BUFFERT_TLS_KEY.');
    if (crlFiles.length === 0) return err('invalid-config', 'BUFFERT_SITHS_CRL saknas: ange spärrlistorna (CRL) för SITHS-utfärdarna.');
    for (const file of [caFile, ...crlFiles]) if (!fs.existsSync(file)) return err('invalid-config', `SITHS: filen ${file} finns inte.`);
  }
  return ok({
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    siths: caFile !== undefined ? { caFile, crlFiles, crlGraceHours: grace.value } : undefined,
    host: env.HOST?.trim() || '127.0.0.1',
    port: port.value,
    databaseUrl,
    dataDir: centralDataDir(env),
    poolSize: poolSize.value,
    logger: logger.value || Boolean(env.BUFFERT_SERVER_LOG_FILE?.trim()),
    logFile: env.BUFFERT_SERVER_LOG_FILE?.trim() || undefined,
    enrolmentKey: env.BUFFERT_ENROLMENT_KEY?.trim() || undefined,
    trustProxy: proxy.value,
    rateLimitPerMinute: { register: register.value, login: login.value },
  });
}

/** The database for messages and logs: host, port and name, never the password. */
export function describeDatabase(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): string {
  if (config.databaseUrl === undefined) return `PGlite i ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    const host = url.hostname || process.env.PGHOST || 'localhost';
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || process.env.PGDATABASE || '(standard)';
    return `PostgreSQL ${host}:${url.port || process.env.PGPORT || 5432}/${database}`;
  } catch {
    return 'PostgreSQL';
  }
}
