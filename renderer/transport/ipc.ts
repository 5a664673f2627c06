import type { EventName, EventPayload, HandlerArgs, HandlerName, HandlerOutput } from '../../shared/api/contract';
import type { BridgeApi, Transport } from '../../shared/api/transport';
import { err, type Result } from '../../shared/result';
import { i18n } from '../i18n';
import { checkEvent, checkResult } from './check';

/** Electron's transport: the preload bridge (`window.buffert`), results checked like over HTTP. */
export function createIpcTransport(bridge: BridgeApi): Transport {
  return {
    kind: 'ipc',
    async invoke<N extends HandlerName>(name: N, args: HandlerArgs<N>): Promise<Result<HandlerOutput<N>>> {
      let raw: unknown;
      try {
        raw = await bridge.invoke(name, args ?? {});
      } catch (error) {
        return err('ipc', i18n.t('transport.ipc', { detail: error instanceof Error ? error.message : String(error) }));
      }
      return checkResult(name, raw);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => {
        const checked = checkEvent(event, payload);
        if (checked !== null) listener(checked);
      });
    },
  };
}
