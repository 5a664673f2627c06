import { dispatch } from '../../electron/backend/api/dispatch';
import type { FaultProxy } from './fault-proxy';
import { startFaultProxy } from './fault-proxy';
import {
  login,
  prng,
  replicaState,
  serverTruth,
  settle,
  sleep,
  until,
  workstation,
  type CentralUnderTest,
  type Workstation,
} from './sync-harness';

/**
 * The fault-injection scenario of issue 4: N mutations from several workstations through a proxy
 * that drops, cuts, duplicates and delays 20 % of the requests, with server restarts and network
 * outages in between. Afterwards every saved mutation must be on the server exactly once (or
 * listed as a conflict the server refused, never silently gone) and every replica must equal the
 * server's state.
 */

export interface FaultScenarioOptions {
  central: CentralUnderTest;
  mutations: number;
  workstations?: number;
  faultRate?: number;
  restarts?: number;
  outages?: number;
  seed?: number;
}

export interface FaultReport {
  saved: number;
  adjustments: number;
  registrations: number;
  rejected: number;
  lost: string[];
  appliedTwice: string[];
  replicasEqual: boolean;
  balancesAsExpected: boolean;
  faults: FaultProxy['stats'];
  restarts: number;
  ms: number;
}

interface Saved {
  ws: number;
  kind: 'adjust' | 'register';
  key: string;
  articleId: string;
  quantity: number;
  individualId?: string;
}

export async function runFaultScenario(o: FaultScenarioOptions): Promise<FaultReport> {
  const started = Date.now();
  const random = prng(o.seed ?? 4711);
  const nWs = o.workstations ?? 3;
  const proxy = await startFaultProxy({ target: o.central.url, faultRate: o.faultRate ?? 0.2, maxDelayMs: 100, only: /^\/sync\// });
  const stations: Workstation[] = [];
  try {
    // Small batches and pages: many requests, so that the faults hit every step of the protocol.
    for (let i = 0; i < nWs; i++) {
      stations.push(workstation(`ws${i}`, proxy.url, o.central.enrolmentKey, { sync: { pushBatchSize: 10, pageSize: 200 } }));
    }
    await until(() => stations.every((s) => s.backend.context.sync!.status().bootstrapped), 'bootstrap through the faulty proxy', 120_000);
    for (const s of stations) login(s.backend);

    const db0 = stations[0]!.backend.context.db;
    const articles = db0
      .prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type IN ('accessory','sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 8")
      .pluck()
      .all() as string[];
    const bArticle = db0.prepare("SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' ORDER BY article_no LIMIT 1").pluck().get() as string;
    const initial = new Map<string, number>();
    for (const a of articles) {
      initial.set(a, (db0.prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(a) as number | undefined) ?? 0);
    }
    const initialB = (db0.prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(bArticle) as number | undefined) ?? 0;

    const saved: Saved[] = [];
    const restartAt = new Set(Array.from({ length: o.restarts ?? 2 }, (_, i) => Math.floor(((i + 1) * o.mutations) / ((o.restarts ?? 2) + 1))));
    const outageAt = new Set(Array.from({ length: o.outages ?? 2 }, (_, i) => Math.floor(((i + 0.5) * o.mutations) / (o.outages ?? 2))));
    let restarts = 0;
    for (let i = 0; i < o.mutations; i++) {
      const ws = i % nWs;
      const b = stations[ws]!.backend;
      if (random() < 0.1) {
        // Numbers drawn from a small pool: workstations collide and the server refuses the later one.
        const individualNo = `FI-${Math.floor(random() * Math.max(10, o.mutations / 20))}`;
        const res = dispatch(b, 'individual.register', { articleId: bArticle, individualNo, estimatedAgeYears: 0 });
        if (res.ok) saved.push({ ws, kind: 'register', key: individualNo, articleId: bArticle, quantity: 1, individualId: (res.value as { id: string }).id });
      } else {
        const articleId = articles[Math.floor(random() * articles.length)]!;
        // Additions only: an adjustment may not take a balance below zero (shared/domain/stock),
        // and whether a removal would is decided by the order the server sees the workstations in.
        const quantity = 1 + Math.floor(random() * 3);
        const key = `f-${ws}-${i}`;
        const res = dispatch(b, 'stock.adjust', { articleId, quantity, reason: key });
        if (!res.ok) throw new Error(`write refused: ${res.error.message}`);
        saved.push({ ws, kind: 'adjust', key, articleId, quantity });
      }
      if (restartAt.has(i)) {
        await o.central.restart();
        proxy.setTarget(o.central.url);
        restarts++;
      }
      if (outageAt.has(i)) {
        proxy.setDown(true);
        await sleep(150);
        proxy.setDown(false);
      }
      if (i % 3 === 2) await sleep(Math.floor(random() * 6));
    }

    // Faults off: every workstation must now drain its outbox and catch up.
    proxy.faultRate = 0;
    for (const s of stations) await settle(s.backend);
    for (const s of stations) await settle(s.backend);

    const verifier = await serverTruth(o.central);
    try {
      const v = verifier.backend.context.db;
      const lost: string[] = [];
      const twice: string[] = [];
      let rejected = 0;
      const count = v.prepare('SELECT count(*) FROM stock_movement WHERE note = ?').pluck();
      const individualById = v.prepare('SELECT individual_no FROM individual WHERE id = ?').pluck();
      for (const s of saved) {
        if (s.kind === 'adjust') {
          const n = count.get(s.key) as number;
          if (n === 0) lost.push(s.key);
          if (n > 1) twice.push(s.key);
          continue;
        }
        const onServer = individualById.get(s.individualId!) as string | undefined;
        if (onServer === s.key) continue;
        const conflict = stations[s.ws]!.backend.context.db
          .prepare("SELECT count(*) FROM sync_conflicts WHERE name = 'individual.register' AND json_extract(args, '$.individualId') = ?")
          .pluck()
          .get(s.individualId) as number;
        if (conflict === 1 && onServer === undefined) rejected++;
        else lost.push(`register ${s.key} (${s.individualId})`);
      }
      const truth = JSON.stringify(replicaState(verifier.backend));
      const replicasEqual = stations.every((s) => JSON.stringify(replicaState(s.backend)) === truth);
      const expected = new Map(initial);
      let registeredOnServer = 0;
      for (const s of saved) {
        if (s.kind === 'adjust') expected.set(s.articleId, expected.get(s.articleId)! + s.quantity);
        else if (individualById.get(s.individualId!) === s.key) registeredOnServer++;
      }
      const balance = v.prepare("SELECT coalesce((SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?), 0)").pluck();
      const balancesAsExpected =
        [...expected].every(([a, q]) => balance.get(a) === q) && balance.get(bArticle) === initialB + registeredOnServer;
      return {
        saved: saved.length,
        adjustments: saved.filter((s) => s.kind === 'adjust').length,
        registrations: saved.filter((s) => s.kind === 'register').length,
        rejected,
        lost,
        appliedTwice: twice,
        replicasEqual,
        balancesAsExpected,
        faults: { ...proxy.stats },
        restarts,
        ms: Date.now() - started,
      };
    } finally {
      verifier.cleanup();
    }
  } finally {
    for (const s of stations) s.cleanup();
    await proxy.close();
  }
}
