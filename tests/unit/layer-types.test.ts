import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The compiler's half of the layer rules (docs/decisions/0007-layer-rules.md): each layer's
 * tsconfig sees only the types its code may use. Tiny fixtures are checked with each layer's own
 * options (and its own ambient .d.ts files), by the TypeScript API; lib files are parsed once.
 */

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => path.join(root, 'tests/fixtures/types', name);

const parsed = new Map<string, ts.ParsedCommandLine>();
function project(config: string): ts.ParsedCommandLine {
  let p = parsed.get(config);
  if (!p) {
    const found = ts.getParsedCommandLineOfConfigFile(path.join(root, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
    if (!found) throw new Error(`cannot read ${config}`);
    parsed.set(config, (p = found));
  }
  return p;
}

const sourceFiles = new Map<string, ts.SourceFile | undefined>();
const host = ts.createCompilerHost({});
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, ...rest) => {
  const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
  if (!sourceFiles.has(key)) sourceFiles.set(key, getSourceFile(fileName, languageVersion, ...rest));
  return sourceFiles.get(key);
};

/** The names the compiler cannot find when `file` is checked with `config`'s options. */
function unknownNames(config: string, file: string): string[] {
  const p = project(config);
  const { composite: _c, emitDeclarationOnly: _e, declaration: _d, incremental: _i, tsBuildInfoFile: _t, ...options } = p.options;
  const ambient = p.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [fixture(file), ...ambient], options: { ...options, noEmit: true }, host });
  const diagnostics = [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics(program.getSourceFile(fixture(file)))];
  const other = diagnostics.filter((d) => ![2304, 2580, 2582, 2583, 2584, 2591].includes(d.code));
  if (other.length) throw new Error(ts.formatDiagnostics(other, { ...host, getNewLine: () => '\n', getCanonicalFileName: (f) => f }));
  return [...new Set(diagnostics.map((d) => /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))?.[1] ?? String(d.code)))];
}

const NODE_LAYERS = ['electron/backend', 'electron/backend/documents', 'electron/main', 'electron/preload', 'electron/web-host', 'server', 'tsconfig.tooling.json'];

describe('layer types (tsconfig per layer)', () => {
  it('shared/ sees neither Node nor the DOM, nor a timer', () => {
    expect(unknownNames('shared/tsconfig.json', 'uses-node.ts')).toEqual(['Buffer', 'process']);
    expect(unknownNames('shared/tsconfig.json', 'uses-dom.ts')).toEqual(['document', 'window']);
    expect(unknownNames('shared/tsconfig.json', 'uses-timer.ts')).toEqual(['setTimeout']);
    expect(unknownNames('shared/tsconfig.json', 'pure.ts')).toEqual([]);
  });

  it('renderer/ sees the DOM, not Node', () => {
    expect(unknownNames('renderer/tsconfig.json', 'uses-dom.ts')).toEqual([]);
    expect(unknownNames('renderer/tsconfig.json', 'uses-node.ts')).toEqual(['Buffer', 'process']);
  });

  it.each(NODE_LAYERS)('%s sees Node, not the DOM', (layer) => {
    const config = layer.endsWith('.json') ? layer : `${layer}/tsconfig.json`;
    expect(unknownNames(config, 'uses-node.ts')).toEqual([]);
    expect(unknownNames(config, 'uses-dom.ts')).toEqual(['document', 'window']);
  });

  it('every TypeScript file in the repository is checked by exactly one project of `tsc -b`', () => {
    const solution = project('tsconfig.json');
    const owners = new Map<string, string[]>();
    for (const ref of solution.projectReferences ?? []) {
      const config = path.relative(root, ts.resolveProjectReferencePath(ref));
      for (const file of project(config).fileNames) owners.set(path.relative(root, file), [...(owners.get(path.relative(root, file)) ?? []), config]);
    }
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mts'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('tests/fixtures/lint/') && !f.startsWith('tests/fixtures/types/'));
    expect(tracked.length).toBeGreaterThan(100);
    expect(tracked.filter((f) => owners.get(f)?.length !== 1).map((f) => `${f}: ${owners.get(f)?.join(', ') ?? 'no project'}`)).toEqual([]);
  });

  it("a layer's project references are the layers its lint allowlist names", async () => {
    const eslint = new ESLint({ cwd: root });
    for (const layer of ['shared', 'renderer', 'electron/backend', 'electron/backend/documents', 'electron/main', 'electron/preload', 'electron/web-host', 'server']) {
      const config = (await eslint.calculateConfigForFile(path.join(root, layer, 'x.ts'))) as Linter.Config;
      const allowed = (config.rules?.['buffert/allowed-imports'] as [unknown, { layers: string[] }])[1].layers.filter((l) => l !== layer);
      const references = (project(`${layer}/tsconfig.json`).projectReferences ?? []).map((r) => path.relative(root, r.path));
      expect(references.sort(), layer).toEqual(allowed.sort());
    }
  });
});
