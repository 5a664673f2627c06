import fs from 'node:fs';
import { writeFileAtomic } from './atomic-file';

/**
 * The durable high-water mark of the local mutation sequence: a small file beside the replica
 * (`buffert.sqlite.hwm`) holding the last mutation id this workstation has committed. It lives
 * outside SQLite on purpose: when the replica's `-wal` is lost or damaged, or an older copy of the
 * file is put back, the replica cannot tell that it forgot confirmed work — this file can.
 *
 * Format, one line of JSON: `{"format":"buffert-hwm/1","lastMutationId":42}`.
 * Written atomically (temp file, fsync, rename, fsync of the directory) after every commit.
 */

export const HIGH_WATER_FORMAT = 'buffert-hwm/1';
export const HIGH_WATER_SUFFIX = '.hwm';
export const HIGH_WATER_TEMP_SUFFIX = '.hwm.tmp';

export type HighWaterReading =
  | { kind: 'missing' }
  | { kind: 'ok'; lastMutationId: number }
  | { kind: 'unreadable'; reason: string };

export function highWaterFile(replicaFile: string): string {
  return `${replicaFile}${HIGH_WATER_SUFFIX}`;
}

export function readHighWater(replicaFile: string): HighWaterReading {
  let text: string;
  try {
    text = fs.readFileSync(highWaterFile(replicaFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: 'not JSON' };
  }
  const value = parsed as { format?: unknown; lastMutationId?: unknown } | null;
  if (value === null || typeof value !== 'object' || value.format !== HIGH_WATER_FORMAT) {
    return { kind: 'unreadable', reason: 'unknown format' };
  }
  const id = value.lastMutationId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return { kind: 'unreadable', reason: 'bad lastMutationId' };
  return { kind: 'ok', lastMutationId: id };
}

/** Replaces the mark atomically: a crash leaves either the old or the new file, never half of one. */
export function writeHighWater(replicaFile: string, lastMutationId: number): void {
  if (!Number.isSafeInteger(lastMutationId) || lastMutationId < 0) throw new RangeError(`bad mutation id ${lastMutationId}`);
  const file = highWaterFile(replicaFile);
  writeFileAtomic(file, `${JSON.stringify({ format: HIGH_WATER_FORMAT, lastMutationId })}\n`, `${replicaFile}${HIGH_WATER_TEMP_SUFFIX}`);
}

/**
 * What the writer holds: `record` after each commit. A failure to write the mark never turns a
 * committed (saved) write into an error: the mark then lags behind, which the start-up check
 * treats as "replica ahead" (fine), so it is logged and the next write tries again.
 */
export class HighWaterMark {
  private last = -1;

  constructor(
    readonly replicaFile: string,
    private readonly log: Pick<Console, 'error'> = console,
  ) {}

  read(): HighWaterReading {
    return readHighWater(this.replicaFile);
  }

  /** Records that every mutation up to `lastMutationId` is committed in the replica. */
  record(lastMutationId: number): void {
    if (lastMutationId === this.last) return;
    try {
      writeHighWater(this.replicaFile, lastMutationId);
      this.last = lastMutationId;
    } catch (error) {
      this.log.error(`Buffert: could not write the high-water mark ${highWaterFile(this.replicaFile)}`, error);
    }
  }
}
