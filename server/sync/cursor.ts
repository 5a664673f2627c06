import { SCHEMA_VERSION } from '../../shared/sync/protocol';

/**
 * The pull cursor: opaque to the workstation, here `c1.<schemaVersion>.<epoch>.<storeId>.<seq>`
 * in base64url. The epoch identifies the database (a re-created or restored database has another
 * epoch or a lower sequence), the store and schema version tie the cursor to the scope and the row
 * shapes it was read with. Anything that does not decode to this database's current scope is
 * "unknown" and answered with `resync-required`.
 */
export interface CursorPosition {
  seq: number;
}

export function encodeCursor(epoch: string, storeId: string, seq: number): string {
  return Buffer.from(`c1.${SCHEMA_VERSION}.${epoch}.${storeId}.${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, epoch: string, storeId: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (parts.length !== 5) return null;
  const [tag, schema, cursorEpoch, cursorStore, seqText] = parts as [string, string, string, string, string];
  if (tag !== 'c1' || schema !== String(SCHEMA_VERSION) || cursorEpoch !== epoch || cursorStore !== storeId) return null;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(seqText)) return null;
  const seq = Number(seqText);
  return Number.isSafeInteger(seq) ? { seq } : null;
}
