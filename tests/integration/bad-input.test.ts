import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerNames } from '../../shared/api/contract';
import { dispatch } from '../../electron/backend/api/dispatch';
import { tempBackend, type TempBackend } from '../helpers/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';

let t: TempBackend;
beforeAll(() => {
  t = tempBackend();
  dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

const changes = () => t.backend.context.db.prepare('SELECT total_changes()').pluck().get() as number;
const SWEDISH = /[åäöÅÄÖ]|Ogiltig|Okänd|förväntat/;

const malformed: unknown[] = [
  null,
  42,
  'text',
  [],
  [1, 2],
  { unexpectedKey: true },
  { __proto__: { polluted: true }, extra: 1 },
  { limit: 'all' },
  { limit: -1 },
  { limit: 1e9 },
  { offset: 1.5 },
  { query: 12345 },
  { query: 'x'.repeat(10_000) },
  { text: 'y'.repeat(10_000) },
  { id: 'z'.repeat(10_000) },
  { userId: { $ne: null } },
  { articleType: 'rollator' },
  { balance: "all'; DROP TABLE article; --" },
  { status: 'stolen' },
];

describe('every handler refuses malformed input at the boundary and changes nothing', () => {
  for (const name of handlerNames) {
    it(name, () => {
      const before = changes();
      let refused = 0;
      for (const args of malformed) {
        const result = dispatch(t.backend, name, args, { error: () => {} });
        // Every input schema is a strict object, so each of these is wrong for every handler.
        expect(result.ok, `${name} ${JSON.stringify(args)?.slice(0, 60)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid-input');
          expect(result.error.message).toMatch(SWEDISH);
          refused++;
        }
      }
      expect(refused).toBe(malformed.length);
      expect(changes()).toBe(before);
    });
  }

  it('unknown handler names are refused, whatever their shape', () => {
    const before = changes();
    for (const name of ['nope', '', 'app.status.extra', '__proto__', 'constructor', 'toString', 42, null, { name: 'app.status' }]) {
      const result = dispatch(t.backend, name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-handler' } });
    }
    expect(changes()).toBe(before);
  });

  it('data handlers need a logged-in user', () => {
    dispatch(t.backend, 'session.logout', {});
    expect(dispatch(t.backend, 'stock.balances', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(dispatch(t.backend, 'app.status', {}).ok).toBe(true);
    dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  });

  it('logging in as a user of another store is refused', () => {
    expect(dispatch(t.backend, 'session.login', { userId: 'U999', secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unknown-user' } });
  });

  it('a login is written to the audit log with the user', () => {
    const n = () => t.backend.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'login' AND user_id = 'U3'").pluck().get();
    const before = n() as number;
    expect(dispatch(t.backend, 'session.login', { userId: 'U3', secret: DEMO_PASSWORD }).ok).toBe(true);
    expect(n()).toBe(before + 1);
  });
});
