import { z } from 'zod';
import { MachineConfig } from '../../../shared/api/machine-config';

/**
 * The machine configuration as a JSON Schema (draft 2020-12), for IT's editors and deployment
 * tools: `docs/buffert-config.schema.json`, written by `npx tsx scripts/machine-config-schema.ts`
 * and kept current by a test. The zod schema stays the one rule; this is its published form.
 */
export function machineConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MachineConfig, { io: 'input' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    $schema: schema.$schema,
    $id: 'https://buffert.se/schemas/buffert-config.schema.json',
    title: 'Buffert – maskinkonfiguration',
    description: 'Läggs av IT i %ProgramData%\\Buffert\\config.json (Windows) eller /etc/buffert/config.json (Linux). Se docs/deploy-workstation.md.',
    ...schema,
    properties: { $schema: { type: 'string' }, ...schema.properties },
  };
}
