import { z } from 'zod';
import { isCleanText, RowId } from '../domain/mutation';
import { mutationArgs, MUTATION_NAMES } from '../domain/mutations';
import { REPLICATED_TABLES, type ReplicatedTable } from './tables';

export { REPLICATED_TABLES, type ReplicatedTable } from './tables';

/**
 * The sync protocol between a workstation and the central server (docs/sync.md).
 * Push: the outbox's mutations (intents, not column overwrites), in order, idempotent by
 * (clientId, mutation id). Pull: the central change feed from a cursor, scoped to the client's store.
 */
/** 2: a replay is answered with its stored outcome; the same id with other content is a `conflict`. */
export const PROTOCOL_VERSION = 2;
/** Version of the replicated tables' shape; bumped with every migration that changes synced rows. */
export const SCHEMA_VERSION = 15;

/** The demo region's enrolment key (server default and workstation default); never for production. */
export const DEMO_ENROLMENT_KEY = 'demo-enrolment-key';

export const MAX_PUSH_MUTATIONS = 500;
/**
 * A push body's budget for the mutations' args (JSON bytes): well inside the server's 1 MiB body
 * limit, so a batch of large mutations (a receipt of 1 000 individuals is ~200 KB) is split
 * rather than refused as too large — which would stop the queue for good.
 */
export const PUSH_BATCH_ARG_BYTES = 512 * 1024;
export const MAX_PULL_LIMIT = 5000;

const Versions = {
  protocolVersion: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
};

export const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/);

/** When the person confirmed a mutation (ISO 8601; the server falls back to its clock when implausible). */
export const CreatedAt = z.string().max(40).regex(/^[0-9T:.+Z-]*$/, 'Ogiltig tidpunkt.');

/** Mutation ids are consecutive integers per client, starting at 1 (Replicache's scheme). */
export const Mutation = z.discriminatedUnion(
  'name',
  MUTATION_NAMES.map((name) =>
    z
      .object({
        id: z.number().int().positive(),
        name: z.literal(name),
        /** The user who confirmed it; the server checks the user belongs to the client's store. */
        userId: RowId,
        args: mutationArgs[name],
        createdAt: CreatedAt,
      })
      .strict(),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z
  .object({
    ...Versions,
    clientId: ClientId,
    mutations: z.array(Mutation).max(MAX_PUSH_MUTATIONS),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

const RefusalBody = z.object({ code: z.string().max(64), message: z.string().max(2000) });

/**
 * Per mutation, in order. A replay of an id already processed gets the outcome stored then
 * (applied, or rejected with the same code and message). `conflict`: the server processed this id
 * with other content (the workstation was restored from a backup and reused its ids); the batch
 * stops there and the workstation renumbers its pending work past `lastMutationId`.
 */
export const MutationOutcome = z.discriminatedUnion('status', [
  z.object({ id: z.number().int(), status: z.literal('applied') }),
  z.object({ id: z.number().int(), status: z.literal('rejected'), error: RefusalBody }),
  z.object({ id: z.number().int(), status: z.literal('conflict') }),
]);
export type MutationOutcome = z.infer<typeof MutationOutcome>;

export const PushResponse = z.object({
  results: z.array(MutationOutcome),
  /** The highest mutation id the server has processed for this client (applied or rejected). */
  lastMutationId: z.number().int().nonnegative(),
  /** Set when a mutation id skipped ahead: the batch stopped there; resend from lastMutationId + 1. */
  gap: z.object({ expected: z.number().int(), received: z.number().int() }).optional(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRequest = z
  .object({
    ...Versions,
    clientId: ClientId,
    /** Opaque to the client; null = from the beginning (bootstrap). */
    cursor: z.string().max(64).nullable(),
    limit: z.number().int().min(1).max(MAX_PULL_LIMIT),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

export const Change = z.object({
  seq: z.number().int(),
  table: z.enum(REPLICATED_TABLES as [ReplicatedTable, ...ReplicatedTable[]]),
  op: z.enum(['upsert', 'delete']),
  /** The row's key: its id, or "a|b" for composite keys. */
  id: z.string(),
  /** The row in snake_case columns as in the local replica; null for deletes. */
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  changes: z.array(Change),
  /** Mutations of this client that the returned state already reflects. */
  lastMutationId: z.number().int().nonnegative(),
  /** Present on the first page of a bootstrap: how many changes to expect (for the progress bar). */
  estimatedTotal: z.number().int().optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** Error bodies of the sync API (HTTP 4xx); business refusals of mutations are 2xx data instead. */
export const SyncErrorCode = z.enum([
  'version-not-supported',
  'resync-required',
  'unauthenticated',
  'forbidden',
  'invalid-request',
  'too-large',
  /** 429: too many attempts from this address (register, login); wait Retry-After seconds and try again. */
  'rate-limited',
]);
export const SyncError = z.object({ error: z.object({ code: SyncErrorCode, message: z.string() }) });
export type SyncError = z.infer<typeof SyncError>;

export const RegisterRequest = z
  .object({
    ...Versions,
    clientId: ClientId,
    storeId: RowId.max(16),
    /** Demo enrolment secret of the region (SITHS replaces it in a later issue). */
    enrolmentKey: z.string().min(1).max(200),
    /** Kept by the server: no control characters (PostgreSQL refuses NUL). */
    name: z
      .string()
      .max(100)
      .refine((n) => isCleanText(n), 'Namnet innehåller tecken som inte kan sparas.'),
    /**
     * The token this workstation holds, when it registers an id the server already knows (its
     * token was refused). Without it (or an admin reset) the enrolment key alone cannot register
     * an existing, used client id again (docs/sync.md, "POST /sync/register").
     */
    currentToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/)
      .optional(),
  })
  .strict();
export const RegisterResponse = z.object({ token: z.string(), storeId: z.string(), clientId: ClientId });

/* ---------- individual number blocks ---------- */

/**
 * Individual numbers a workstation gives out offline (a goods receipt of tracked articles) come
 * from blocks central allocates to it, so two workstations never give out the same number. Block
 * numbers are 7 digits from 9 000 000: the region's pre-printed labels (the demo's are 6 digits
 * from 100 000) stay below, and a range holding a number some individual already has is skipped.
 */
export const INDIVIDUAL_NO_BLOCK_SIZE = 200;
export const INDIVIDUAL_NO_BLOCK_FIRST = 9_000_000;
export const INDIVIDUAL_NO_BLOCK_LAST = 9_999_999;
/** A client gets a new block only while it holds fewer untouched blocks (none of their numbers seen centrally). */
export const MAX_UNTOUCHED_INDIVIDUAL_NO_BLOCKS = 2;

export const IndividualNoBlockRequest = z
  .object({
    ...Versions,
    clientId: ClientId,
    /** Optional check: the store the workstation believes it serves (the token's store decides). */
    storeId: RowId.max(16).optional(),
  })
  .strict();
export type IndividualNoBlockRequest = z.infer<typeof IndividualNoBlockRequest>;

export const IndividualNoBlock = z.object({
  id: z.string(),
  firstNo: z.number().int(),
  lastNo: z.number().int(),
  allocatedAt: z.string(),
  /** How many of its numbers individuals have centrally (those pushed so far). */
  taken: z.number().int().nonnegative(),
});
export type IndividualNoBlock = z.infer<typeof IndividualNoBlock>;

export const IndividualNoBlockResponse = z.object({
  /** The new block; null when the client already holds MAX_UNTOUCHED_INDIVIDUAL_NO_BLOCKS untouched blocks (use those first). */
  allocated: IndividualNoBlock.nullable(),
  /** The client's blocks that still have numbers central has not seen, oldest first (the new one included). */
  blocks: z.array(IndividualNoBlock),
});
export type IndividualNoBlockResponse = z.infer<typeof IndividualNoBlockResponse>;
