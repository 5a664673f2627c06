import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../api/dispatch';
import { lockSession } from '../session/handlers';
import { BACKUP_IDLE_MS } from './service';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

describe('the automatic daily backup', () => {
  let t: TempBackend | null = null;
  afterEach(() => {
    vi.useRealTimers();
    t?.cleanup();
    t = null;
  });

  it('waits while a person works here, and is made when they pause, lock or log out', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    t = tempBackend({ diagnostics: { autoBackup: false } });
    const { backend } = t;
    const service = backend.context.diagnostics.service;
    expect(dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
    expect(dispatch(backend, 'stock.balances', { balance: 'withBalance', limit: 10 }).ok).toBe(true);

    // Due (there is none yet), but the logged-in person has just called the backend.
    expect(service.backupIfDue()).toBeNull();
    vi.advanceTimersByTime(BACKUP_IDLE_MS - 1000);
    expect(service.backupIfDue()).toBeNull();
    expect(service.backups().backups).toHaveLength(0);

    // Five minutes without a call: the backup is made.
    vi.advanceTimersByTime(1000);
    const first = service.backupIfDue();
    expect(first).not.toBeNull();
    expect(service.backups().backups.map((b) => b.name)).toEqual([first!.name]);

    // Not due again within the day, whatever the activity.
    expect(service.backupIfDue()).toBeNull();
  });

  it('is made at once on a locked workstation, or with nobody logged in', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    t = tempBackend({ diagnostics: { autoBackup: false } });
    const { backend } = t;
    const service = backend.context.diagnostics.service;
    expect(dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
    expect(dispatch(backend, 'stock.balances', { balance: 'withBalance', limit: 10 }).ok).toBe(true);
    expect(service.backupIfDue()).toBeNull();
    lockSession(backend.context, 'manual');
    expect(service.backupIfDue()).not.toBeNull();

    const other = tempBackend({ diagnostics: { autoBackup: false } });
    try {
      expect(other.backend.context.session.user).toBeNull();
      expect(other.backend.context.diagnostics.service.backupIfDue()).not.toBeNull();
    } finally {
      other.cleanup();
    }
  });
});
