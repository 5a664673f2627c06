import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { redactText, redactValue } from '../shared/log/redact';

/**
 * What the server logs of an unexpected error. PostgreSQL's `detail` (a violated key's value, the
 * failing row), `where` and `internalQuery` can hold personal data — a personal number, a name —
 * and are left out; the message, SQLSTATE, table, column and constraint are enough to find the
 * fault (docs/deploy-central.md, "Logs").
 */
const KEPT_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;

export interface LoggableError {
  type: string;
  message: string;
  stack?: string;
  cause?: LoggableError | string;
  [field: string]: unknown;
}

export function loggableError(error: unknown, depth = 0): LoggableError | string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : `non-error thrown: ${typeof error}`;
  const out: LoggableError = { type: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  for (const field of KEPT_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (error.cause !== undefined && depth < 3) out.cause = loggableError(error.cause, depth + 1);
  return out;
}

/** The same as one text block for stderr (no JSON logger). */
export function formatLoggableError(error: unknown): string {
  const e = loggableError(error);
  if (typeof e === 'string') return e;
  const fields = KEPT_FIELDS.filter((f) => e[f] !== undefined).map((f) => `${f}=${String(e[f])}`);
  const cause = e.cause === undefined ? '' : `\n  cause: ${typeof e.cause === 'string' ? e.cause : (e.cause.stack ?? e.cause.message)}`;
  return `${e.stack ?? `${e.type}: ${e.message}`}${fields.length > 0 ? `\n  ${fields.join(' ')}` : ''}${cause}`;
}

function redactErr(error: unknown): unknown {
  return error instanceof Error ? redactValue(loggableError(error)) : redactValue(error);
}

/**
 * Fastify's (pino's) logger options for the central server: JSON lines on stdout, or in
 * `file` (BUFFERT_SERVER_LOG_FILE, 0600, reopened on SIGHUP so logrotate can move it), and every
 * line redacted by shared/log/redact.ts — personal fields replaced, personnummer-shaped numbers
 * masked in messages, URLs and errors. Request lines carry method, URL and address only, never
 * headers (the token) or bodies.
 */
export function serverLoggerOptions(options: { file?: string; level?: string } = {}): Record<string, unknown> & { stream?: NodeJS.WritableStream } {
  let stream: NodeJS.WritableStream | undefined;
  if (options.file) {
    const file = options.file;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const open = () => fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
    let current = open();
    // One stream object for pino; behind it the file can be reopened (logrotate's postrotate: kill -HUP).
    stream = new Writable({
      write(chunk, _encoding, done) {
        current.write(chunk, done);
      },
    });
    process.on('SIGHUP', () => {
      const old = current;
      current = open();
      old.end();
    });
  }
  return {
    level: options.level ?? 'info',
    ...(stream ? { stream } : {}),
    formatters: {
      // Runs before the serializers below: those get req, res and err as they are and redact them themselves.
      log: (object: Record<string, unknown>) => {
        const { req, res, err, ...rest } = object;
        const out = redactValue(rest) as Record<string, unknown>;
        if (req !== undefined) out.req = req;
        if (res !== undefined) out.res = res;
        if (err !== undefined) out.err = redactErr(err);
        return out;
      },
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)));
      },
    },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: redactText(req.url ?? ''), remoteAddress: req.ip }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: redactErr,
    },
  };
}
