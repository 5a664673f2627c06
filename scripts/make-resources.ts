/**
 * `npm run resources`: makes everything in resources/ that is not written by hand, from
 * resources/icon.svg and the sound specs in shared/feedback/sounds.ts, and records what it made in
 * resources/manifest.json. The outputs are committed, so packaging and CI never need the tools:
 * the icon is rendered with rsvg-convert (Debian: librsvg2-bin) only here, the containers (.ico,
 * .icns) and the sounds (PCM WAV) are written by this file in plain Node.
 * scripts/make-resources.test.ts checks the committed files against the manifest and the SVG,
 * and renders the sounds again, so the outputs cannot drift from their sources unnoticed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { LEVEL, SAMPLE_RATE, SOUNDS, toneSamples, type SoundSpec } from '../shared/feedback/sounds';

export const RESOURCES = path.resolve(import.meta.dirname, '..', 'resources');

/** Linux takes a folder of NxN.png (electron-builder's `linux.icon`); Windows' ICO the sizes NSIS and Explorer ask for. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** macOS: PNG entries by OSType (10.7+); `@2x` types reuse the next size up. */
export const ICNS_ENTRIES = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 } as const;
/** The master raster: the largest size electron-builder wants for macOS and Linux. */
export const ICON_PNG_SIZE = 1024;

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------- sounds

// The spec and the samples live in shared/ so that the renderer plays the very same sounds
// (WebAudio) without loading these files: decision 0012.
export { SAMPLE_RATE, SOUNDS, type SoundSpec };

/** A mono 16-bit PCM WAV file (RIFF, 44-byte header) of the sound. Deterministic: same spec, same bytes. */
export function renderWav(spec: SoundSpec): Buffer {
  const parts = spec.tones.map((t) => toneSamples(t));
  const count = parts.reduce((a, p) => a + p.length, 0);
  const data = Buffer.alloc(count * 2);
  let offset = 0;
  for (const part of parts) {
    for (const s of part) {
      data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(s * LEVEL * 32767))), offset);
      offset += 2;
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

// ---------------------------------------------------------------- PNG, ICO, ICNS

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what rsvg-convert writes). */
export function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  const bitDepth = png[24];
  const colorType = png[25];
  const interlace = png[28];
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      rgba[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, rgba };
}

/** A 32-bit BMP (DIB) icon image: bottom-up BGRA plus the 1-bit AND mask old renderers use. */
function dibEntry(png: Buffer): Buffer {
  const { width, height, rgba } = decodePng(png);
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour and mask stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
      if (rgba[from + 3]! < 128) mask[row * maskStride + (x >> 3)] = mask[row * maskStride + (x >> 3)]! | (0x80 >> (x & 7));
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** A Windows ICO: BMP entries below 256 px (what every reader, NSIS included, understands), PNG at 256. */
export function makeIco(pngs: ReadonlyMap<number, Buffer>, sizes: readonly number[]): Buffer {
  const images = sizes.map((size) => {
    const png = pngs.get(size);
    if (!png) throw new Error(`no ${size} px render`);
    return size >= 256 ? png : dibEntry(png);
  });
  const dir = Buffer.alloc(6 + 16 * sizes.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(sizes.length, 4);
  let offset = dir.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    dir[at] = size >= 256 ? 0 : size; // 0 means 256
    dir[at + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, at + 4); // planes
    dir.writeUInt16LE(32, at + 6); // bits per pixel
    dir.writeUInt32LE(images[i]!.length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += images[i]!.length;
  });
  return Buffer.concat([dir, ...images]);
}

/** The images of an ICO: size and whether PNG-compressed. */
export function icoEntries(ico: Buffer): { size: number; png: boolean; data: Buffer }[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO');
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const size = ico[at] || 256;
    const data = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
    const png = data.readUInt32BE(0) === 0x89504e47;
    if (!png && (data.readInt32LE(4) !== size || data.readInt32LE(8) !== size * 2)) throw new Error(`ICO entry ${i}: header says ${data.readInt32LE(4)} px, directory ${size}`);
    return { size, png, data };
  });
}

/** A macOS ICNS of PNG entries. */
export function makeIcns(pngs: ReadonlyMap<number, Buffer>): Buffer {
  const entries = Object.entries(ICNS_ENTRIES).map(([type, size]) => {
    const png = pngs.get(size);
    if (!png) throw new Error(`no ${size} px render`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((a, e) => a + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

/** The entries of an ICNS: OSType → PNG data. */
export function icnsEntries(icns: Buffer): Map<string, Buffer> {
  if (icns.toString('ascii', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an ICNS');
  const out = new Map<string, Buffer>();
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    out.set(icns.toString('ascii', at, at + 4), icns.subarray(at + 8, at + length));
    at += length;
  }
  return out;
}

// ---------------------------------------------------------------- the run

export interface Manifest {
  generator: string;
  source: { file: string; sha256: string };
  rasterizer: string;
  /** Every generated file (path relative to resources/) and its SHA-256. */
  files: Record<string, string>;
  /**
   * Files copied in by hand, not generated (the document fonts and their licence, see
   * resources/README.md): recorded so that a changed font is a visible change to this file.
   */
  vendored: Record<string, string>;
}

/** The folders of resources/ whose files are copied in by hand, not made here. */
export const VENDORED_DIRS = ['fonts'] as const;

/** Each vendored file (path relative to resources/, sorted) and its SHA-256. */
export function vendoredFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const dir of VENDORED_DIRS) {
    for (const name of fs.readdirSync(path.join(RESOURCES, dir)).sort()) files[`${dir}/${name}`] = sha256(fs.readFileSync(path.join(RESOURCES, dir, name)));
  }
  return files;
}

function rsvg(args: string[]): Buffer {
  try {
    return execFileSync('rsvg-convert', args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('rsvg-convert is missing: apt-get install librsvg2-bin', { cause: error });
    throw error;
  }
}

function make(): Manifest {
  const svgFile = path.join(RESOURCES, 'icon.svg');
  const svg = fs.readFileSync(svgFile);
  const sizes = [...new Set<number>([...LINUX_SIZES, ...ICO_SIZES, ...Object.values(ICNS_ENTRIES), ICON_PNG_SIZE])].sort((a, b) => a - b);
  const pngs = new Map(sizes.map((size) => [size, rsvg(['--width', String(size), '--height', String(size), '--format', 'png', svgFile])]));

  const outputs = new Map<string, Buffer>();
  outputs.set('icon.png', pngs.get(ICON_PNG_SIZE)!);
  for (const size of LINUX_SIZES) outputs.set(`icons/${size}x${size}.png`, pngs.get(size)!);
  outputs.set('icon.ico', makeIco(pngs, ICO_SIZES));
  outputs.set('icon.icns', makeIcns(pngs));
  for (const sound of SOUNDS) outputs.set(sound.file, renderWav(sound));

  fs.rmSync(path.join(RESOURCES, 'icons'), { recursive: true, force: true });
  fs.rmSync(path.join(RESOURCES, 'sounds'), { recursive: true, force: true });
  const files: Record<string, string> = {};
  for (const [name, data] of outputs) {
    fs.mkdirSync(path.dirname(path.join(RESOURCES, name)), { recursive: true });
    fs.writeFileSync(path.join(RESOURCES, name), data);
    files[name] = sha256(data);
  }
  const manifest: Manifest = {
    generator: 'scripts/make-resources.ts',
    source: { file: 'icon.svg', sha256: sha256(svg) },
    rasterizer: rsvg(['--version']).toString().trim(),
    files,
    vendored: vendoredFiles(),
  };
  fs.writeFileSync(path.join(RESOURCES, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const manifest = make();
  console.log(`resources/: ${Object.keys(manifest.files).length} files from ${manifest.source.file} (${manifest.rasterizer})`);
}
