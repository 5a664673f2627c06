import { ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

/** Regionens inställningar: what central set for the region, read-only on the workstation. */
export function regionSettingsHandlers(ctx: BackendContext): HandlerGroup<'regionSettings'> {
  return {
    'regionSettings.get': () => {
      const { settings, problems, stored } = ctx.regionSettings.read();
      return ok({ settings, problems: [...problems], stored });
    },
  };
}
