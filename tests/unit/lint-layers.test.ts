import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** Lints a fixture as if it lived at `asPath` inside the project, with the project's own config. */
async function lintAs(fixture: string, asPath: string) {
  const code = fs.readFileSync(path.join(root, 'tests/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(root, asPath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
}

describe('layer rules (ARCHITECTURE.md)', () => {
  it('shared/ may not import Node built-ins or electron', async () => {
    const messages = await lintAs('shared-imports-node.ts', 'shared/domain/fixture.ts');
    expect(messages.map((m) => m.line)).toEqual([2, 3, 4]);
    expect(messages[0]?.message).toMatch(/shared\/ is pure TypeScript/);
  });

  it('shared/ may not use the DOM', async () => {
    const messages = await lintAs('shared-uses-dom.ts', 'shared/domain/fixture.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ruleId).toBe('no-restricted-globals');
  });

  it('electron/backend/ may not import electron', async () => {
    const messages = await lintAs('backend-imports-electron.ts', 'electron/backend/fixture.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/never imports electron/);
  });

  it('renderer/ may not import Node, SQLite or the backend', async () => {
    const messages = await lintAs('renderer-imports-node.ts', 'renderer/features/fixture.ts');
    expect(messages.map((m) => m.line)).toEqual([2, 3, 4, 5]);
  });

  it('the same violating imports are fine where they belong', async () => {
    expect(await lintAs('backend-imports-electron.ts', 'electron/main/fixture.ts')).toEqual([]);
    expect(await lintAs('shared-imports-node.ts', 'scripts/fixture.ts')).toEqual([]);
  });

  it('a pure shared module passes', async () => {
    expect(await lintAs('shared-clean.ts', 'shared/api/fixture.ts')).toEqual([]);
  });
});
