import { describe, expect, it } from 'vitest';
import { formatLoggableError, loggableError } from './log';

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
