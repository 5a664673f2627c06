import fs from 'node:fs';
import fc from 'fast-check';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { replicaPath } from '../../electron/backend/backend';
import { connectReplica } from '../../electron/backend/db/replica';
import { CLIENT_ID_KEY, TOKEN_KEY } from '../../electron/backend/sync/state';
import { makeTempDir, TEST_REPLICA_KEY } from './backend';
import { login, replicaState, settle, workstation, type CentralUnderTest, type Workstation } from './sync-harness';

/**
 * Property-based convergence (fast-check): random interleavings of offline writes, pushes and
 * pulls on several workstations end, once everyone has synced, with every replica equal to the
 * server's state, and every saved write either on the server or in its workstation's conflict list.
 */

type Op =
  | { t: 'adjust'; article: number; qty: number }
  | { t: 'register'; no: number }
  | { t: 'changeNumber'; ind: number; no: number }
  | { t: 'addText'; ind: number };
export type Command = { kind: 'write'; client: number; op: Op } | { kind: 'push' | 'pull' | 'sync'; client: number };

export function commandsArbitrary(clients: number, maxCommands: number): fc.Arbitrary<Command[]> {
  const client = fc.nat(clients - 1);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant('adjust' as const), article: fc.nat(2), qty: fc.integer({ min: -3, max: 3 }).filter((q) => q !== 0) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('register' as const), no: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('changeNumber' as const), ind: fc.nat(2), no: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('addText' as const), ind: fc.nat(2) }) },
  );
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), client, op }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('push' as const, 'pull' as const, 'sync' as const), client }) },
  );
  return fc.array(command, { minLength: 1, maxLength: maxCommands });
}

export interface ConvergenceWorld {
  central: CentralUnderTest;
  /** Pulls only: the server's state as the feed delivers it; new workstations are copies of it. */
  observer: Workstation;
  articles: string[];
  bArticle: string;
  individuals: string[];
  /** The server's data keeps balance = sum of the ledger: then every replica must too, at every step. */
  ledgerConsistent: boolean;
  runs: number;
  cleanup(): void;
}

export async function convergenceWorld(central: CentralUnderTest): Promise<ConvergenceWorld> {
  const observer = workstation('observer', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(observer.backend);
  const db = observer.backend.context.db;
  const articles = db.prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 3").pluck().all() as string[];
  const bArticle = db.prepare("SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' ORDER BY article_no LIMIT 1").pluck().get() as string;
  const individuals = db.prepare("SELECT id FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY id LIMIT 3").pluck().all() as string[];
  return {
    central,
    observer,
    articles,
    bArticle,
    individuals,
    ledgerConsistent: ledgerProblem(observer.backend) === null,
    runs: 0,
    cleanup() {
      observer.cleanup();
    },
  };
}

/**
 * A new workstation as a copy of the observer's replica (same data, same feed position, so each
 * run starts near the head of the feed) with its own identity and an empty mutation sequence.
 */
function cloneWorkstation(world: ConvergenceWorld, name: string): Workstation {
  const dataDir = makeTempDir('buffert-prop-');
  const file = replicaPath(dataDir);
  world.observer.backend.context.db.pragma('wal_checkpoint(TRUNCATE)');
  fs.copyFileSync(replicaPath(world.observer.dataDir), file);
  const db = connectReplica(file, TEST_REPLICA_KEY);
  db.prepare('DELETE FROM replica_setting WHERE key IN (?, ?)').run(CLIENT_ID_KEY, TOKEN_KEY);
  db.exec('UPDATE sync_state SET last_mutation_id = 0');
  db.close();
  const ws = workstation(name, world.central.url, world.central.enrolmentKey, { dataDir, sync: { autoStart: false, pushBatchSize: 3, pageSize: 50 } });
  login(ws.backend);
  return ws;
}

interface SavedWrite {
  client: number;
  mutationId: number;
  marker: { table: 'stock_movement' | 'individual_text'; id: string };
}

/** Runs one interleaving; returns a description of what went wrong, or null. */
export async function runInterleaving(world: ConvergenceWorld, clients: number, commands: Command[]): Promise<string | null> {
  const run = world.runs++;
  const stations = Array.from({ length: clients }, (_, i) => cloneWorkstation(world, `prop-${run}-${i}`));
  const saved: SavedWrite[] = [];
  try {
    for (const c of commands) {
      const b = stations[c.client]!.backend;
      const engine = b.context.sync!;
      if (c.kind === 'write') write(world, run, c.client, b, c.op, saved);
      else if (c.kind === 'push') await engine.pushOnly();
      else if (c.kind === 'pull') await engine.pullOnly();
      else await engine.syncNow();
      const problem = localInvariant(world, b);
      if (problem) return `after ${JSON.stringify(c)}: ${stations[c.client]!.name}: ${problem}`;
    }
    for (let round = 0; round < 2; round++) for (const s of stations) await settle(s.backend);
    await settle(world.observer.backend);
    const truth = JSON.stringify(replicaState(world.observer.backend));
    for (const s of stations) {
      if (JSON.stringify(replicaState(s.backend)) !== truth) return `${s.name} differs from the server`;
    }
    const odb = world.observer.backend.context.db;
    for (const w of saved) {
      const onServer = odb.prepare(`SELECT count(*) FROM ${w.marker.table} WHERE id = ?`).pluck().get(w.marker.id) as number;
      const conflict = stations[w.client]!.backend.context.db.prepare('SELECT count(*) FROM sync_conflicts WHERE mutation_id = ?').pluck().get(w.mutationId) as number;
      if (onServer + conflict !== 1) return `mutation ${w.mutationId} of client ${w.client}: on server ${onServer}, conflicts ${conflict}`;
    }
    return null;
  } finally {
    for (const s of stations) s.cleanup();
  }
}

/**
 * What must hold on a workstation after every step: its unacknowledged work is visible (each
 * entry with a local effect has its row; one without has the reason why), and balances agree with
 * the ledger.
 */
function localInvariant(world: ConvergenceWorld, b: Backend): string | null {
  const engine = b.context.sync!;
  for (const e of engine.outbox.all()) {
    if (e.localApplied && !engine.local.isReflected(e)) return `outbox ${e.id} (${e.name}) marked applied but its row is missing`;
    if (!e.localApplied && e.localError === null && !engine.local.isReflected(e)) return `outbox ${e.id} (${e.name}) has no effect and no reason`;
  }
  return world.ledgerConsistent ? ledgerProblem(b) : null;
}

function ledgerProblem(b: Backend): string | null {
  const bad = b.context.db
    .prepare(`SELECT b.article_id, b.on_hand, coalesce(sum(m.quantity), 0) AS ledger FROM stock_balance b
      LEFT JOIN stock_movement m ON m.store_id = b.store_id AND m.article_id = b.article_id
      WHERE b.store_id = '50301' GROUP BY b.article_id HAVING b.on_hand <> ledger LIMIT 1`)
    .get() as { article_id: string; on_hand: number; ledger: number } | undefined;
  return bad ? `balance ${bad.on_hand} ≠ ledger ${bad.ledger} for article ${bad.article_id}` : null;
}

function write(world: ConvergenceWorld, run: number, client: number, b: Backend, op: Op, saved: SavedWrite[]): void {
  const number = (no: number) => `P${run}-${no}`;
  let res;
  switch (op.t) {
    case 'adjust':
      res = dispatch(b, 'stock.adjust', { articleId: world.articles[op.article]!, quantity: op.qty, reason: 'egenskapstest' });
      break;
    case 'register':
      res = dispatch(b, 'individual.register', { articleId: world.bArticle, individualNo: number(op.no), estimatedAgeYears: 0 });
      break;
    case 'changeNumber':
      res = dispatch(b, 'individual.changeNumber', { individualId: world.individuals[op.ind]!, newIndividualNo: number(op.no), reason: 'test', confirmed: true });
      break;
    case 'addText':
      res = dispatch(b, 'individual.addText', { individualId: world.individuals[op.ind]!, text: `text ${run}` });
      break;
  }
  // A local refusal (the number is already taken here) saves nothing: nothing to account for.
  if (!res.ok) return;
  const mutationId = (res.value as { mutationId: number }).mutationId;
  const args = JSON.parse(b.context.db.prepare('SELECT args FROM outbox WHERE id = ?').pluck().get(mutationId) as string) as Record<string, string>;
  const marker =
    op.t === 'adjust' || op.t === 'register'
      ? { table: 'stock_movement' as const, id: args.movementId! }
      : { table: 'individual_text' as const, id: args.textId! };
  saved.push({ client, mutationId, marker });
}
