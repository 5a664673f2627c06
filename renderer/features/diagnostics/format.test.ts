import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('shows bytes, kB, MB and GB with a Swedish decimal comma', () => {
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(3_424_256)).toBe('3,4 MB');
    expect(formatBytes(452_000_000)).toBe('452 MB');
    expect(formatBytes(2_500_000_000)).toBe('2,5 GB');
  });
});
