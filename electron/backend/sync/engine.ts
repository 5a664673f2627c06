import type { z } from 'zod';
import type { SyncProgress, SyncStatus } from '../../../shared/api/schemas';
import { err, ok, type Result } from '../../../shared/result';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  type MutationOutcome,
  type PullResponse,
  type PushResponse,
  type ReplicatedTable,
} from '../../../shared/sync/protocol';
import type { Db } from '../db/replica';
import { getSetting } from '../db/settings';
import type { BackendEvents } from '../events';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { ChangeWriter, UnknownColumnError } from './changes';
import { CentralClient, SyncRequestError } from './client';
import { ConflictStore } from './conflicts';
import { DEFAULT_FAILSAFE, failsafeMessage, failsafeTrip, type FailsafeOptions, type FailsafeTrip } from './failsafe';
import { LocalMutations } from './local-mutations';
import { NoticeStore } from './notices';
import { Outbox } from './outbox';
import { Rebase } from './rebase';
import { SyncStateStore } from './state';

/**
 * The workstation's sync engine (docs/sync.md): push the outbox, then pull the change feed, one
 * sync at a time, in a background loop that backs off (exponential, with jitter) on network errors
 * and 5xx and stops with a Swedish explanation on 4xx. Every database step is one synchronous
 * better-sqlite3 transaction between two awaits; nothing is awaited inside a transaction.
 */

export interface SyncOptions {
  centralUrl: string;
  /** Extra CA certificates (PEM) for central's TLS (a region CA not in the system's store). */
  centralCa?: string;
  /** The region's enrolment key for the first contact (SITHS replaces it in a later issue). */
  enrolmentKey: string;
  clientName?: string;
  /** Changes per pull page. */
  pageSize?: number;
  /** Mutations per push request. */
  pushBatchSize?: number;
  /** Pause between syncs when all is well. */
  intervalMs?: number;
  /** How soon after a local write the loop syncs. */
  writeDelayMs?: number;
  backoff?: BackoffOptions;
  failsafe?: FailsafeOptions;
  timeoutMs?: number;
  random?: () => number;
  /** Where unexpected failures are logged (default console). */
  log?: { error(message: string, error: unknown): void };
}

export interface SyncEngineContext {
  db: Db;
  events: BackendEvents;
  ownStoreId: string;
  now: () => Date;
}

export type SyncOutcome = { ok: true } | { ok: false; error: { code: string; message: string }; retryable: boolean };

/** Thrown inside a page transaction to roll it back when the fail-safe trips. */
class FailsafeStop extends Error {
  constructor(readonly trip: FailsafeTrip) {
    super(`fail-safe: ${trip.deletions} of ${trip.rows} ${trip.table}`);
  }
}

/** Raised when the engine was stopped while a request was in flight: nothing may touch the database any more. */
class Stopped extends Error {}

/** A refusal that needs a person; the loop stops until "synka nu". */
class Fatal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STOPPED: SyncOutcome = { ok: false, error: { code: 'stopped', message: 'Synkroniseringen är avslutad.' }, retryable: false };

const MSG = {
  offline: 'Ingen kontakt med centralen. Det du sparar finns kvar på den här datorn och skickas när kontakten är tillbaka.',
  server: (status: number) => `Centralen svarade med ett fel (HTTP ${status}). Nytt försök görs automatiskt.`,
  badResponse: 'Centralen gav ett svar som inte kunde läsas. Nytt försök görs automatiskt.',
  rateLimited: (seconds: number) =>
    `Centralen tar inte emot fler försök från den här adressen just nu. Nytt försök görs automatiskt om ${seconds} s; det du sparar finns kvar på den här datorn.`,
  version: (server: string) =>
    `Den här versionen av Buffert kan inte synkronisera med centralen (${server}). Synkroniseringen är stoppad tills Buffert har uppdaterats; det du sparar finns kvar på den här datorn. Kontakta support.`,
  forbidden: (store: string, server: string) =>
    `Centralen nekar den här arbetsstationen att synkronisera lager ${store} (${server}) Kontakta hjälpmedelscentralen; det du sparar finns kvar på den här datorn.`,
  unauthenticated: (server: string) =>
    `Centralen känner inte igen den här arbetsstationen och registreringen misslyckades (${server}) Kontakta support; det du sparar finns kvar på den här datorn.`,
  refused: (message: string) => `Centralen avvisade synkroniseringen: ${message} Kontakta support; det du sparar finns kvar på den här datorn.`,
  serverBehind:
    'Centralen saknar ändringar som den tidigare har bekräftat från den här arbetsstationen (den kan ha återställts från en säkerhetskopia). Synkroniseringen är stoppad; kontakta support. Inget har tagits bort här.',
  renumbered: (count: number, from: number, to: number) =>
    `Den här datorns databas verkar vara återställd från en säkerhetskopia: centralen hade redan tagit emot ändringar med samma nummer. ` +
    `${count === 1 ? 'En osynkad ändring har' : `${count} osynkade ändringar har`} fått nya nummer (${from}–${to}) och skickats igen; inget har gått förlorat. ` +
    'Ändringar som bara fanns på datorn efter säkerhetskopian och aldrig hann skickas kan saknas: kontrollera det senaste arbetet.',
  restored: (local: number, server: number) =>
    `Centralen har tagit emot ändringar upp till nummer ${server} från den här datorn, men datorns databas känner bara till nummer ${local}: ` +
    'den verkar vara återställd från en säkerhetskopia. Centralens uppgifter hämtas, och nya ändringar får nummer efter centralens. ' +
    'Ändringar som bara fanns på datorn efter säkerhetskopian och aldrig hann skickas kan saknas: kontrollera det senaste arbetet.',
  unknownColumn: (table: string, column: string) =>
    `Centralen skickar uppgifter som den här versionen av Buffert inte känner till (${table}.${column}). Synkroniseringen är stoppad tills Buffert har uppdaterats; det du sparar finns kvar på den här datorn. Kontakta support.`,
  internal: 'Ett oväntat fel inträffade under synkroniseringen. Nytt försök görs automatiskt; kontakta support om felet kvarstår.',
} as const;

/** How a cycle task sends its request: authenticated, with the protocol's versions and the client id added. */
export type CycleSend = <S extends z.ZodType>(path: string, body: Record<string, unknown>, schema: S) => Promise<z.output<S>>;
export type CycleTask = (io: { clientId: string; send: CycleSend }) => Promise<void>;

export class SyncEngine {
  readonly outbox: Outbox;
  readonly local: LocalMutations;
  readonly conflicts: ConflictStore;
  readonly notices: NoticeStore;
  readonly state: SyncStateStore;
  private readonly writer: ChangeWriter;
  private readonly rebase: Rebase;
  private readonly client: CentralClient;
  private readonly backoff: Backoff;
  private readonly options: Required<Omit<SyncOptions, 'clientName' | 'log' | 'centralCa'>> & { clientName: string };
  private readonly log: NonNullable<SyncOptions['log']>;
  private readonly db: Db;

  private running = false;
  private stopped = false;
  /** A refusal that needs a person (4xx, version, fail-safe): the loop waits for sync.now / confirmation. */
  private halted = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private waiting: Promise<SyncOutcome> | null = null;

  private phase: SyncStatus['state'] = 'idle';
  private online = false;
  private error: { code: string; message: string } | null = null;
  private lastAttemptAt: string | null = null;
  private nextRetryAt: string | null = null;
  private failsafe: FailsafeTrip | null = null;

  constructor(
    private readonly ctx: SyncEngineContext,
    options: SyncOptions,
  ) {
    this.db = ctx.db;
    this.options = {
      clientName: options.clientName ?? `Buffert ${ctx.ownStoreId}`,
      centralUrl: options.centralUrl,
      enrolmentKey: options.enrolmentKey,
      pageSize: Math.min(options.pageSize ?? 2_000, MAX_PULL_LIMIT),
      pushBatchSize: Math.min(options.pushBatchSize ?? MAX_PUSH_MUTATIONS, MAX_PUSH_MUTATIONS),
      intervalMs: options.intervalMs ?? 30_000,
      writeDelayMs: options.writeDelayMs ?? 200,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      failsafe: options.failsafe ?? DEFAULT_FAILSAFE,
      timeoutMs: options.timeoutMs ?? 60_000,
      random: options.random ?? Math.random,
    };
    this.log = options.log ?? console;
    this.outbox = new Outbox(this.db);
    this.local = new LocalMutations(this.db);
    this.conflicts = new ConflictStore(this.db, this.local);
    this.notices = new NoticeStore(this.db);
    this.state = new SyncStateStore(this.db);
    this.writer = new ChangeWriter(this.db);
    this.rebase = new Rebase(this.db, this.outbox, this.local, this.state);
    this.client = new CentralClient({ baseUrl: options.centralUrl, timeoutMs: this.options.timeoutMs, ca: options.centralCa });
    this.backoff = new Backoff(this.options.backoff, this.options.random);
    this.state.clientId();
    const st = this.state.get();
    if (!st.bootstrapped && !st.resync && getSetting(this.db, 'demoSeed') !== null) {
      // A replica seeded by the local demo generator, now connected to a central server: its
      // first sync replaces the demo rows with the central's (a resync sweeps what the server
      // does not have); the outbox is kept like in any resync.
      this.db.transaction(() => this.state.set({ resync: true, failsafeConfirmed: true }))();
    }
    this.phase = st.bootstrapped ? 'idle' : 'bootstrapping';
  }

  get clientId(): string {
    return this.state.clientId();
  }

  /* ---------------- the loop ---------------- */

  /** Starts the background loop: a sync now, then every `intervalMs`, sooner after writes. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the loop and cancels requests in flight; safe to close the database afterwards. */
  stop(): void {
    this.stopped = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.client.abortAll();
  }

  /** A local write was committed: tell the UI, and sync soon unless the loop is backing off. */
  notifyLocalWrite(): void {
    this.emitStatus();
    if (!this.running || this.halted || this.nextRetryAt !== null) return;
    this.schedule(this.options.writeDelayMs);
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private scheduleAfter(outcome: SyncOutcome): void {
    if (!this.running || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (outcome.ok) {
      this.schedule(this.outbox.pendingCount() > 0 ? 0 : this.options.intervalMs);
    } else if (outcome.retryable) {
      this.schedule(Math.max(0, Date.parse(this.nextRetryAt ?? '') - Date.now() || 0));
    } else {
      // Wait for a person (sync.now / sync.confirmDeletion); local writes do not wake it either.
      this.halted = true;
    }
  }

  /**
   * One sync (push, then pull), after any sync already running: only one runs at a time. Calls
   * made while one is waiting share it.
   */
  syncNow(): Promise<SyncOutcome> {
    if (this.stopped) return Promise.resolve(STOPPED);
    // A person asked (or confirmed): a halted loop may run again.
    this.halted = false;
    if (this.waiting) return this.waiting;
    const run = this.chain.then(() => {
      this.waiting = null;
      return this.cycle();
    });
    this.waiting = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Only the push half, or only the pull half, in the same one-at-a-time queue (tests interleave
   * them; the loop always runs both, push first). Failures are returned like syncNow's.
   */
  pushOnly(): Promise<SyncOutcome> {
    return this.exclusive(() => this.ensureRegistered().then(() => this.pushAll()));
  }

  pullOnly(): Promise<SyncOutcome> {
    return this.exclusive(() => this.ensureRegistered().then(() => this.pullAll()));
  }

  private exclusive(work: () => Promise<void>): Promise<SyncOutcome> {
    const run = this.chain.then(async (): Promise<SyncOutcome> => {
      try {
        await work();
        return { ok: true };
      } catch (error) {
        if (error instanceof Stopped || this.stopped) return STOPPED;
        const outcome = this.failed(error);
        this.emitStatus();
        return outcome;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Confirms the deletions the fail-safe stopped; the next pull applies them. */
  confirmDeletion(): Result<{ started: boolean }> {
    if (!this.failsafe) return err('nothing-to-confirm', 'Det finns ingen stoppad borttagning att godkänna.');
    this.state.set({ failsafeConfirmed: true });
    this.failsafe = null;
    void this.syncNow();
    return ok({ started: true });
  }

  /** Why local writes must wait (the first bootstrap has not finished), or null. */
  writeBlock(): string | null {
    const st = this.state.get();
    return st.bootstrapped || st.resync
      ? null
      : 'Den första synkroniseringen med centralen pågår. Vänta tills den är klar innan du sparar något.';
  }

  /* ---------------- status ---------------- */

  status(): SyncStatus {
    const st = this.state.get();
    return {
      state: this.phase,
      online: this.online,
      pendingChanges: this.outbox.pendingCount(),
      lastSyncAt: st.lastSyncAt,
      lastAttemptAt: this.lastAttemptAt,
      nextRetryAt: this.nextRetryAt,
      error: this.error,
      conflicts: this.conflicts.openCount(),
      notice: this.notices.latest(),
      bootstrapped: st.bootstrapped,
      failsafe: this.failsafe ? { ...this.failsafe, message: failsafeMessage(this.failsafe) } : null,
      centralUrl: this.options.centralUrl,
    };
  }

  private emitStatus(): void {
    if (this.stopped) return;
    this.ctx.events.emit('sync.status', this.status());
  }

  private setPhase(phase: SyncStatus['state']): void {
    this.phase = phase;
    this.emitStatus();
  }

  /* ---------------- one cycle ---------------- */

  private readonly cycleTasks: CycleTask[] = [];

  /**
   * A feature's own request to central, run in every cycle between push and pull (so what it makes
   * central write comes back in the same cycle's pull). A failed task does not fail the cycle: it
   * is retried in the next one, and the feature shows what it lacks (sync/ names no feature).
   */
  addCycleTask(task: CycleTask): void {
    this.cycleTasks.push(task);
  }

  /**
   * One request to central outside the sync cycle, with this workstation's token (registering
   * first when needed): what a feature asks central while a person waits (a login). The body
   * goes as given; a failure is the SyncRequestError the caller shows.
   */
  request<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.authorized((token) => this.client.call(path, body, token, schema));
  }

  private async runCycleTasks(): Promise<void> {
    const send: CycleSend = (path, body, schema) =>
      this.authorized((token) =>
        this.client.call(path, { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, ...body }, token, schema),
      );
    for (const task of this.cycleTasks) {
      try {
        await task({ clientId: this.clientId, send });
      } catch (error) {
        if (error instanceof Stopped || this.stopped) throw error;
        // A network failure here is the next cycle's to find; a refusal is the feature's to show.
      }
    }
  }

  private async cycle(): Promise<SyncOutcome> {
    if (this.stopped) return STOPPED;
    const st = this.state.get();
    this.lastAttemptAt = this.ctx.now().toISOString();
    this.setPhase(!st.bootstrapped ? 'bootstrapping' : st.resync ? 'resyncing' : 'syncing');
    let outcome: SyncOutcome;
    try {
      await this.ensureRegistered();
      await this.pushAll();
      await this.runCycleTasks();
      await this.pullAll();
      this.online = true;
      this.error = null;
      this.nextRetryAt = null;
      this.failsafe = null;
      this.backoff.reset();
      this.db.transaction(() => this.state.set({ lastSyncAt: this.ctx.now().toISOString() }))();
      this.phase = 'idle';
      outcome = { ok: true };
    } catch (error) {
      if (error instanceof Stopped || this.stopped) {
        return STOPPED;
      }
      outcome = this.failed(error);
    }
    this.emitStatus();
    this.scheduleAfter(outcome);
    return outcome;
  }

  private failed(error: unknown): SyncOutcome {
    const retry = (code: string, message: string, online: boolean, phase: SyncStatus['state'], atLeastMs = 0): SyncOutcome => {
      this.online = online;
      this.error = { code, message };
      const delay = Math.max(this.backoff.fail(), atLeastMs);
      this.nextRetryAt = new Date(Date.now() + delay).toISOString();
      this.phase = phase;
      return { ok: false, error: this.error, retryable: true };
    };
    const stop = (code: string, message: string, phase: SyncStatus['state'] = 'error'): SyncOutcome => {
      this.error = { code, message };
      this.nextRetryAt = null;
      this.phase = phase;
      return { ok: false, error: this.error, retryable: false };
    };
    if (error instanceof FailsafeStop) {
      this.online = true;
      this.failsafe = error.trip;
      return stop('failsafe', failsafeMessage(error.trip), 'failsafe');
    }
    if (error instanceof UnknownColumnError) {
      this.online = true;
      return stop('unknown-column', MSG.unknownColumn(error.table, error.column), 'version-not-supported');
    }
    if (error instanceof Fatal) {
      this.online = true;
      return stop(error.code, error.message);
    }
    if (error instanceof SyncRequestError) {
      const f = error.failure;
      switch (f.kind) {
        case 'network':
          return retry('offline', MSG.offline, false, 'offline');
        case 'server':
          return retry('server-error', MSG.server(f.status), true, 'error');
        case 'bad-response':
          return retry('bad-response', MSG.badResponse, true, 'error');
        case 'rate-limited':
          // Not before the server's Retry-After; never halted: registration and login go on by themselves.
          return retry('rate-limited', MSG.rateLimited(Math.ceil(f.retryAfterMs / 1000)), true, 'error', f.retryAfterMs);
        case 'refused':
          this.online = true;
          if (f.code === 'version-not-supported') return stop(f.code, MSG.version(f.message), 'version-not-supported');
          if (f.code === 'forbidden') return stop(f.code, MSG.forbidden(this.ctx.ownStoreId, f.message));
          if (f.code === 'unauthenticated') return stop(f.code, MSG.unauthenticated(f.message));
          return stop(f.code, MSG.refused(f.message));
      }
    }
    // A bug or a local database problem (e.g. the disk is full): say so, and try again later.
    this.log.error('sync failed', error);
    return retry('internal', MSG.internal, this.online, 'error');
  }

  private alive(): void {
    if (this.stopped) throw new Stopped();
  }

  /* ---------------- registration ---------------- */

  /**
   * `refused`: the token the server just refused. It goes along as `currentToken`: the server
   * registers a known client id again only for the holder of its token (or after an admin reset).
   */
  private async ensureRegistered(refused?: string): Promise<string> {
    const token = this.state.token();
    if (token) return token;
    const answer = await this.client.register({
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      clientId: this.clientId,
      storeId: this.ctx.ownStoreId,
      enrolmentKey: this.options.enrolmentKey,
      name: this.options.clientName.slice(0, 100),
      ...(refused ? { currentToken: refused } : {}),
    });
    this.alive();
    if (answer.clientId !== this.clientId || answer.storeId !== this.ctx.ownStoreId) {
      throw new Fatal('registration-mismatch', MSG.refused('registreringen gällde en annan arbetsstation eller ett annat lager.'));
    }
    this.db.transaction(() => this.state.setToken(answer.token))();
    return answer.token;
  }

  /**
   * Sends a request with the token; an `unauthenticated` answer (the server forgot the token, e.g.
   * after a reinstall) gets one fresh registration and one more try, nothing else is repeated.
   */
  private async authorized<T>(send: (token: string) => Promise<T>): Promise<T> {
    const token = await this.ensureRegistered();
    try {
      return await send(token);
    } catch (error) {
      if (!(error instanceof SyncRequestError) || error.code !== 'unauthenticated') throw error;
      this.alive();
      this.db.transaction(() => this.state.setToken(null))();
      const fresh = await this.ensureRegistered(token);
      return send(fresh);
    } finally {
      this.alive();
    }
  }

  /* ---------------- push ---------------- */

  private async pushAll(): Promise<void> {
    const total = this.outbox.pendingCount();
    let sent = 0;
    const started = Date.now();
    for (;;) {
      const batch = this.outbox.pendingBatch(this.options.pushBatchSize);
      if (batch.length === 0) return;
      const answer = await this.authorized((token) =>
        this.client.push({ protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, mutations: batch }, token),
      );
      const renumbered = this.applyPushAnswer(answer);
      sent += answer.results.length;
      this.progress('push', sent, Math.max(total, sent), started);
      if (answer.gap) throw new Fatal('server-behind', MSG.serverBehind);
      if (answer.results.length === 0 && !renumbered) throw new Fatal('push-stalled', MSG.refused('centralen tog inte emot några ändringar.'));
    }
  }

  /**
   * One transaction: acknowledgements; for refusals a conflict entry plus a rebase that takes
   * their effect out; for a `conflict` (the server processed that id with other content: this
   * replica was restored from a backup) the pending entries get ids after the server's, and the
   * person is told. Returns whether entries were renumbered (the push goes on with the new ids).
   */
  applyPushAnswer(answer: PushResponse): boolean {
    const rejected = answer.results.filter((r): r is Extract<MutationOutcome, { status: 'rejected' }> => r.status === 'rejected');
    const conflict = answer.results.find((r) => r.status === 'conflict');
    const at = this.ctx.now().toISOString();
    const { tables, renumbered } = this.db.transaction(() => {
      for (const r of answer.results) if (r.status === 'applied') this.outbox.acknowledge(r.id);
      let changed = new Set<string>();
      if (rejected.length > 0) {
        changed = this.rebase.run(() => {
          for (const r of rejected) {
            const entry = this.outbox.get(r.id);
            if (!entry || entry.state !== 'pending') continue;
            this.conflicts.record(this.clientId, entry, r.error.code, r.error.message, at);
            this.outbox.delete(r.id);
          }
        }).tables;
      }
      if (!conflict) return { tables: changed, renumbered: 0 };
      const count = this.outbox.renumberFrom(conflict.id, answer.lastMutationId);
      this.notices.add('renumbered', MSG.renumbered(count, answer.lastMutationId + 1, answer.lastMutationId + count), at);
      return { tables: changed, renumbered: count };
    })();
    if (tables.size > 0) this.ctx.events.emit('data.changed', { tables: [...tables] });
    this.emitStatus();
    return renumbered > 0;
  }

  /* ---------------- pull ---------------- */

  private requestPage(cursor: string | null): Promise<PullResponse> {
    return this.authorized((token) =>
      this.client.pull(
        { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, cursor, limit: this.options.pageSize },
        token,
      ),
    );
  }

  private async pullAll(): Promise<void> {
    const started = Date.now();
    let resyncStarted = false;
    let rowsThisRun = 0;
    /** The next page, requested while the current one is written: the server's time and ours overlap. */
    let prefetched: Promise<PullResponse> | null = null;
    for (;;) {
      const st = this.state.get();
      let answer: PullResponse;
      try {
        answer = await (prefetched ?? this.requestPage(st.cursor));
      } catch (error) {
        if (error instanceof SyncRequestError && error.code === 'resync-required' && st.cursor !== null && !resyncStarted) {
          // The server no longer knows our position: fetch everything again and sweep what it no
          // longer has, keeping every outbox entry (they are rebased onto the new snapshot).
          resyncStarted = true;
          prefetched = null;
          this.startResync();
          continue;
        }
        throw error;
      }
      // The cursor of that request is the one this page saves; if the page is not applied (a
      // failure, the fail-safe) the prefetched answer is simply never used.
      prefetched = answer.hasMore ? this.requestPage(answer.cursor) : null;
      prefetched?.catch(() => undefined);
      const phase = !st.bootstrapped ? 'bootstrap' : st.resync ? 'resync' : 'pull';
      this.applyPage(answer);
      rowsThisRun += answer.changes.length;
      if (phase === 'pull') {
        this.progress('pull', rowsThisRun, null, started);
      } else {
        // Counted across interrupted runs: a resumed bootstrap continues its bar where it stopped.
        const rows = st.pullRows + answer.changes.length;
        const total = answer.hasMore ? Math.max(rows, answer.estimatedTotal ?? st.pullTotal ?? 0) || null : rows;
        this.progress(phase, rows, total, started, rowsThisRun);
      }
      if (!answer.hasMore) return;
    }
  }

  private startResync(): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM resync_seen');
      this.state.set({ resync: true, cursor: null, pullRows: 0, pullTotal: null, pullBase: null, pullDeletes: {} });
    })();
    this.setPhase('resyncing');
  }

  /**
   * One pulled page in one transaction, with its cursor: pending work is taken out, the server's
   * rows written, the fail-safe consulted, and pending work put back on top (Rebase).
   */
  applyPage(answer: PullResponse): void {
    const tables = new Set<string>();
    // Pulled rows are the server's truth and may arrive before the rows they refer to (feed
    // order); referential checks are the server's job. Switched off only around this one
    // synchronous transaction (the pragma cannot change inside one).
    this.db.pragma('foreign_keys = OFF');
    try {
      this.db.transaction(() => {
        const st = this.state.get();
        const guarded = st.bootstrapped || st.resync;
        const base = st.pullBase ?? (guarded ? this.writer.counts() : null);
        const rebased = this.rebase.run(() => {
          // A first bootstrap writes without the FTS triggers and rebuilds on its last page (changes.ts).
          const firstBootstrap = !st.bootstrapped && !st.resync;
          if (firstBootstrap) this.writer.suspendFts();
          // The server is the truth for its own ledger rows too (a tombstone may name one).
          this.state.unlockLedger(true);
          const stats = this.writer.apply(answer.changes, st.resync);
          this.state.unlockLedger(false);
          if (firstBootstrap && !answer.hasMore) this.writer.resumeFts();
          for (const t of stats.tables) tables.add(t);
          const deletes = { ...st.pullDeletes };
          for (const [t, n] of Object.entries(stats.deletes) as [ReplicatedTable, number][]) deletes[t] = (deletes[t] ?? 0) + n;
          const finalPage = !answer.hasMore;
          const sweep = finalPage && st.resync ? this.writer.unseenCounts() : {};
          if (guarded && base && !st.failsafeConfirmed) {
            const combined = { ...deletes };
            for (const [t, n] of Object.entries(sweep) as [ReplicatedTable, number][]) combined[t] = (combined[t] ?? 0) + n;
            const trip = failsafeTrip(base, combined, this.options.failsafe);
            if (trip) throw new FailsafeStop(trip);
          }
          if (finalPage) {
            if (st.resync) for (const t of Object.keys(this.writer.sweepUnseen())) tables.add(t);
            this.settleAcknowledged(answer.lastMutationId);
            this.state.set({
              cursor: answer.cursor,
              bootstrapped: true,
              resync: false,
              pullRows: 0,
              pullTotal: null,
              pullBase: null,
              pullDeletes: {},
              failsafeConfirmed: false,
            });
          } else {
            this.state.set({
              cursor: answer.cursor,
              pullRows: st.pullRows + answer.changes.length,
              pullTotal: answer.estimatedTotal ?? st.pullTotal,
              pullBase: base,
              pullDeletes: deletes,
            });
          }
        });
        for (const t of rebased.tables) tables.add(t);
      })();
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
    if (tables.size > 0) this.ctx.events.emit('data.changed', { tables: [...tables] });
  }

  /**
   * On the last page the server's state reflects every mutation up to `lastMutationId`: the
   * acknowledged entries up to there leave the outbox without being re-applied. Pending entries
   * stay: their answer was lost, and the next push gets their stored outcome. A server that has
   * processed more of our ids than this replica ever handed out means the replica was restored
   * from a backup: new work is numbered after the server's ids, and the person is told.
   */
  private settleAcknowledged(lastMutationId: number): void {
    this.outbox.settleApplied(lastMutationId);
    const local = this.outbox.lastId();
    if (lastMutationId > local) {
      this.outbox.skipPast(lastMutationId);
      this.notices.add('restored', MSG.restored(local, lastMutationId), this.ctx.now().toISOString());
    }
  }

  private progress(phase: SyncProgress['phase'], rows: number, total: number | null, startedMs: number, rowsThisRun = rows): void {
    const elapsed = (Date.now() - startedMs) / 1000;
    const percent = total && total > 0 ? Math.min(100, Math.round((rows / total) * 1000) / 10) : null;
    const rate = elapsed > 0 ? rowsThisRun / elapsed : 0;
    const secondsLeft = total !== null && rate > 0 ? Math.max(0, Math.round((total - rows) / rate)) : null;
    this.ctx.events.emit('sync.progress', { phase, rows, total, percent, secondsLeft });
  }
}
