import type { BackendOptions } from './backend';
import { ACCEPT_LOST_CHANGES_ENV, ACCEPT_LOST_CHANGES_FLAG } from './db/replica';

/**
 * The workstation's sync settings from the environment, read the same way by the Electron main
 * process and the web host: `BUFFERT_CENTRAL_URL` (unset: works alone on a local demo replica),
 * `BUFFERT_STORE_ID` (the store this workstation registers for) and `BUFFERT_ENROLMENT_KEY`.
 */
export function syncOptionsFromEnv(env: NodeJS.ProcessEnv): Pick<BackendOptions, 'centralUrl' | 'storeId' | 'sync'> {
  const enrolmentKey = env.BUFFERT_ENROLMENT_KEY?.trim();
  return {
    // With a central server the replica starts empty and the first sync fills it (sync/engine.ts).
    centralUrl: env.BUFFERT_CENTRAL_URL?.trim() || null,
    storeId: env.BUFFERT_STORE_ID?.trim() || undefined,
    sync: enrolmentKey ? { enrolmentKey } : undefined,
  };
}

/**
 * Support's explicit acceptance of a replica that lacks committed changes (db/replica.ts, reason
 * `behind`): `--accept-lost-changes=N` on the command line or `BUFFERT_ACCEPT_LOST_CHANGES=N`,
 * where N is the number the startup-error screen shows. Anything that is not such a number
 * accepts nothing.
 */
export function acceptLostChangesFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): number | null {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`${ACCEPT_LOST_CHANGES_FLAG}=`)) value = arg.slice(ACCEPT_LOST_CHANGES_FLAG.length + 1);
    else if (arg === ACCEPT_LOST_CHANGES_FLAG) value = argv[i + 1];
  }
  value = (value ?? env[ACCEPT_LOST_CHANGES_ENV])?.trim();
  return value && /^\d{1,15}$/.test(value) ? Number(value) : null;
}
