import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend, BackendOptions } from '../../electron/backend/backend';
import { provisionOfflineLogin, tempBackend, type TempBackend } from './backend';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { DEMO_PASSWORD } from '../../shared/demo/generator';

/**
 * Shared pieces of the sync tests (fault injection, crash, property, soak): a central server under
 * test, workstations wired to it, waiting until they settle, and the comparison of every
 * workstation's replica with the server's truth as a fresh workstation bootstraps it.
 */

export interface CentralUnderTest {
  /** Where it listens now (a restart may change the port). */
  url: string;
  enrolmentKey: string;
  restart(): Promise<void>;
  /** Runs a central admin command (`npm run central -- …`); resolves with its output. */
  admin(argv: string[]): Promise<string>;
  /** Reads the central database as it is now (what central has counted). */
  query?<R>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const quietLog = { error: () => undefined };

export interface Workstation extends TempBackend {
  name: string;
}

export function workstation(name: string, centralUrl: string, enrolmentKey: string, options: Partial<BackendOptions> = {}): Workstation {
  const t = tempBackend({
    centralUrl,
    // The real clock: the server takes a mutation's time from the workstation only when it is not in the future.
    now: () => new Date(),
    ...options,
    sync: {
      enrolmentKey,
      clientName: name,
      pageSize: 500,
      intervalMs: 100,
      writeDelayMs: 10,
      timeoutMs: 5_000,
      backoff: { baseMs: 10, maxMs: 250 },
      log: quietLog,
      ...options.sync,
    },
  });
  return { ...t, name };
}

/**
 * Logs a user in on a replica filled from central. The online login (central checks the password)
 * has its own tests (tests/integration/login.test.ts); here the user is taken to have logged in
 * online on this workstation before, so the offline credential exists.
 */
export function login(b: Backend, userId = 'U1'): void {
  provisionOfflineLogin(b, userId);
  const res = dispatch(b, 'session.login', { userId, secret: DEMO_PASSWORD });
  if (!res.ok) throw new Error(`login ${userId}: ${res.error.message}`);
}

/** Waits until `done` holds, polling; throws with `what` after `timeoutMs`. */
export async function until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Syncs until the outbox is empty and a full cycle succeeded (retrying through faults). */
export async function settle(b: Backend, timeoutMs = 120_000): Promise<void> {
  const engine = b.context.sync!;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await engine.syncNow();
    if (outcome.ok && engine.outbox.pendingCount() === 0 && engine.outbox.all().length === 0) return;
    if (!outcome.ok && !outcome.retryable) throw new Error(`sync stopped: ${outcome.error.code} ${outcome.error.message}`);
    if (Date.now() > end) throw new Error(`workstation did not settle: ${JSON.stringify(engine.status())}`);
    await sleep(outcome.ok ? 0 : 20);
  }
}

/** The replicated state a workstation shows, in a comparable form (local-only columns left out). */
export function replicaState(b: Backend, storeId = '50301') {
  const db = b.context.db;
  return {
    balances: db.prepare('SELECT store_id, article_id, on_hand, reserved FROM stock_balance WHERE store_id = ? ORDER BY article_id').all(storeId),
    individuals: db.prepare('SELECT id, individual_no, individual_no_rev, article_id, serial_no, status, store_id FROM individual ORDER BY id').all(),
    texts: db.prepare('SELECT id, individual_id, text FROM individual_text ORDER BY id').all(),
    movements: db.prepare('SELECT id, store_id, article_id, individual_id, quantity, reason, note FROM stock_movement ORDER BY id').all(),
  };
}

/** A fresh workstation that bootstraps straight from the server (no proxy): the server's truth as the protocol delivers it. */
export async function serverTruth(central: CentralUnderTest): Promise<TempBackend> {
  const verifier = workstation('verifier', central.url, central.enrolmentKey, { sync: { autoStart: false, pageSize: 5_000 } });
  await settle(verifier.backend);
  return verifier;
}

export async function withProxy<T>(central: CentralUnderTest, faultRate: number, fn: (proxy: FaultProxy) => Promise<T>): Promise<T> {
  const proxy = await startFaultProxy({ target: central.url, faultRate, maxDelayMs: 100 });
  try {
    return await fn(proxy);
  } finally {
    await proxy.close();
  }
}

/** A small deterministic PRNG (mulberry32) so a failing run can be repeated from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
