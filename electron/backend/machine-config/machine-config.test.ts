import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER_SETTINGS } from '../../../shared/api/scanner';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { makeTempDir, tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { ReplayHidAdapter } from '../../../tests/helpers/replay-hid';
import { dispatch } from '../api/dispatch';
import { syncOptionsFromEnv } from '../config';
import {
  MACHINE_CONFIG_ENV,
  machineConfigFile,
  MachineConfigError,
  machineConfigStartupError,
  machineScannerOf,
  machineSettings,
  readMachineConfig,
  withMachineConfig,
} from './machine-config';

const dirs: string[] = [];
const backends: TempBackend[] = [];
afterEach(() => {
  for (const b of backends.splice(0)) b.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function configFile(content: string): string {
  const dir = makeTempDir('buffert-machine-config-');
  dirs.push(dir);
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, content);
  return file;
}

describe('where the machine configuration lives', () => {
  it('is the machine-wide folder of each platform', () => {
    expect(machineConfigFile({ platform: 'win32', env: { ProgramData: 'D:\\ProgramData' }, allowOverride: false })).toBe('D:\\ProgramData\\Buffert\\config.json');
    expect(machineConfigFile({ platform: 'win32', env: {}, allowOverride: false })).toBe('C:\\ProgramData\\Buffert\\config.json');
    expect(machineConfigFile({ platform: 'linux', env: {}, allowOverride: false })).toBe('/etc/buffert/config.json');
    expect(machineConfigFile({ platform: 'darwin', env: {}, allowOverride: false })).toBe('/Library/Application Support/Buffert/config.json');
  });

  it('is moved by BUFFERT_MACHINE_CONFIG only where that is allowed (never in the installed app)', () => {
    const env = { [MACHINE_CONFIG_ENV]: '/tmp/own-config.json' };
    expect(machineConfigFile({ platform: 'linux', env, allowOverride: true })).toBe('/tmp/own-config.json');
    expect(machineConfigFile({ platform: 'linux', env, allowOverride: false })).toBe('/etc/buffert/config.json');
  });
});

describe('reading it', () => {
  it('is no configuration when the file is not there', () => {
    expect(readMachineConfig('/nonexistent/buffert/config.json')).toEqual({ file: '/nonexistent/buffert/config.json', present: false, config: {} });
  });

  it('refuses a broken file with a message that names the file and the field', () => {
    const file = configFile(JSON.stringify({ login: { lockMinutes: 999 } }));
    expect(() => readMachineConfig(file)).toThrow(MachineConfigError);
    try {
      readMachineConfig(file);
    } catch (error) {
      const e = error as MachineConfigError;
      expect(e.file).toBe(file);
      expect(e.message).toContain(file);
      expect(e.message).toContain('fältet "login.lockMinutes": högst 240');
      // The startup-error screen's form: the message, the file on its own line, what to do.
      expect(machineConfigStartupError(e)).toMatchObject({ code: 'startup-failed', details: { reason: 'machine-config', path: file, todo: expect.stringContaining('IT') } });
    }
  });

  it('refuses a file it cannot read (a folder in its place), saying so', () => {
    const dir = makeTempDir('buffert-machine-config-');
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'config.json'));
    expect(() => readMachineConfig(path.join(dir, 'config.json'))).toThrow(/kunde inte läsas \(EISDIR\)/);
  });
});

describe('its values over the environment', () => {
  const file = () => configFile(JSON.stringify({ central: { url: 'https://buffert.region.se', storeId: '50302', enrolmentKey: 'region-secret-key' }, login: { lockMinutes: 3, method: 'siths' }, siths: { issuers: ['A CA', 'B CA'] } }));

  it('wins over what the environment says, and leaves the rest to it', () => {
    const state = readMachineConfig(file());
    const env = withMachineConfig({ BUFFERT_LOCK_MINUTES: '0', BUFFERT_OFFLINE_LOGIN_DAYS: '2', BUFFERT_CENTRAL_URL: 'http://elsewhere' }, state);
    expect(env.BUFFERT_LOCK_MINUTES).toBe('3');
    expect(env.BUFFERT_CENTRAL_URL).toBe('https://buffert.region.se');
    expect(env.BUFFERT_OFFLINE_LOGIN_DAYS).toBe('2');
    expect(env.BUFFERT_SITHS_ISSUERS).toBe('A CA,B CA');
    // Read by the same code that reads the environment: one reader per setting.
    const options = syncOptionsFromEnv(env);
    expect(options).toMatchObject({ centralUrl: 'https://buffert.region.se', storeId: '50302', login: { method: 'siths', lockAfterMinutes: 3, offlineValidDays: 2 } });
  });

  it('shows each setting with its source, and never a secret', () => {
    const state = readMachineConfig(file());
    const view = machineSettings({ BUFFERT_OFFLINE_LOGIN_DAYS: '2', BUFFERT_LOCK_MINUTES: '0' }, state);
    const of = (p: string) => view.settings.find((s) => s.path === p);
    expect(view).toMatchObject({ file: state.file, present: true });
    expect(of('login.lockMinutes')).toEqual({ path: 'login.lockMinutes', value: '3', source: 'machine' });
    expect(of('login.offlineLoginDays')).toEqual({ path: 'login.offlineLoginDays', value: '2', source: 'environment' });
    expect(of('backup.keepDays')).toEqual({ path: 'backup.keepDays', value: null, source: 'default' });
    expect(of('central.enrolmentKey')).toEqual({ path: 'central.enrolmentKey', value: '••••••', source: 'machine' });
    expect(JSON.stringify(view)).not.toContain('region-secret-key');
  });
});

describe('the scanner IT fixed', () => {
  it('is locked only when the file says users may not change it', () => {
    expect(machineScannerOf(undefined)).toEqual({ defaults: {}, locked: false });
    expect(machineScannerOf({ scanner: { mode: 'hidPos', userMayChange: true } })).toEqual({ defaults: { mode: 'hidPos' }, locked: false });
    expect(machineScannerOf({ scanner: { mode: 'hidPos', profile: 'zebra', userMayChange: false } })).toEqual({ defaults: { mode: 'hidPos', profile: 'zebra' }, locked: true });
  });

  function scannerBackend(scanner: object) {
    const t = tempBackend({ scanner: { adapter: new ReplayHidAdapter(), retryMs: 5 }, machineConfig: { config: { scanner }, view: { file: '/etc/buffert/config.json', present: true, settings: [] } } });
    backends.push(t);
    dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    return (name: string, args: unknown) => dispatch(t.backend, name, args, { error: () => {} });
  }

  it('gives its defaults to a user who has saved nothing, and lets them change them when allowed', () => {
    const call = scannerBackend({ mode: 'hidPos', layout: 'us', userMayChange: true });
    expect(call('scanner.settings', {})).toMatchObject({ ok: true, value: { mode: 'hidPos', layout: 'us' } });
    expect(call('scanner.saveSettings', { ...DEFAULT_SCANNER_SETTINGS, mode: 'wedge' })).toMatchObject({ ok: true, value: { mode: 'wedge' } });
  });

  it('refuses a change of what IT fixed with a Swedish message, but lets the sound be changed', () => {
    const call = scannerBackend({ mode: 'hidPos', layout: 'us', userMayChange: false });
    const current = (call('scanner.settings', {}) as { value: typeof DEFAULT_SCANNER_SETTINGS }).value;
    expect(current).toMatchObject({ mode: 'hidPos', layout: 'us' });
    const refused = call('scanner.saveSettings', { ...current, mode: 'wedge' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'settings-locked', message: expect.stringContaining('bestämda av IT') } });
    expect(call('scanner.settings', {})).toMatchObject({ value: { mode: 'hidPos' } });
    expect(call('scanner.saveSettings', { ...current, sound: { enabled: false, volume: 0.2 } })).toMatchObject({ ok: true, value: { sound: { enabled: false } } });
    expect(call('settings.get', {})).toMatchObject({ ok: true, value: { machine: { scannerLocked: ['mode', 'layout'], present: true } } });
  });
});

describe('the people’s own settings', () => {
  it('are kept per person in the data directory, and the login screen gets the last person’s', () => {
    const t = tempBackend();
    backends.push(t);
    const call = (name: string, args: unknown) => dispatch(t.backend, name, args, { error: () => {} });
    expect(call('settings.user', {})).toEqual({ ok: true, value: { textSize: 'normal', printers: { document: null, label: null }, labelPreset: null } });
    call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    expect(call('settings.saveUser', { textSize: 'larger' })).toEqual({ ok: true, value: { textSize: 'larger', printers: { document: null, label: null }, labelPreset: null } });
    expect(call('settings.saveUser', { textSize: 'huge' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    call('session.logout', {});
    expect(call('settings.user', {})).toMatchObject({ ok: true, value: { textSize: 'larger' } });
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    expect(call('settings.get', {})).toMatchObject({ ok: true, value: { user: { textSize: 'normal' } } });
    const file = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'user-settings.json'), 'utf8'));
    expect(file.users).toEqual({ U1: { textSize: 'larger', printers: { document: null, label: null }, labelPreset: null } });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(t.dataDir, 'user-settings.json')).mode & 0o077).toBe(0);
  });
});
