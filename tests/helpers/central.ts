import { DEMO_ENROLMENT_KEY } from '../../electron/backend/backend';
import { startModelCentral } from './scripted-central';
import type { CentralUnderTest } from './sync-harness';

/**
 * The central server the sync integration tests run against. Until server/ provides an in-process
 * `startServer`, this is the model central (tests/helpers/scripted-central.ts): real HTTP and the
 * shared rules on a replica-shaped SQLite database.
 */
export async function startCentral(): Promise<CentralUnderTest> {
  const model = await startModelCentral();
  return {
    get url() {
      return model.url;
    },
    enrolmentKey: DEMO_ENROLMENT_KEY,
    restart: () => model.restart(),
    close: () => model.close(),
  };
}
