import fs from 'node:fs';
import path from 'node:path';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../shared/api/contract';
import type { UserSummary } from '../../shared/api/schemas';
import type { DemoOptions } from '../../shared/demo/generator';
import type { Result } from '../../shared/result';
import { openReplica, REPLICA_FILE, type Db } from './db/replica';
import { getSetting } from './db/settings';
import { seedDemoData } from './demo/seed';
import { BackendEvents } from './events';
import { createHandlers, type Handlers } from './handlers';
import { IndividualRepository } from './individual/repository';
import { UserRepository } from './session/repository';
import { StockRepository } from './stock/repository';

export interface BackendOptions {
  dataDir: string;
  /** Seed the demo region into a new replica (default true); false leaves it empty. */
  demo?: DemoOptions | false;
  appVersion?: string;
  centralUrl?: string | null;
  now?: () => Date;
}

export interface Session {
  user: UserSummary | null;
}

export interface BackendContext {
  db: Db;
  dataDir: string;
  ownStoreId: string;
  appVersion: string;
  centralUrl: string | null;
  now: () => Date;
  session: Session;
  events: BackendEvents;
  repos: {
    stock: StockRepository;
    individuals: IndividualRepository;
    users: UserRepository;
  };
}

export interface Backend {
  readonly context: BackendContext;
  readonly events: BackendEvents;
  /** Calls a handler with input that has already passed the contract's schema (see dispatch). */
  invoke<N extends HandlerName>(name: N, input: HandlerInput<N>): Result<HandlerOutput<N>>;
  close(): void;
}

export function replicaPath(dataDir: string): string {
  return path.join(dataDir, REPLICA_FILE);
}

/**
 * Creates the demo replica atomically: seeded into a side file and renamed into place, so a crash
 * during the first start never leaves a half-filled replica behind.
 */
export function ensureReplica(dataDir: string, demo: DemoOptions | false): string {
  const file = replicaPath(dataDir);
  if (fs.existsSync(file) || demo === false) return file;
  fs.mkdirSync(dataDir, { recursive: true });
  const seeding = `${file}.seeding`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${seeding}${suffix}`, { force: true });
  const db = openReplica(seeding);
  try {
    seedDemoData(db, demo);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  fs.renameSync(seeding, file);
  return file;
}

export function openBackend(options: BackendOptions): Backend {
  const file = ensureReplica(options.dataDir, options.demo ?? {});
  const db = openReplica(file);
  const events = new BackendEvents();
  const context: BackendContext = {
    db,
    dataDir: options.dataDir,
    ownStoreId: getSetting(db, 'ownStoreId') ?? '',
    appVersion: options.appVersion ?? '0.0.0',
    centralUrl: options.centralUrl ?? null,
    now: options.now ?? (() => new Date()),
    session: { user: null },
    events,
    repos: {
      stock: new StockRepository(db),
      individuals: new IndividualRepository(db),
      users: new UserRepository(db),
    },
  };
  const handlers: Handlers = createHandlers(context);
  return {
    context,
    events,
    invoke(name, input) {
      // One generic call site: the map is indexed by the same name as its input type.
      const handler = handlers[name] as (input: unknown) => Result<unknown>;
      return handler(input) as Result<HandlerOutput<typeof name>>;
    },
    close() {
      db.close();
    },
  };
}
