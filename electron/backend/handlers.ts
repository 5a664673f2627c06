import type { Contract, HandlerInput, HandlerName, HandlerOutput } from '../../shared/api/contract';
import type { UserSummary } from '../../shared/api/schemas';
import type { Result } from '../../shared/result';
import type { BackendContext } from './backend';
import { activityHandlers } from './activity/handlers';
import { appHandlers } from './app/handlers';
import { articleHandlers } from './article/handlers';
import { attachmentHandlers } from './attachment/handlers';
import { deviationHandlers } from './deviation/handlers';
import { backupHandlers, diagnosticsHandlers } from './diagnostics/handlers';
import { auditHandlers } from './audit/handlers';
import { goodsReceiptHandlers } from './goods-receipt/handlers';
import { individualHandlers } from './individual/handlers';
import { loanBasketHandlers } from './loan-basket/handlers';
import { messageHandlers } from './message/handlers';
import { customerOrderHandlers } from './order/customer-orders';
import { orderHandlers } from './order/handlers';
import { pickupOrderHandlers } from './pickup-order/handlers';
import { printHandlers } from './print/handlers';
import { recipientHandlers } from './recipient/handlers';
import { regionSettingsHandlers } from './region-settings/handlers';
import { returnHandlers } from './return/handlers';
import { scanHandlers, scannerHandlers } from './scanner/handlers';
import { sessionHandlers } from './session/handlers';
import { settingsHandlers } from './settings/handlers';
import { stockHandlers } from './stock/handlers';
import { stocktakeHandlers } from './stocktake/handlers';
import { syncHandlers } from './sync/handlers';

/** Who calls: dispatch checks the login once, so only public handlers may see no user. */
export type CallerOf<N extends HandlerName> = Contract[N] extends { public: true } ? UserSummary | null : UserSummary;
/** Handlers marked `async` in the contract (they talk to central) answer with a Promise. */
export type AnswerOf<N extends HandlerName> = Contract[N] extends { async: true } ? Promise<Result<HandlerOutput<N>>> : Result<HandlerOutput<N>>;
export type Handler<N extends HandlerName> = (input: HandlerInput<N>, user: CallerOf<N>) => AnswerOf<N>;
export type Handlers = { [N in HandlerName]: Handler<N> };
export type HandlerGroup<P extends string> = { [N in Extract<HandlerName, `${P}.${string}`>]: Handler<N> };

/** The backend's handler map: one implementation per contract entry, grouped by feature folder. */
export function createHandlers(ctx: BackendContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...sessionHandlers(ctx),
    ...stockHandlers(ctx),
    ...individualHandlers(ctx),
    ...articleHandlers(ctx),
    ...syncHandlers(ctx),
    ...orderHandlers(ctx),
    ...goodsReceiptHandlers(ctx),
    ...scannerHandlers(ctx),
    ...settingsHandlers(ctx),
    ...regionSettingsHandlers(ctx),
    ...scanHandlers(ctx),
    ...stocktakeHandlers(ctx),
    ...auditHandlers(ctx),
    ...recipientHandlers(ctx),
    ...messageHandlers(ctx),
    ...customerOrderHandlers(ctx),
    ...loanBasketHandlers(ctx),
    ...pickupOrderHandlers(ctx),
    ...attachmentHandlers(ctx),
    ...deviationHandlers(ctx),
    ...returnHandlers(ctx),
    ...activityHandlers(ctx),
    ...diagnosticsHandlers(ctx),
    ...backupHandlers(ctx),
    ...printHandlers(ctx),
  };
}
