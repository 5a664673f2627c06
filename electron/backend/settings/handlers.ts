import { ok } from '../../../shared/result';
import { loginMethodOf } from '../../../shared/domain/session/rules';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

/** Inställningar (decision 0033): the machine's settings as IT set them, and the person's own. */
export function settingsHandlers(ctx: BackendContext): HandlerGroup<'settings'> {
  // The backend's own defaults, shown where neither the file nor the environment set a value.
  const inEffect: Record<string, () => string | null> = {
    'central.url': () => ctx.centralUrl,
    'central.storeId': () => ctx.ownStoreId || null,
    'login.method': () => loginMethodOf(ctx.login.method, ctx.regionSettings.settings.loginMode),
    'login.lockMinutes': () => String(ctx.login.lockAfterMinutes),
    'login.offlineLoginDays': () => String(ctx.login.offlineValidDays),
    'login.cardReaders': () => ctx.login.cardReaders,
  };
  const settings = () => ctx.machineSettings.settings.map((s) => (s.value === null && inEffect[s.path] ? { ...s, value: inEffect[s.path]!() } : s));
  return {
    'settings.get': (_input, user) =>
      ok({
        machine: { ...ctx.machineSettings, settings: settings(), scannerLocked: ctx.scanner.lockedFields() },
        user: ctx.userSettings.read(user.id),
      }),
    'settings.user': (_input, user) => ok(ctx.userSettings.read(user?.id ?? null)),
    'settings.saveUser': (input, user) => ok(ctx.userSettings.write(user.id, input)),
  };
}
