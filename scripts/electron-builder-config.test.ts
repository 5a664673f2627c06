import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };

/** The value of a top-level `key: value` line (the file is plain YAML; no parser needed for this). */
function topLevel(key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(config)?.[1]?.trim();
}

/** The items of a top-level list. */
function list(key: string): string[] {
  const block = new RegExp(`^${key}:\\s*\\n((?:\\s+- .+\\n?)+)`, 'm').exec(config)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.trim().replace(/^- /, '').replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

describe('electron-builder.yml', () => {
  it('pins electronVersion to the installed electron', () => {
    const installed = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    expect(topLevel('electronVersion')).toBe(installed);
  });

  it('names the app', () => {
    expect(topLevel('appId')).toBe('se.buffert.app');
    expect(topLevel('productName')).toBe('Buffert');
  });

  it('packages the built app and unpacks native modules from the asar', () => {
    expect(list('files')).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    // dist/central/ (npm run build:central) is the separately deployed central server.
    expect(list('files')).toContain('!dist/central/**');
    expect(list('asarUnpack')).toContain('**/*.node');
    expect(topLevel('npmRebuild')).toBe('true');
  });

  it('starts the bundle that build:electron writes', () => {
    expect(pkg.main).toBe('dist/electron/main/index.js');
  });
});
