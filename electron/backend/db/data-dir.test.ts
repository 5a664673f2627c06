import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('default data directory (same as Electron userData for "Buffert")', () => {
  it('Linux: XDG config home, else ~/.config', () => {
    expect(defaultDataDir('linux', {}, '/home/lena')).toBe('/home/lena/.config/Buffert');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/lena')).toBe('/cfg/Buffert');
  });
  it('Windows: %APPDATA%', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\lena\\AppData\\Roaming' }, 'C:\\Users\\lena')).toBe('C:\\Users\\lena\\AppData\\Roaming\\Buffert');
  });
  it('macOS: Application Support', () => {
    expect(defaultDataDir('darwin', {}, '/Users/lena')).toBe('/Users/lena/Library/Application Support/Buffert');
  });
});

describe('the data directory on Windows: an ACL for the user, SYSTEM and Administrators only', () => {
  it('reads the user SID from whoami and replaces the inherited ACL with icacls', async () => {
    const { secureDataDir, windowsAclArgs } = await import('./data-dir');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-acl-'));
    const calls: [string, readonly string[]][] = [];
    secureDataDir(path.join(dir, 'data'), 'win32', (file, args) => {
      calls.push([file, args]);
      return file === 'whoami' ? '"KOMMUN\\\\lena","S-1-5-21-1004336348-1177238915-682003330-1001"\r\n' : '';
    });
    expect(calls).toEqual([
      ['whoami', ['/user', '/fo', 'csv', '/nh']],
      ['icacls', windowsAclArgs(path.join(dir, 'data'), 'S-1-5-21-1004336348-1177238915-682003330-1001')],
    ]);
    expect(calls[1]![1]).toEqual(expect.arrayContaining(['/inheritance:r', '/grant:r', '*S-1-5-21-1004336348-1177238915-682003330-1001:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F']));
    // No SID: refuse to go on rather than leave the directory as open as its parent.
    expect(() => secureDataDir(path.join(dir, 'other'), 'win32', () => 'INFO: no user')).toThrow(/SID/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
