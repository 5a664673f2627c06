import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/api/contract';

/** Typed events from the backend to whichever transport is connected (IPC or WebSocket). */
export class BackendEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
