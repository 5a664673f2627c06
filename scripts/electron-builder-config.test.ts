import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { UUID } from 'builder-util-runtime';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { fontDirCandidates, FONT_FILES } from '../electron/backend/documents/fonts';
import { icoEntries, pngSize } from './make-resources';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
// The same YAML reader and schema validator electron-builder uses (app-builder-lib's versions).
const parsed = yaml.load(config) as Record<string, unknown> & { files: string[]; electronFuses: Record<string, boolean> };

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

/** The indented block under a top-level key. */
function section(key: string): string {
  return new RegExp(`^${key}:[ \\t]*\\n((?:[ \\t]+.*(?:\\n|$))+)`, 'm').exec(config)?.[1] ?? '';
}

/** A `key: value` line directly inside a top-level section. */
function nested(parent: string, key: string): string | undefined {
  return new RegExp(`^  ${key}:[ \\t]*(\\S.*)$`, 'm').exec(section(parent))?.[1]?.trim();
}

/** Where electron-builder finds an icon: in buildResources first, then in the project. */
function resource(file: string): string {
  const inBuildResources = path.join(ROOT, nested('directories', 'buildResources') ?? 'build', file);
  return fs.existsSync(inBuildResources) ? inBuildResources : path.join(ROOT, file);
}

describe('electron-builder.yml against electron-builder’s schema (decision 0017)', () => {
  it('is a valid configuration for the installed electron-builder (app-builder-lib/scheme.json)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(parsed);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
    // The validator does reject a wrong configuration (a fuse that is not a boolean, an unknown fuse).
    expect(validate({ ...parsed, electronFuses: { ...parsed.electronFuses, runAsNode: 'no' } })).toBe(false);
    expect(validate({ ...parsed, electronFuses: { ...parsed.electronFuses, noSuchFuse: true } })).toBe(false);
  });

  it('sets every security fuse: no Node mode, no NODE_OPTIONS, no inspector, asar only and checked, cookies encrypted, file:// unprivileged', () => {
    expect(parsed.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    // onlyLoadAppFromAsar needs the app in an asar.
    expect(parsed.asar).toBe(true);
  });

  it('never packages the web host (loopback HTTP to the backend has no place in an installer)', () => {
    expect(parsed.files).toEqual(expect.arrayContaining(['!dist/web-host/**', '!dist/electron/web-host/**', '!**/web-host/**']));
    // Nothing that is packaged names the web host's source either.
    for (const pattern of parsed.files.filter((p) => !p.startsWith('!'))) expect(pattern).not.toMatch(/^electron\/|web-host/);
    // And the build that is packaged does not make a web host bundle in the first place.
    const buildScript = fs.readFileSync(path.join(ROOT, 'scripts', 'build-electron.mjs'), 'utf8');
    expect(buildScript).not.toMatch(/web-host/);
  });
});

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
    expect(list('asarUnpack')).toContain('node_modules/pdf-to-printer/dist/*.exe');
    expect(fs.readdirSync(path.join(ROOT, 'node_modules/pdf-to-printer/dist')).some((f) => f.endsWith('.exe'))).toBe(true);
    expect(topLevel('npmRebuild')).toBe('true');
  });

  it('starts the bundle that build:electron writes', () => {
    expect(pkg.main).toBe('dist/electron/main/index.js');
  });

  it('takes its build resources from resources/', () => {
    expect(nested('directories', 'buildResources')).toBe('resources');
    expect(fs.statSync(path.join(ROOT, 'resources')).isDirectory()).toBe(true);
  });

  it('points every icon at an existing file of the right kind', () => {
    const icons = { win: nested('win', 'icon'), installer: nested('nsis', 'installerIcon'), uninstaller: nested('nsis', 'uninstallerIcon'), mac: nested('mac', 'icon') };
    expect(icons).toEqual({ win: 'icon.ico', installer: 'icon.ico', uninstaller: 'icon.ico', mac: 'icon.icns' });
    for (const file of Object.values(icons)) expect(fs.existsSync(resource(file!)), file).toBe(true);
    // electron-builder refuses an ICO without a 256 px image.
    expect(Math.max(...icoEntries(fs.readFileSync(resource('icon.ico'))).map((e) => e.size))).toBe(256);
    expect(fs.readFileSync(resource('icon.icns')).toString('ascii', 0, 4)).toBe('icns');
  });

  it('gives Linux a folder of NxN.png icons up to 512 px', () => {
    const dir = resource(nested('linux', 'icon')!);
    const files = fs.readdirSync(dir).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
    for (const file of files) {
      const n = Number(file.split('x')[0]);
      expect(pngSize(fs.readFileSync(path.join(dir, file))), file).toEqual({ width: n, height: n });
    }
  });

  /** The extraResources entries: each `- from:` item with its `to` and filter lines. */
  const extraResources = () =>
    section('extraResources')
      .split(/^ {2}- /m)
      .filter((entry) => entry.trim())
      .map((entry) => ({ from: /from:\s*(\S+)/.exec(entry)?.[1], to: /to:\s*(\S+)/.exec(entry)?.[1], entry }));

  it('ships the scan sounds beside the asar, from a folder that holds them', () => {
    const sounds = extraResources().find((e) => e.to === 'sounds');
    expect(sounds?.from).toBe('resources/sounds');
    expect(sounds?.entry).toContain('"*.wav"');
    expect(fs.readdirSync(path.join(ROOT, sounds!.from!)).filter((f) => f.endsWith('.wav')).sort()).toEqual(['scan-attention.wav', 'scan-ok.wav', 'scan-refused.wav']);
  });

  it('ships the document fonts and their licence beside the asar, where the documents module looks first', () => {
    const fonts = extraResources().find((e) => e.to === 'fonts');
    expect(fonts?.from).toBe('resources/fonts');
    expect(fonts?.entry).toContain('"*.ttf"');
    expect(fonts?.entry).toContain('"OFL.txt"');
    expect(fs.readdirSync(path.join(ROOT, fonts!.from!)).sort()).toEqual(['OFL.txt', ...Object.values(FONT_FILES)].sort());
    // process.resourcesPath/fonts is the first place fonts.ts looks.
    expect(fontDirCandidates('/app/resources/app.asar/dist/electron/main', '/app/resources')[0]).toBe(path.join('/app/resources', 'fonts'));
  });
});

describe('electron-builder.yml: installers for municipal IT (issue 13, docs/deploy-workstation.md)', () => {
  type Target = { target: string; arch?: string[] };
  const win = parsed.win as { target: Target[]; icon: string };
  const nsis = parsed.nsis as Record<string, unknown>;
  const msi = parsed.msi as Record<string, unknown>;
  const linux = parsed.linux as { target: string[]; icon: string; extraResources: Array<{ from: string; to: string }> };
  const deb = parsed.deb as { depends: string[]; recommends: string[]; afterInstall: string; afterRemove: string };
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
    definitions: Record<string, { properties: Record<string, { default?: unknown }> }>;
  };

  it('is accepted by electron-builder’s own loader and validator (what npm run dist runs first)', async () => {
    // app-builder-lib's config module: loads electron-builder.yml as the CLI does, merges the
    // defaults, and validates against the schema with its own checks on top.
    const { getConfig, validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as unknown as {
      getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util/out/DebugLogger.js')) as unknown as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    expect(loaded).toMatchObject({ appId: 'se.buffert.app', nsis: { perMachine: true }, msi: { perMachine: true } });
    await expect(validateConfiguration({ ...loaded, msi: { ...(loaded.msi as object), perMachine: 'yes' } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  });

  it('builds an NSIS installer and an MSI for 64-bit Windows, an AppImage and a deb for Linux', () => {
    expect(win.target).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ]);
    expect(linux.target).toEqual(['AppImage', 'deb']);
    // File names without spaces: latest.yml names the file exactly as the update server must serve it.
    expect(nsis.artifactName).toBe('${productName}-Setup-${version}.${ext}');
    expect(msi.artifactName).toBe('${productName}-${version}.${ext}');
    expect((parsed.appImage as { artifactName: string }).artifactName).toBe('${productName}-${version}.${ext}');
  });

  it('makes the NSIS installer per-machine, assisted and silent-capable, and never removes the person’s data', () => {
    expect(nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowElevation: true,
      runAfterFinish: false,
      deleteAppDataOnUninstall: false,
      packElevateHelper: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
    });
    // Per-machine with no choice: selectPerMachineByDefault only matters where perMachine is false.
    expect(nsis.selectPerMachineByDefault).toBeUndefined();
  });

  it('makes the MSI per-machine, with the upgrade code electron-builder derives from the app id, pinned', () => {
    expect(msi).toMatchObject({ oneClick: false, perMachine: true, runAfterFinish: false, warningsAsErrors: true, createDesktopShortcut: true, createStartMenuShortcut: true });
    // The same derivation as app-builder-lib/out/targets/MsiTarget.js (UUID v5 of the app id).
    const msiTarget = fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'out', 'targets', 'MsiTarget.js'), 'utf8');
    const namespace = /ELECTRON_BUILDER_UPGRADE_CODE_NS_UUID = builder_util_runtime_1\.UUID\.parse\("([0-9a-f-]{36})"\)/.exec(msiTarget)?.[1];
    expect(namespace).toBeDefined();
    const derived = UUID.v5(parsed.appId as string, UUID.parse(namespace!)).toUpperCase();
    expect(msi.upgradeCode).toBe(derived);
    expect(msi.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('gives the deb electron-builder’s dependencies plus those of the native modules, and pcscd as a recommendation', () => {
    const defaults = schema.definitions.DebOptions!.properties.depends!.default as string[];
    expect(defaults.length).toBeGreaterThan(5);
    expect(deb.depends).toEqual(expect.arrayContaining(defaults));
    // node-hid (hidraw via libudev; libusb), the optional PC/SC module (libpcsclite).
    expect(deb.depends).toEqual(expect.arrayContaining(['libudev1', 'libusb-1.0-0', 'libpcsclite1']));
    expect(deb.recommends).toEqual(['pcscd']);
  });

  it('ships the HID scanner udev rule beside the asar, and the deb installs and removes it', () => {
    expect(linux.extraResources).toEqual([{ from: 'resources/linux/70-buffert-hid-scanners.rules', to: 'udev/70-buffert-hid-scanners.rules' }]);
    expect(fs.existsSync(path.join(ROOT, linux.extraResources[0]!.from))).toBe(true);
    expect(deb.afterInstall).toBe('resources/linux/after-install.sh');
    expect(deb.afterRemove).toBe('resources/linux/after-remove.sh');
  });

  /** A deb script as electron-builder writes it (FpmTarget's writeConfigFile: ${name} macros). */
  function renderDebScript(file: string, text = fs.readFileSync(path.join(ROOT, file), 'utf8')): string {
    const macros: Record<string, string> = { executable: 'buffert', sanitizedProductName: 'Buffert', productFilename: 'Buffert' };
    return text.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
      if (!(name in macros)) throw new Error(`Macro ${name} is not defined (electron-builder would refuse ${file})`);
      return macros[name]!;
    });
  }

  /** The lines of a template that do something (no comments, no blank lines). */
  const commands = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));

  for (const [key, template] of [
    ['afterInstall', 'after-install.tpl'],
    ['afterRemove', 'after-remove.tpl'],
  ] as const) {
    it(`${key}: keeps every step of electron-builder’s own ${template}, and is valid bash`, () => {
      const file = deb[key];
      const ours = renderDebScript(file);
      const theirs = renderDebScript(template, fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'templates', 'linux', template), 'utf8'));
      expect(commands(ours)).toEqual(expect.arrayContaining(commands(theirs)));
      const check = spawnSync('bash', ['-n'], { input: ours, encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(ours).toContain('/usr/lib/udev/rules.d/70-buffert-hid-scanners.rules');
      expect(ours).toContain('udevadm control --reload-rules');
      expect(fs.statSync(path.join(ROOT, file)).mode & 0o111).not.toBe(0);
    });
  }

  it('installs the rule from where extraResources puts it (/opt/Buffert/resources/udev/)', () => {
    const ours = renderDebScript(deb.afterInstall);
    expect(ours).toContain(`/opt/Buffert/resources/${linux.extraResources[0]!.to}`);
  });

  it('publishes to a generic update server, with a placeholder URL that never resolves and a named updater cache', () => {
    expect(parsed.publish).toEqual([{ provider: 'generic', url: 'https://uppdateringar.invalid/buffert/', channel: 'latest', updaterCacheDirName: 'buffert-updater' }]);
  });

  it('documents npm run dist for a machine with network', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'deploy-workstation.md'), 'utf8');
    expect(doc).toContain('npm run dist');
    expect((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.dist).toContain('electron-builder --config electron-builder.yml --publish never');
  });
});
