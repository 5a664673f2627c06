import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parseMachineConfig } from '../shared/api/machine-config';
import { machineConfigJsonSchema } from '../electron/backend/machine-config/json-schema';

const root = path.resolve(import.meta.dirname, '..');
const committed = path.join(root, 'docs', 'buffert-config.schema.json');
const example = path.join(root, 'docs', 'examples', 'config.json');

describe('the published JSON Schema of the machine configuration', () => {
  it('is current (else run: npx tsx scripts/machine-config-schema.ts)', () => {
    expect(JSON.parse(fs.readFileSync(committed, 'utf8'))).toEqual(machineConfigJsonSchema());
  });

  it('accepts the documented example, which the app accepts too', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(machineConfigJsonSchema());
    const text = fs.readFileSync(example, 'utf8');
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parseMachineConfig(text, example)).toMatchObject({ ok: true });
  });

  it('refuses what the app refuses: an unknown field, a number out of range, a bad store number', () => {
    const validate = new Ajv2020().compile(machineConfigJsonSchema());
    for (const bad of [{ login: { lockMinute: 5 } }, { login: { lockMinutes: 241 } }, { central: { storeId: '123' } }, { extra: true }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(parseMachineConfig(JSON.stringify(bad), 'config.json').ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
