/**
 * The audit trail's hash chain, one definition for the workstation replica, the central server's
 * own log and central's copy of every workstation's chain (docs/decisions/0019-audit-trail.md).
 *
 * An entry's hash is SHA-256 (hex) over `canonicalAuditText(entry, prevHash)`: a JSON array of the
 * format version, the previous entry's hash, the sequence number and the entry's fields, objects
 * with their keys sorted, so the same entry always gives the same text whatever produced it (a JS
 * object, a jsonb column read back). Pure: the hash function is passed in (node:crypto's
 * `createHash('sha256')` in the backend and on the server; shared/ imports no Node).
 */

/** The previous hash of an entry with sequence number 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** hex SHA-256 of a UTF-8 text. */
export type HashText = (text: string) => string;

/** What the hash covers. `clientId` and `mutationId` are central's (null on the workstation). */
export interface AuditRecord {
  seq: number;
  at: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** Any JSON value (null when absent). */
  details: unknown;
  clientId?: string | null;
  mutationId?: number | null;
}

export interface ChainedAuditRecord extends AuditRecord {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted (RFC 8785's ordering for our ASCII keys); undefined members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return 'null';
}

/** The text an entry's hash is computed over. Version 1. */
export function canonicalAuditText(record: AuditRecord, prevHash: string): string {
  return canonicalJson([
    1,
    prevHash,
    record.seq,
    record.at,
    record.userId,
    record.clientId ?? null,
    record.mutationId ?? null,
    record.action,
    record.entity,
    record.entityId,
    record.details ?? null,
  ]);
}

export function auditHash(hash: HashText, record: AuditRecord, prevHash: string): string {
  return hash(canonicalAuditText(record, prevHash));
}

/** Chains new entries after `head` (the last entry's seq and hash; seq 0 and GENESIS_HASH for none). */
export function chainAfter<T extends Omit<AuditRecord, 'seq'>>(
  hash: HashText,
  head: { seq: number; hash: string },
  records: readonly T[],
): (T & { seq: number; prevHash: string; hash: string })[] {
  let prev = head.hash;
  let seq = head.seq;
  return records.map((r) => {
    seq += 1;
    const chained = { ...r, seq, prevHash: prev, hash: '' };
    chained.hash = auditHash(hash, chained, prev);
    prev = chained.hash;
    return chained;
  });
}

/**
 * Why an entry does not chain:
 * - `gap`: its sequence number skips (entries before it are missing: deleted);
 * - `order`: its sequence number is not above the one before (reordered or duplicated);
 * - `link`: its previous hash is not the hash of the entry before it (an entry before it was
 *   deleted, inserted or moved);
 * - `content`: its own hash does not match its content (it was edited).
 */
export type ChainBreakKind = 'gap' | 'order' | 'link' | 'content';

export interface ChainBreak {
  seq: number;
  kind: ChainBreakKind;
  /** Swedish, for the admin. */
  message: string;
}

export function breakMessage(kind: ChainBreakKind, seq: number, expectedSeq: number): string {
  switch (kind) {
    case 'gap':
      return `Post ${seq}: poster saknas före den (väntade nr ${expectedSeq}). Poster har tagits bort.`;
    case 'order':
      return `Post ${seq}: numret kommer i fel ordning (väntade nr ${expectedSeq}). Poster har flyttats eller dubblerats.`;
    case 'link':
      return `Post ${seq}: hänger inte ihop med posten före (föregående hash stämmer inte). En post före den har tagits bort, lagts till eller flyttats.`;
    case 'content':
      return `Post ${seq}: innehållet stämmer inte med postens hash. Posten har ändrats.`;
  }
}

/**
 * Checks entries in their stored order, after `start` (default: the beginning of the chain), and
 * returns every break; after a break the check continues from that entry's own hash, so one
 * tampered entry gives one or two breaks, not a broken rest of the chain.
 */
export function findChainBreaks(
  hash: HashText,
  records: Iterable<ChainedAuditRecord>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { count: number; head: { seq: number; hash: string }; breaks: ChainBreak[] } {
  const breaks: ChainBreak[] = [];
  let prevSeq = start.seq;
  let prevHash = start.hash;
  let count = 0;
  for (const r of records) {
    count += 1;
    const expected = prevSeq + 1;
    const add = (kind: ChainBreakKind) => breaks.push({ seq: r.seq, kind, message: breakMessage(kind, r.seq, expected) });
    if (r.seq > expected) add('gap');
    else if (r.seq < expected) add('order');
    if (auditHash(hash, r, r.prevHash) !== r.hash) add('content');
    else if (r.prevHash !== prevHash) add('link');
    prevSeq = r.seq;
    prevHash = r.hash;
  }
  return { count, head: { seq: prevSeq, hash: prevHash }, breaks };
}

export type ChainVerdict = { ok: true; count: number; head: { seq: number; hash: string } } | { ok: false; count: number; first: ChainBreak; breaks: ChainBreak[] };

/** The whole verdict: ok, or the first break (and all of them). */
export function verifyChain(hash: HashText, records: Iterable<ChainedAuditRecord>, start?: { seq: number; hash: string }): ChainVerdict {
  const { count, head, breaks } = findChainBreaks(hash, records, start);
  return breaks.length === 0 ? { ok: true, count, head } : { ok: false, count, first: breaks[0]!, breaks };
}

/** Details as stored (JSON text or null) back to the value the hash covers; text that is not JSON is hashed as that string. */
export function detailsValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
