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
