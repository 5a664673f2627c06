import { randomUUID } from 'node:crypto';
import type { ReplicatedTable } from '../../../shared/sync/protocol';
import type { Db } from '../db/replica';
import { getSetting, setSetting } from '../db/settings';

/** The persisted sync position (table sync_state, one row) and the workstation's identity (replica_setting). */
export interface SyncStateRow {
  lastMutationId: number;
  cursor: string | null;
  bootstrapped: boolean;
  resync: boolean;
  pullTotal: number | null;
  pullRows: number;
  pullBase: Partial<Record<ReplicatedTable, number>> | null;
  pullDeletes: Partial<Record<ReplicatedTable, number>>;
  failsafeConfirmed: boolean;
  lastSyncAt: string | null;
}

interface Row {
  last_mutation_id: number;
  cursor: string | null;
  bootstrapped: number;
  resync: number;
  pull_total: number | null;
  pull_rows: number;
  pull_base: string | null;
  pull_deletes: string;
  failsafe_confirmed: number;
  last_sync_at: string | null;
}

const COLUMN: Record<Exclude<keyof SyncStateRow, 'lastMutationId'>, string> = {
  cursor: 'cursor',
  bootstrapped: 'bootstrapped',
  resync: 'resync',
  pullTotal: 'pull_total',
  pullRows: 'pull_rows',
  pullBase: 'pull_base',
  pullDeletes: 'pull_deletes',
  failsafeConfirmed: 'failsafe_confirmed',
  lastSyncAt: 'last_sync_at',
};

const toSql = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

export const CLIENT_ID_KEY = 'syncClientId';
export const TOKEN_KEY = 'syncToken';

export class SyncStateStore {
  private readonly read;

  constructor(private readonly db: Db) {
    this.read = db.prepare<[], Row>('SELECT * FROM sync_state WHERE id = 1');
  }

  get(): SyncStateRow {
    const r = this.read.get()!;
    return {
      lastMutationId: r.last_mutation_id,
      cursor: r.cursor,
      bootstrapped: r.bootstrapped === 1,
      resync: r.resync === 1,
      pullTotal: r.pull_total,
      pullRows: r.pull_rows,
      pullBase: r.pull_base === null ? null : (JSON.parse(r.pull_base) as SyncStateRow['pullBase']),
      pullDeletes: JSON.parse(r.pull_deletes) as SyncStateRow['pullDeletes'],
      failsafeConfirmed: r.failsafe_confirmed === 1,
      lastSyncAt: r.last_sync_at,
    };
  }

  set(patch: Partial<Omit<SyncStateRow, 'lastMutationId'>>): void {
    const keys = Object.keys(patch) as (keyof typeof COLUMN)[];
    if (keys.length === 0) return;
    this.db
      .prepare(`UPDATE sync_state SET ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = 1`)
      .run(...keys.map((k) => toSql(patch[k])));
  }

  /** Opens or closes the ledger for a rebase; only ever set inside that transaction. */
  unlockLedger(unlocked: boolean): void {
    this.db.prepare('UPDATE sync_state SET ledger_unlocked = ? WHERE id = 1').run(unlocked ? 1 : 0);
  }

  /** The workstation's client id: made once, kept for the life of the replica (mutation ids are per client). */
  clientId(): string {
    let id = getSetting(this.db, CLIENT_ID_KEY);
    if (!id) {
      id = `ws-${randomUUID()}`;
      setSetting(this.db, CLIENT_ID_KEY, id);
    }
    return id;
  }

  token(): string | null {
    return getSetting(this.db, TOKEN_KEY);
  }

  setToken(token: string | null): void {
    if (token === null) this.db.prepare('DELETE FROM replica_setting WHERE key = ?').run(TOKEN_KEY);
    else setSetting(this.db, TOKEN_KEY, token);
  }
}
