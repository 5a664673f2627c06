import { z } from 'zod';
import {
  AppStatus,
  Count,
  Empty,
  Id,
  IndividualDetails,
  IndividualPage,
  IndividualSearchQuery,
  IndividualSearchResult,
  Nothing,
  StockBalanceCountQuery,
  StockBalancePage,
  StockBalanceQuery,
  StoreIndividualsQuery,
  UserSummary,
} from './schemas';

/**
 * The one contract between the UI and the workstation backend: handler name → input and output
 * schemas. Both transports (Electron IPC and the web host's HTTP) serve exactly this map.
 * `write: true` marks handlers that change data (they need a logged-in user).
 */
export interface HandlerSpec {
  input: z.ZodType;
  output: z.ZodType;
  write?: boolean;
  /** Callable without a logged-in user (start page, login). */
  public?: boolean;
}

export const contract = {
  'app.status': { input: Empty, output: AppStatus, public: true },
  'session.demoUsers': { input: Empty, output: z.array(UserSummary), public: true },
  'session.login': { input: z.object({ userId: Id }).strict(), output: UserSummary, public: true },
  'session.logout': { input: Empty, output: Nothing, public: true },
  'stock.balances': { input: StockBalanceQuery, output: StockBalancePage },
  'stock.balancesCount': { input: StockBalanceCountQuery, output: Count },
  'stock.individuals': { input: StoreIndividualsQuery, output: IndividualPage },
  'individual.search': { input: IndividualSearchQuery, output: IndividualSearchResult },
  'individual.get': { input: z.object({ id: Id }).strict(), output: IndividualDetails },
} as const satisfies Record<string, HandlerSpec>;

export type Contract = typeof contract;
export type HandlerName = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type HandlerArgs<N extends HandlerName> = z.input<Contract[N]['input']>;
/** What a handler receives after validation (defaults applied). */
export type HandlerInput<N extends HandlerName> = z.output<Contract[N]['input']>;
export type HandlerOutput<N extends HandlerName> = z.output<Contract[N]['output']>;

export const handlerNames = Object.keys(contract) as HandlerName[];

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from the backend to the UI. */
export const ScanSource = z.enum(['hidPos', 'hidKeyboard', 'wedge', 'manual']);
export const events = {
  'sync.status': z.object({
    online: z.boolean(),
    pendingChanges: z.number().int(),
    lastSyncAt: z.string().nullable(),
  }),
  'data.changed': z.object({ tables: z.array(z.string()) }),
  scan: z.object({
    text: z.string().max(4096),
    symbology: z.string().max(8).optional(),
    source: ScanSource,
    at: z.string(),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
