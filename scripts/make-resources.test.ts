import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ICNS_ENTRIES,
  ICO_SIZES,
  ICON_PNG_SIZE,
  LINUX_SIZES,
  RESOURCES,
  SAMPLE_RATE,
  SOUNDS,
  decodePng,
  icnsEntries,
  icoEntries,
  pngSize,
  renderWav,
  sha256,
  VENDORED_DIRS,
  vendoredFiles,
  type Manifest,
} from './make-resources';

/**
 * resources/ is generated and committed (scripts/make-resources.ts); CI does not have the
 * rasterizer. These checks make a stale or hand-edited output fail: the SVG must be the one the
 * outputs were made from, every output must be the one the generator recorded, and the sounds
 * are rendered again here and compared byte for byte.
 */

const read = (name: string) => fs.readFileSync(path.join(RESOURCES, name));
const manifest = JSON.parse(read('manifest.json').toString('utf8')) as Manifest;
const HAND_WRITTEN = ['README.md', 'icon.svg', 'manifest.json'];
/** Folders written by hand, each checked by its own test (linux/: scripts/udev-rule.test.ts, scripts/electron-builder-config.test.ts). */
const HAND_WRITTEN_DIRS = ['linux'];

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(path.join(dir, e.name)) : [path.relative(RESOURCES, path.join(dir, e.name)).split(path.sep).join('/')]));
}

describe('resources/ (npm run resources)', () => {
  it('the outputs were made from the committed icon.svg', () => {
    expect(sha256(read('icon.svg')), 'icon.svg changed since the icons were made: run `npm run resources`').toBe(manifest.source.sha256);
  });

  it('holds exactly the generated files, each as the generator wrote it', () => {
    const generated = filesIn(RESOURCES).filter((f) => !HAND_WRITTEN.includes(f) && ![...VENDORED_DIRS, ...HAND_WRITTEN_DIRS].some((dir) => f.startsWith(`${dir}/`)));
    expect(generated.sort()).toEqual(Object.keys(manifest.files).sort());
    for (const [name, hash] of Object.entries(manifest.files)) expect(sha256(read(name)), name).toBe(hash);
  });

  it('the vendored files (the document fonts and their licence) are the ones the manifest records', () => {
    expect(Object.keys(manifest.vendored).sort()).toEqual(['fonts/OFL.txt', 'fonts/Roboto-Medium.ttf', 'fonts/Roboto-Regular.ttf']);
    expect(vendoredFiles(), 'a font changed: run `npm run resources` and say why in the commit').toEqual(manifest.vendored);
    // TrueType, not a Git LFS pointer or an HTML error page saved by mistake.
    for (const name of Object.keys(manifest.vendored).filter((f) => f.endsWith('.ttf'))) expect(read(name).readUInt32BE(0), name).toBe(0x00010000);
  });

  it('has the icon in every size the installers take', () => {
    expect(pngSize(read('icon.png'))).toEqual({ width: ICON_PNG_SIZE, height: ICON_PNG_SIZE });
    for (const size of LINUX_SIZES) expect(pngSize(read(`icons/${size}x${size}.png`)), `${size}`).toEqual({ width: size, height: size });
    // Decodable and not blank: the tile's blue in the middle of the top edge, transparent corners.
    const { width, rgba } = decodePng(read('icons/256x256.png'));
    const pixel = (x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(128, 24)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), 255]);
    expect(pixel(128, 24)[2]!).toBeGreaterThan(pixel(128, 24)[0]! + 100);
  });

  it('the Windows icon has 16…256 px, BMP below 256 and the 256 px PNG', () => {
    const entries = icoEntries(read('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    expect(entries.map((e) => e.png)).toEqual(ICO_SIZES.map((s) => s >= 256));
    expect(entries.at(-1)!.data.equals(read('icons/256x256.png'))).toBe(true);
  });

  it('the macOS icon has its PNG entries, 16 to 1024 px', () => {
    const entries = icnsEntries(read('icon.icns'));
    expect([...entries.keys()]).toEqual(Object.keys(ICNS_ENTRIES));
    for (const [type, size] of Object.entries(ICNS_ENTRIES)) expect(pngSize(entries.get(type)!), type).toEqual({ width: size, height: size });
    expect(entries.get('ic10')!.equals(read('icon.png'))).toBe(true);
  });

  it.each(SOUNDS)('$file is its spec rendered again: short 44.1 kHz mono 16-bit PCM without clicks', (sound) => {
    const wav = read(sound.file);
    expect(wav.equals(renderWav(sound)), `${sound.file} differs from its spec: run \`npm run resources\``).toBe(true);
    expect([wav.toString('ascii', 0, 4), wav.toString('ascii', 8, 12), wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([
      'RIFF',
      'WAVE',
      1,
      1,
      SAMPLE_RATE,
      16,
    ]);
    const samples = Array.from({ length: wav.readUInt32LE(40) / 2 }, (_, i) => wav.readInt16LE(44 + 2 * i));
    expect(samples.length / SAMPLE_RATE).toBeLessThan(0.3);
    expect(samples.length / SAMPLE_RATE).toBeGreaterThan(0.05);
    // Fades: silent at both ends; loud enough, never clipping.
    expect(Math.abs(samples[0]!)).toBe(0);
    expect(Math.abs(samples.at(-1)!)).toBeLessThan(200);
    const peak = Math.max(...samples.map(Math.abs));
    expect(peak).toBeGreaterThan(0.4 * 32767);
    expect(peak).toBeLessThan(0.7 * 32767);
  });

  it('the three sounds differ in length or pitch, so they are told apart by ear', () => {
    const shapes = SOUNDS.map((s) => JSON.stringify(s.tones.map((t) => [t.freq, t.ms])));
    expect(new Set(shapes).size).toBe(SOUNDS.length);
    expect(SOUNDS.map((s) => s.file)).toEqual(['sounds/scan-ok.wav', 'sounds/scan-attention.wav', 'sounds/scan-refused.wav']);
  });
});
