import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SIZE, DEFAULT_RATE_LIMIT_PER_MINUTE, describeDatabase, serverConfig } from './config';

describe('serverConfig', () => {
  it('defaults: loopback, 8787, PGlite in ~/.buffert-central, 10 connections, no request log, demo key', () => {
    const c = serverConfig({});
    expect(c).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 8787, databaseUrl: undefined, dataDir: path.join(os.homedir(), '.buffert-central'), poolSize: DEFAULT_POOL_SIZE, logger: false, logFile: undefined, enrolmentKey: undefined,
        trustProxy: false,
        rateLimitPerMinute: { register: DEFAULT_RATE_LIMIT_PER_MINUTE, login: DEFAULT_RATE_LIMIT_PER_MINUTE },
      },
    });
  });

  it('reads every variable', () => {
    const c = serverConfig({
      HOST: ' 10.0.0.5 ',
      PORT: '9000',
      DATABASE_URL: 'postgres://buffert@db:5432/buffert',
      BUFFERT_SERVER_DATA_DIR: '/var/lib/buffert',
      BUFFERT_DB_POOL_SIZE: '25',
      BUFFERT_SERVER_LOG: '1',
      BUFFERT_ENROLMENT_KEY: 'a-long-random-enrolment-key',
      BUFFERT_TRUST_PROXY: '10.20.0.5, 10.30.0.0/24,::1',
      BUFFERT_RATE_LIMIT_REGISTER: '3',
      BUFFERT_RATE_LIMIT_LOGIN: '0',
    });
    expect(c).toEqual({
      ok: true,
      value: { host: '10.0.0.5', port: 9000, databaseUrl: 'postgres://buffert@db:5432/buffert', dataDir: '/var/lib/buffert', poolSize: 25, logger: true, logFile: undefined, enrolmentKey: 'a-long-random-enrolment-key',
        trustProxy: ['10.20.0.5', '10.30.0.0/24', '::1'],
        rateLimitPerMinute: { register: 3, login: 0 },
      },
    });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT ska vara ett portnummer (0–65535), inte "http".'],
    [{ PORT: '70000' }, 'PORT ska vara ett portnummer (0–65535), inte "70000".'],
    [{ PORT: '80.5' }, 'PORT ska vara ett portnummer (0–65535), inte "80.5".'],
    [{ BUFFERT_DB_POOL_SIZE: '0' }, 'BUFFERT_DB_POOL_SIZE ska vara antalet databasanslutningar per process (1–100), inte "0".'],
    [{ BUFFERT_SERVER_LOG: 'yes' }, 'BUFFERT_SERVER_LOG ska vara 1 eller 0, inte "yes".'],
    [{ BUFFERT_TRUST_PROXY: 'true' }, 'BUFFERT_TRUST_PROXY ska vara proxyns adresser (t.ex. 10.20.0.5,10.20.0.0/24), inte "true".'],
    [{ BUFFERT_TRUST_PROXY: '10.20.0.0/33' }, 'BUFFERT_TRUST_PROXY ska vara proxyns adresser (t.ex. 10.20.0.5,10.20.0.0/24), inte "10.20.0.0/33".'],
    [{ BUFFERT_RATE_LIMIT_REGISTER: '-1' }, 'BUFFERT_RATE_LIMIT_REGISTER ska vara antalet registreringsförsök per adress och minut, 0 = ingen gräns (0–10000), inte "-1".'],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(serverConfig(env)).toEqual({ ok: false, error: { code: 'invalid-config', message } });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    const c = serverConfig({ DATABASE_URL: 'mysql://root:hemligt@db/x' });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).not.toContain('hemligt');
  });
});

describe('describeDatabase', () => {
  it('names host, port and database, never the password', () => {
    expect(describeDatabase({ databaseUrl: 'postgres://buffert:hemligt@db.region.se:6432/buffert', dataDir: '/x' })).toBe('PostgreSQL db.region.se:6432/buffert');
    expect(describeDatabase({ databaseUrl: undefined, dataDir: '/var/lib/buffert' })).toBe('PGlite i /var/lib/buffert');
  });
});
