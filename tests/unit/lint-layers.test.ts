import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const LAYER_RULES = new Set(['buffert/allowed-imports', 'no-restricted-syntax', 'no-restricted-globals']);

/** Lints a fixture as if it lived at `asPath` inside the project, with the project's own config. */
async function lintAs(fixture: string, asPath: string): Promise<Linter.LintMessage[]> {
  const code = fs.readFileSync(path.join(root, 'tests/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(root, asPath) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId));
}

const found = (messages: Linter.LintMessage[]) => messages.map((m) => [m.line, m.messageId]);

/** A feature folder in the layer: where the per-layer fixtures' relative paths start. */
const inLayer = (layer: string, name = 'fixture.ts') => `${layer}/feature/${name}`;
/** Two folders below the top (shared/feature/, electron/backend/): where the shared fixtures' paths start. */
const twoDeep = (layer: string, name = 'fixture.ts') => (layer.includes('/') ? `${layer}/${name}` : `${layer}/feature/${name}`);
/** The layers nested in another (electron/backend/documents/) sit three deep: their own copy of that fixture. */
const testCodeFixture = (layer: string) => (layer.split('/').length > 2 ? 'imports-test-code-deep.ts' : 'imports-test-code.ts');

/**
 * Per layer: its fixtures (tests/fixtures/lint/<slug>-allowed.ts and -refused.ts) and, for the
 * refused one, each import's line and why it is refused (a package, a Node built-in, a path into
 * a layer not on the list).
 */
const CASES: Record<string, { slug: string; refused: [number, string][] }> = {
  shared: { slug: 'shared', refused: [[3, 'builtin'], [4, 'builtin'], [5, 'package'], [6, 'package'], [7, 'path'], [8, 'path']] },
  renderer: { slug: 'renderer', refused: [[3, 'builtin'], [4, 'builtin'], [5, 'package'], [6, 'package'], [7, 'path'], [8, 'path']] },
  'electron/backend': { slug: 'backend', refused: [[3, 'package'], [4, 'package'], [5, 'path'], [6, 'path']] },
  'electron/backend/documents': { slug: 'documents', refused: [[3, 'package'], [4, 'package'], [5, 'path'], [6, 'path']] },
  'electron/main': { slug: 'main', refused: [[3, 'package'], [4, 'path'], [5, 'path']] },
  'electron/preload': { slug: 'preload', refused: [[3, 'builtin'], [4, 'package'], [5, 'path'], [6, 'path']] },
  'electron/web-host': { slug: 'web-host', refused: [[3, 'package'], [4, 'path'], [5, 'path']] },
  server: { slug: 'server', refused: [[3, 'package'], [4, 'package'], [5, 'path'], [6, 'path']] },
};
const LAYERS = Object.keys(CASES);

describe('layer allowlists (eslint.config.js, docs/decisions/0007-layer-rules.md)', () => {
  it('every product folder is a layer with an allowlist, and every layer has fixtures here', async () => {
    // electron/backend/documents is a layer inside a layer: the server may import it and nothing else of the backend (decision 0013).
    const folders = ['shared', 'renderer', 'server', 'electron/backend/documents', ...fs.readdirSync(path.join(root, 'electron')).map((d) => `electron/${d}`)];
    expect(folders.sort()).toEqual([...LAYERS].sort());
    for (const layer of folders) {
      const config = (await eslint.calculateConfigForFile(path.join(root, inLayer(layer)))) as Linter.Config;
      const rule = config.rules?.['buffert/allowed-imports'] as [unknown, { layer: string }] | undefined;
      expect(rule?.[1].layer, layer).toBe(layer);
    }
  });

  it.each(LAYERS)('%s/ may import what its list names', async (layer) => {
    expect(await lintAs(`${CASES[layer]!.slug}-allowed.ts`, inLayer(layer))).toEqual([]);
  });

  it.each(LAYERS)('%s/ may not import packages or layers off its list', async (layer) => {
    const messages = await lintAs(`${CASES[layer]!.slug}-refused.ts`, inLayer(layer));
    expect(found(messages)).toEqual(CASES[layer]!.refused);
    // The message names the layer and what it may import instead.
    expect(messages.find((m) => m.messageId === 'path')?.message).toMatch(new RegExp(`^${layer}/ may not import .* Allowed folders: ${layer}/`));
    expect(messages.find((m) => m.messageId === 'package')?.message).toMatch(new RegExp(`^${layer}/ may not import the package '.*'\\. Allowed packages: `));
  });

  it('the message names the layer a refused path leads into', async () => {
    const messages = await lintAs('shared-refused.ts', inLayer('shared'));
    expect(messages.filter((m) => m.messageId === 'path').map((m) => m.message.split(' (')[0])).toEqual([
      'shared/ may not import electron/backend/',
      'shared/ may not import renderer/',
    ]);
  });

  it('shared/ may not use the DOM', async () => {
    const messages = await lintAs('shared-uses-dom.ts', inLayer('shared'));
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([[2, 'no-restricted-globals']]);
  });

  it.each(LAYERS)('%s/ product code may not use a dynamic import()', async (layer) => {
    const messages = await lintAs('dynamic-import.ts', inLayer(layer));
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([[3, 'no-restricted-syntax']]);
    expect(messages[0]?.message).toMatch(/No dynamic import\(\) in product code/);
  });

  it.each(LAYERS)('%s/ product code may not import tests, test helpers, benches or test files', async (layer) => {
    const messages = await lintAs(testCodeFixture(layer), twoDeep(layer));
    expect(found(messages)).toEqual([
      [3, 'testCode'],
      [4, 'testCode'],
      [5, 'testCode'],
    ]);
  });

  it('a test beside the code may use test helpers, test files and vi.mock’s import(), but not benches', async () => {
    for (const layer of LAYERS) {
      expect(await lintAs('dynamic-import.ts', inLayer(layer, 'fixture.test.ts')), layer).toEqual([]);
      expect(found(await lintAs(testCodeFixture(layer), twoDeep(layer, 'fixture.test.ts'))), layer).toEqual([[4, 'path']]);
    }
  });

  it('a test beside the code is still held to its layer', async () => {
    expect(found(await lintAs('backend-refused.ts', inLayer('electron/backend', 'fixture.test.ts')))).toEqual(CASES['electron/backend']!.refused);
  });

  it('the server may import the documents module and nothing else of the backend; the backend may import it', async () => {
    expect(await lintAs('server-allowed.ts', inLayer('server'))).toEqual([]);
    const refused = await lintAs('server-refused.ts', inLayer('server'));
    expect(refused.find((m) => m.line === 5)?.message).toMatch(/^server\/ may not import electron\/backend\/ .*Allowed folders: server\/, electron\/backend\/documents\/, shared\//);
    expect(await lintAs('backend-allowed.ts', inLayer('electron/backend'))).toEqual([]);
  });

  it('tools and tests outside the layers may import what they need', async () => {
    expect(await lintAs('backend-refused.ts', 'scripts/fixture.ts')).toEqual([]);
    expect(await lintAs('imports-test-code.ts', 'tests/integration/fixture.ts')).toEqual([]);
  });
});
