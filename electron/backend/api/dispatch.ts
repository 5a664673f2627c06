import { contract, isHandlerName, type HandlerName, type HandlerSpec } from '../../../shared/api/contract';
import { parseCall } from '../../../shared/api/validate';
import { mayActAs } from '../../../shared/domain/mutation';
import { err, type Result } from '../../../shared/result';
import type { Backend } from '../backend';

export interface DispatchLog {
  error(message: string, error: unknown): void;
}

const INTERNAL = 'Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta support.';

/**
 * Who may call: the login check, the lock, and the handler's roles — before the input is even
 * read, so a caller without the right learns nothing from validation messages either.
 */
export function admit(backend: Backend, name: HandlerName): Result<null> | null {
  const spec: HandlerSpec = contract[name];
  if (spec.public) return null;
  const { user, locked } = backend.context.session;
  if (user === null) return err('not-logged-in', 'Du är inte inloggad. Logga in och försök igen.');
  if (locked) return err('locked', 'Arbetsstationen är låst. Lås upp med din PIN-kod eller ditt lösenord.');
  const refused = spec.roles ? mayActAs(user.roles, spec.roles) : null;
  return refused ? err(refused.error.code, refused.error.message) : null;
}

/**
 * The backend's front door for both transports: contract check (name + zod), login, lock and role
 * check, then the handler. A bug in a handler becomes an `internal` error for the caller and a
 * log line, never a crash of the transport. Synchronous: handlers marked `async` in the contract
 * (they talk to central) go through dispatchAsync.
 */
export function dispatch(backend: Backend, name: unknown, args: unknown, log: DispatchLog = console): Result<unknown> {
  if (isHandlerName(name)) {
    const refused = admit(backend, name);
    if (refused) return refused;
  }
  const call = parseCall(name, args);
  if (!call.ok) return call;
  const answer = invokeValidated(backend, call.value.name, call.value.input, log);
  if (answer instanceof Promise) {
    void answer.catch(() => {});
    return err('internal', `${call.value.name} svarar asynkront och ska anropas med dispatchAsync.`);
  }
  return answer;
}

/** Both kinds of handler, for the transports and for callers that can wait. */
export async function dispatchAsync(backend: Backend, name: unknown, args: unknown, log: DispatchLog = console): Promise<Result<unknown>> {
  if (isHandlerName(name)) {
    const refused = admit(backend, name);
    if (refused) return refused;
  }
  const call = parseCall(name, args);
  if (!call.ok) return call;
  return invokeValidated(backend, call.value.name, call.value.input, log);
}

/** For transports that already ran `parseCall` themselves (the Electron IPC router). */
export function invokeValidated(backend: Backend, name: HandlerName, input: unknown, log: DispatchLog = console): Result<unknown> | Promise<Result<unknown>> {
  const refused = admit(backend, name);
  if (refused) return refused;
  const failed = (error: unknown) => {
    log.error(`handler ${name} failed`, error);
    return err('internal', INTERNAL);
  };
  try {
    const answer = backend.invoke(name, input as never, backend.context.session.user);
    return answer instanceof Promise ? answer.catch(failed) : answer;
  } catch (error) {
    return failed(error);
  }
}
