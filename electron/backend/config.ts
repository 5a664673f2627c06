import type { BackendOptions } from './backend';

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
