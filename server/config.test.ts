import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SIZE, describeDatabase, serverConfig } from './config';

describe('serverConfig', () => {
  it('defaults: loopback, 8787, PGlite in ~/.buffert-central, 10 connections, no request log, demo key', () => {
    const c = serverConfig({});
    expect(c).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 8787, databaseUrl: undefined, dataDir: path.join(os.homedir(), '.buffert-central'), poolSize: DEFAULT_POOL_SIZE, logger: false, enrolmentKey: undefined },
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
    });
    expect(c).toEqual({
      ok: true,
      value: { host: '10.0.0.5', port: 9000, databaseUrl: 'postgres://buffert@db:5432/buffert', dataDir: '/var/lib/buffert', poolSize: 25, logger: true, enrolmentKey: 'a-long-random-enrolment-key' },
    });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT ska vara ett portnummer (0–65535), inte "http".'],
    [{ PORT: '70000' }, 'PORT ska vara ett portnummer (0–65535), inte "70000".'],
    [{ PORT: '80.5' }, 'PORT ska vara ett portnummer (0–65535), inte "80.5".'],
    [{ BUFFERT_DB_POOL_SIZE: '0' }, 'BUFFERT_DB_POOL_SIZE ska vara antalet databasanslutningar per process (1–100), inte "0".'],
    [{ BUFFERT_SERVER_LOG: 'yes' }, 'BUFFERT_SERVER_LOG ska vara 1 eller 0, inte "yes".'],
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
