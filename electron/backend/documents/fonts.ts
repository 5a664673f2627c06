import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fonts every document is set in: Roboto (SIL OFL 1.1, resources/fonts/, resources/README.md),
 * which has every Swedish and Sámi letter. Bundled files only, never the system's fonts, so a PDF
 * looks the same on every workstation and on the central server.
 */
export const FONT_FILES = { regular: 'Roboto-Regular.ttf', medium: 'Roboto-Medium.ttf' } as const;

export type FontName = keyof typeof FONT_FILES;
export type Fonts = Record<FontName, Buffer>;

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where the fonts may be, first found wins:
 * - the packaged app: `process.resourcesPath/fonts` (electron-builder.yml `extraResources`);
 * - a bundle that carries them beside itself: the central package's `fonts/` next to main.js
 *   (scripts/build-central.mjs);
 * - the repository's `resources/fonts`, from this file (source, vitest, tsx, the web host) or
 *   from a bundle in `dist/` (an unpackaged Electron build).
 */
export function fontDirCandidates(moduleDir = MODULE_DIR, resourcesPath = (process as { resourcesPath?: string }).resourcesPath): string[] {
  const candidates: string[] = [];
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'fonts'));
  candidates.push(path.join(moduleDir, 'fonts'));
  let dir = moduleDir;
  for (let up = 0; up < 4; up += 1) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
    dir = path.dirname(dir);
  }
  return [...new Set(candidates)];
}

/** The first folder that holds every font file. Throws (an installation fault, not bad input) naming the folders tried. */
export function findFontDir(candidates = fontDirCandidates()): string {
  const found = candidates.find((dir) => Object.values(FONT_FILES).every((file) => fs.existsSync(path.join(dir, file))));
  if (found === undefined) {
    throw new Error(`Typsnitten för utskrifter (${Object.values(FONT_FILES).join(', ')}) saknas. Sökte i: ${candidates.join(', ')}.`);
  }
  return found;
}

let cached: Fonts | null = null;

/** The font files, read once per process. */
export function loadFonts(): Fonts {
  if (cached === null) {
    const dir = findFontDir();
    cached = { regular: fs.readFileSync(path.join(dir, FONT_FILES.regular)), medium: fs.readFileSync(path.join(dir, FONT_FILES.medium)) };
  }
  return cached;
}
