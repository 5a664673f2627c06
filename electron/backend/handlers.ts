import type { HandlerInput, HandlerName, HandlerOutput } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import type { BackendContext } from './backend';
import { appHandlers } from './app/handlers';
import { articleHandlers } from './article/handlers';
import { individualHandlers } from './individual/handlers';
import { sessionHandlers } from './session/handlers';
import { stockHandlers } from './stock/handlers';
import { syncHandlers } from './sync/handlers';

export type Handler<N extends HandlerName> = (input: HandlerInput<N>) => Result<HandlerOutput<N>>;
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
  };
}
