import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What identifies a mutation's content: its name, user and args (not createdAt, which is only a
 * hint). The same id with another hash is another mutation (a workstation restored from a backup).
 */
export function mutationHash(m: { name: string; userId: string; args: unknown }): string {
  return createHash('sha256').update(canonicalJson({ name: m.name, userId: m.userId, args: m.args })).digest('hex');
}
