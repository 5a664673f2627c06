import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, AuditVerifyResult } from '../../../shared/api/audit';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

let t: TempBackend;
beforeAll(() => {
  t = tempBackend();
});
afterAll(() => t.cleanup());

const db = () => t.backend.context.db;
const call = (name: string, input: unknown = {}) => dispatch(t.backend, name, input, { error: () => {} });
const login = (userId: string) => {
  const r = call('session.login', { userId, secret: DEMO_PASSWORD });
  if (!r.ok) throw new Error(r.error.message);
};
const list = (input: Record<string, unknown> = {}) => {
  const r = call('audit.list', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as AuditPage;
};

describe('every look-up of a patient is logged (recipient/repository.ts)', () => {
  it('a recipient read writes recipient.view with who, when and whom, and no personal data', () => {
    login('U2');
    const r = db().prepare("SELECT id, name, personal_number FROM recipient WHERE kind = 'patient' LIMIT 1").get() as { id: string; name: string; personal_number: string };
    const seen = t.backend.context.repos.recipients.view(r.id, 'U2', { via: 'individual.get', individualId: 'I1' });
    expect(seen).toMatchObject({ id: r.id, name: r.name, personalNumber: r.personal_number });
    const entry = db().prepare("SELECT at, user_id, entity, entity_id, details FROM audit_log WHERE action = 'recipient.view' ORDER BY seq DESC LIMIT 1").get() as Record<string, string>;
    expect(entry).toEqual({ at: '2026-11-22T10:00:00.000Z', user_id: 'U2', entity: 'recipient', entity_id: r.id, details: '{"via":"individual.get","individualId":"I1"}' });
    expect(JSON.stringify(entry)).not.toContain(r.personal_number);
    expect(JSON.stringify(entry)).not.toContain(r.name);
  });

  it('an unknown recipient is no look-up and writes nothing', () => {
    const before = db().prepare('SELECT count(*) FROM audit_log').pluck().get();
    expect(t.backend.context.repos.recipients.view('nobody', 'U2', { via: 'test' })).toBeNull();
    expect(db().prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
  });
});

describe('the Logg page: audit.list and audit.verify, store admins only', () => {
  it('refuses a user who is not a store admin, in Swedish', () => {
    login('U2');
    expect(call('audit.list')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Bara lageradministratörer får se loggen.' } });
    expect(call('audit.verify')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lists entries newest first with the user’s name, filtered and paged', () => {
    login('U1');
    const all = list();
    expect(all.rows[0]).toMatchObject({ action: 'login', userId: 'U1', userName: 'Lena Tekniker', entity: 'user' });
    expect(all.rows.map((r) => r.seq)).toEqual([...all.rows.map((r) => r.seq)].sort((a, b) => b - a));
    expect(all.actions).toEqual(expect.arrayContaining(['login', 'recipient.view']));
    expect(all.users).toEqual(expect.arrayContaining([{ id: 'U1', name: 'Lena Tekniker' }, { id: 'U2', name: 'Ahmed Lagerman' }]));

    const views = list({ action: 'recipient.view' });
    expect(views.rows.length).toBe(1);
    expect(views.rows[0]).toMatchObject({ userId: 'U2', entity: 'recipient', label: null });
    expect(list({ entityId: views.rows[0]!.entityId }).rows.map((r) => r.action)).toEqual(['recipient.view']);
    expect(list({ userId: 'U2' }).rows.every((r) => r.userId === 'U2')).toBe(true);
    expect(list({ from: '2026-11-23' }).rows).toEqual([]);
    expect(list({ from: '2026-11-22', to: '2026-11-22' }).rows.length).toBe(all.rows.length);

    const first = list({ limit: 2 });
    expect(first.rows.length).toBe(2);
    const next = list({ limit: 2, before: first.nextBefore! });
    expect(next.rows[0]!.seq).toBeLessThan(first.rows[1]!.seq);
  });

  it('refuses bad filters with a Swedish message', () => {
    expect(call('audit.list', { from: '2026-11-30', to: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(call('audit.list', { from: '30/11' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('ÅÅÅÅ-MM-DD') } });
  });

  it('audit.verify: ok, then the first broken entry and why after a tamperer edits the file', () => {
    const ok = call('audit.verify');
    expect(ok).toMatchObject({ ok: true, value: { ok: true, firstBreak: null, breaks: 0, sentSeq: 0 } });
    const count = (ok as { value: AuditVerifyResult }).value.count;
    expect(count).toBeGreaterThanOrEqual(4);
    db().exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_id = 'U3' WHERE seq = 2");
    const broken = call('audit.verify');
    expect(broken).toMatchObject({ ok: true, value: { ok: false, count, firstBreak: { seq: 2, kind: 'content' }, breaks: 1 } });
  });
});
