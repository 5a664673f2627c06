import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { formatLoggableError, loggableError, serverLoggerOptions } from './log';

/** What pg throws for a unique violation: the offending value is in `detail`. */
function uniqueViolation(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "recipient_personal_number_key"'), {
    code: '23505',
    severity: 'ERROR',
    table: 'recipient',
    constraint: 'recipient_personal_number_key',
    detail: 'Key (personal_number)=(19121212-1212) already exists.',
    where: 'SQL statement "INSERT INTO recipient VALUES (\'Tolvan Tolvansson\')"',
    internalQuery: "SELECT 'Tolvan Tolvansson'",
  });
}

describe('loggableError', () => {
  it('keeps message, SQLSTATE, table and constraint; drops detail, where and internalQuery (they hold row values)', () => {
    const logged = loggableError(new Error('push failed', { cause: uniqueViolation() }));
    const text = JSON.stringify(logged);
    expect(text).toContain('23505');
    expect(text).toContain('recipient_personal_number_key');
    expect(text).not.toContain('19121212');
    expect(text).not.toContain('Tolvan');
    expect(formatLoggableError(uniqueViolation())).toContain('code=23505 severity=ERROR table=recipient constraint=recipient_personal_number_key');
    expect(formatLoggableError(uniqueViolation())).not.toContain('19121212');
  });
});

describe('serverLoggerOptions', () => {
  it('writes redacted JSON lines to a 0600 file: no personal number in messages, fields, URLs or errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-server-log-'));
    const file = path.join(dir, 'central.log');
    const app = Fastify({ logger: serverLoggerOptions({ file }) });
    app.get('/x', async (request) => {
      request.log.warn({ recipient: { name: 'Tolvan Tolvansson', personalNumber: '191212121212' }, count: 2 }, 'no match for 19121212-1212');
      request.log.error({ err: uniqueViolation() }, 'push failed');
      return { ok: true };
    });
    await app.inject({ method: 'GET', url: '/x?pnr=191212121212' });
    await app.close();
    await new Promise((r) => setTimeout(r, 100));
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'no match for [personnr]')).toBe(true);
    expect(lines.find((l) => l.count === 2)).toMatchObject({ recipient: { name: '[borttaget]', personalNumber: '[borttaget]' } });
    expect(text).toContain('recipient_personal_number_key');
    expect(text).toContain('/x?pnr=[personnr]');
    expect(text).not.toMatch(/1212-?1212|Tolvan/);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
