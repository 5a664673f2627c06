// Writes docs/buffert-config.schema.json from the zod schema of the machine configuration
// (electron/backend/machine-config/json-schema.ts); a test fails when the file is not current.
import fs from 'node:fs';
import path from 'node:path';
import { machineConfigJsonSchema } from '../electron/backend/machine-config/json-schema';

const file = path.resolve(import.meta.dirname, '..', 'docs', 'buffert-config.schema.json');
fs.writeFileSync(file, `${JSON.stringify(machineConfigJsonSchema(), null, 2)}\n`);
console.log(`Skrev ${path.relative(process.cwd(), file)}`);
