import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The data directory's folder of PDFs on their way to a printer or the viewer. */
export const PRINT_DIR = 'print';
/** A PDF opened in the viewer is removed after this long (the viewer has read it by then). */
export const VIEWER_KEEP_MS = 10 * 60_000;

/**
 * Private temporary files of PDFs (decision 0039): in the user's data directory (0700), each in a
 * folder of its own (0700) under its own name so the viewer shows "Plocklista 1234.pdf", the file
 * 0600 and created exclusively. Documents carry personal data (an aids list, a work order), so
 * never the shared system temp folder. A printed file is removed once the print system has queued
 * it; a viewed one after VIEWER_KEEP_MS, and whatever a crash left is swept at the next start.
 */
export class PrintSpool {
  readonly dir: string;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    this.dir = path.join(dataDir, PRINT_DIR);
  }

  write(fileName: string, bytes: Buffer): string {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const folder = path.join(this.dir, crypto.randomBytes(12).toString('hex'));
    fs.mkdirSync(folder, { mode: 0o700 });
    const file = path.join(folder, path.basename(fileName));
    fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    return file;
  }

  remove(file: string): void {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  removeLater(file: string, ms = VIEWER_KEEP_MS): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.remove(file);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Removes what is older than the viewer's keep time (a crash, a quit before the timer). */
  sweep(): void {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const folder = path.join(this.dir, entry);
      try {
        if (this.now() - fs.statSync(folder).mtimeMs > VIEWER_KEEP_MS) fs.rmSync(folder, { recursive: true, force: true });
      } catch {
        // Gone meanwhile.
      }
    }
  }

  /** At shutdown: the viewer's files go now. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
