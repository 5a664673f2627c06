import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresBinDir } from '../../tests/helpers/postgres';
import { decodeCursor, encodeCursor } from './cursor';
import { effectiveTime } from './push';

describe('pull cursor', () => {
  it('round-trips the position for the same database and store, and fits the protocol limit', () => {
    const cursor = encodeCursor('0a1b2c3d', '50301', 123_456_789);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, '0a1b2c3d', '50301')).toEqual({ seq: 123_456_789 });
    expect(encodeCursor('0a1b2c3d', 'ABCDEFGHIJKLMNOP', 9_007_199_254_740).length).toBeLessThanOrEqual(64);
  });

  it('is unknown for another database, another store, garbage and negative or huge positions', () => {
    const cursor = encodeCursor('0a1b2c3d', '50301', 5);
    expect(decodeCursor(cursor, 'ffffffff', '50301')).toBeNull();
    expect(decodeCursor(cursor, '0a1b2c3d', '10')).toBeNull();
    for (const bad of ['', 'x', '!!!', Buffer.from('c1.1.0a1b2c3d.50301.-3').toString('base64url'), Buffer.from('c1.1.0a1b2c3d.50301.99999999999999999').toString('base64url')]) {
      expect(decodeCursor(bad, '0a1b2c3d', '50301')).toBeNull();
    }
  });
});

describe('the time of a mutation', () => {
  const now = new Date('2026-11-02T10:00:00.000Z');
  it("is the workstation's createdAt when plausible (offline work keeps its real time)", () => {
    expect(effectiveTime('2026-10-28T07:15:00.000Z', now)).toBe('2026-10-28T07:15:00.000Z');
    expect(effectiveTime('2026-11-02T10:03:00+00:00', now)).toBe('2026-11-02T10:03:00.000Z');
  });
  it("is the server's clock for a future, ancient or unreadable createdAt", () => {
    for (const bad of ['2026-11-03T10:00:00.000Z', '1999-12-31T23:59:59Z', 'igår', '']) expect(effectiveTime(bad, now)).toBe(now.toISOString());
  });
});

describe('the PostgreSQL test helper', () => {
  it('fails loudly, naming the package, when no PostgreSQL binaries exist', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-pg-'));
    try {
      expect(() => postgresBinDir({}, empty)).toThrow(/PostgreSQL saknas.*apt-get install postgresql/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
