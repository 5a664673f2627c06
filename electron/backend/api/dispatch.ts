import { contract, type HandlerName } from '../../../shared/api/contract';
import { parseCall } from '../../../shared/api/validate';
import { err, type Result } from '../../../shared/result';
import type { Backend } from '../backend';

export interface DispatchLog {
  error(message: string, error: unknown): void;
}

/**
 * The backend's front door for both transports: contract check (name + zod), login check, then the
 * handler. A bug in a handler becomes an `internal` error for the caller and a log line, never a
 * crash of the transport.
 */
export function dispatch(backend: Backend, name: unknown, args: unknown, log: DispatchLog = console): Result<unknown> {
  const call = parseCall(name, args);
  if (!call.ok) return call;
  return invokeValidated(backend, call.value.name, call.value.input, log);
}

/** For transports that already ran `parseCall` themselves (the Electron IPC router). */
export function invokeValidated(backend: Backend, name: HandlerName, input: unknown, log: DispatchLog = console): Result<unknown> {
  const spec = contract[name];
  const user = backend.context.session.user;
  // The one login check: handlers that are not public are only ever called with a user.
  if (!('public' in spec && spec.public) && user === null) {
    return err('not-logged-in', 'Du är inte inloggad. Logga in och försök igen.');
  }
  try {
    return backend.invoke(name, input as never, user);
  } catch (error) {
    log.error(`handler ${name} failed`, error);
    return err('internal', 'Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta support.');
  }
}
