import { z } from 'zod';
import { contract, events, type EventName, type EventPayload, type HandlerName, type HandlerOutput } from '../../shared/api/contract';
import { err, ok, type Result } from '../../shared/result';
import { i18n } from '../i18n';

/**
 * What comes back over either transport is checked against the contract before the UI trusts it:
 * the Result envelope first, then the handler's own output schema (or the event's payload schema).
 */
const WireError = z.object({
  code: z.string().max(100),
  message: z.string().max(4000),
  details: z.record(z.string(), z.unknown()).optional(),
});
const WireResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

export function checkResult<N extends HandlerName>(name: N, raw: unknown): Result<HandlerOutput<N>> {
  const envelope = WireResult.safeParse(raw);
  if (!envelope.success) return err('invalid-response', i18n.t('transport.invalidResponse', { name }));
  if (!envelope.data.ok) {
    const { code, message, details } = envelope.data.error;
    return details === undefined ? err(code, message) : err(code, message, details);
  }
  const value = contract[name].output.safeParse(envelope.data.value);
  if (!value.success) {
    console.error(`Buffert: svaret från ${name} följer inte kontraktet`, value.error.issues);
    return err('invalid-response', i18n.t('transport.invalidResponse', { name }));
  }
  return ok(value.data as HandlerOutput<N>);
}

/** An event payload checked against the contract, or null (logged) when it does not match. */
export function checkEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    console.warn(`Buffert: händelsen ${event} följer inte kontraktet och ignoreras`, parsed.error.issues);
    return null;
  }
  return parsed.data as EventPayload<E>;
}

/** Keeps listeners per event; shared by both transports. */
export class ListenerMap {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  add<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  count(event?: EventName): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (p: EventPayload<E>) => void)(payload);
      } catch (error) {
        console.error(`Buffert: lyssnare på ${event} kastade ett fel`, error);
      }
    }
  }
}
