import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SCANNER_SETTINGS, ScannerSettings } from '../../../shared/api/scanner';
import { writeFileAtomic } from '../db/atomic-file';

export const SCANNER_SETTINGS_FILE = 'scanner-settings.json';

/**
 * This workstation's scanner settings, a small JSON file in the data directory (not the replica:
 * they belong to the machine and its scanner, are never replicated and need no migration).
 * Written atomically: a temporary file is written and flushed, then renamed over the old one, so a
 * crash leaves the old or the new settings, never half a file.
 */
export class ScannerSettingsFile {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: Pick<Console, 'warn'> = console,
  ) {
    this.file = path.join(dataDir, SCANNER_SETTINGS_FILE);
  }

  /** The saved settings, or the defaults when there are none or the file cannot be read. */
  read(defaults: ScannerSettings = DEFAULT_SCANNER_SETTINGS): ScannerSettings {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Skannerinställningarna kunde inte läsas (${(error as NodeJS.ErrnoException).code ?? 'fel'}); standardvärden används.`);
      return structuredClone(defaults);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.log.warn(`${SCANNER_SETTINGS_FILE} är inte giltig JSON; standardvärden används.`);
      return structuredClone(defaults);
    }
    const parsed = ScannerSettings.safeParse(json);
    if (!parsed.success) {
      this.log.warn(`${SCANNER_SETTINGS_FILE} följer inte formatet; standardvärden används.`);
      return structuredClone(defaults);
    }
    return parsed.data;
  }

  /** Written atomically (db/atomic-file.ts). */
  write(settings: ScannerSettings): void {
    writeFileAtomic(this.file, `${JSON.stringify(settings, null, 2)}\n`);
  }
}
