import fs from 'node:fs';
import path from 'node:path';
import type { LogMessage, NodeLogger as ElectronLog } from 'electron-log';
import { redactLogArguments, redactText } from '../../../shared/log/redact';

/**
 * The one logger interface of the workstation (issue 13 item 6; docs/diagnostics-and-backups.md).
 * The backend writes through it and never knows where lines go: the Electron main process hands
 * it electron-log's main logger, the web host (plain Node) electron-log's Node logger, tests the
 * console or a list. Console-shaped, so `console` is one.
 */
export interface Logger {
  error(message: string, ...values: unknown[]): void;
  warn(message: string, ...values: unknown[]): void;
  info(message: string, ...values: unknown[]): void;
  debug(message: string, ...values: unknown[]): void;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export interface FileLogOptions {
  /** The folder of the log files (default `<data dir>/logs`), made 0700. */
  dir: string;
  /** `workstation.log` (Electron's main process and the web host). */
  fileName?: string;
  level?: LogLevel;
  /** Rotation: a file past this size becomes `<name>.1.log` (default 5 MiB). */
  maxBytes?: number;
  /** How many rotated files are kept beside the current one (default 5). */
  keepFiles?: number;
  /** Also to stdout/stderr (the terminal of `npm start`, the web host's parent); redacted too. */
  console?: boolean;
}

export const LOG_FILE = 'workstation.log';
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_KEEP_FILES = 5;

/** `main.log` → `main.1.log`, `main.1.log` → `main.2.log` …; the oldest past `keep` is removed. */
export function rotateLogFiles(file: string, keep: number): void {
  const { dir, name, ext } = path.parse(file);
  const numbered = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  fs.rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) if (fs.existsSync(numbered(n))) fs.renameSync(numbered(n), numbered(n + 1));
  if (keep >= 1 && fs.existsSync(file)) fs.renameSync(file, numbered(1));
  else fs.rmSync(file, { force: true });
}

/** Every line goes through the redaction of shared/log/redact.ts before any transport sees it. */
export function redactingHook(message: LogMessage): LogMessage {
  return { ...message, data: redactLogArguments(message.data), ...(message.scope ? { scope: redactText(message.scope) } : {}) };
}

/**
 * Sets up an electron-log instance (`electron-log/main` in Electron, `electron-log/node` in the
 * web host) as the same rotating, redacted, user-only file, and returns it as a Logger.
 */
export function configureFileLog(log: ElectronLog, options: FileLogOptions): Logger {
  const file = path.join(options.dir, options.fileName ?? LOG_FILE);
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(options.dir, 0o700);
  const level = options.level ?? 'info';
  const keep = options.keepFiles ?? DEFAULT_LOG_KEEP_FILES;
  const transport = log.transports.file;
  transport.resolvePathFn = () => file;
  transport.level = level;
  transport.maxSize = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  transport.format = '[{iso}] [{level}] {text}';
  transport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  transport.archiveLogFn = (old) => rotateLogFiles(old.path, keep);
  log.transports.console.level = options.console === false ? false : level;
  if (!log.hooks.includes(redactingHook)) log.hooks.push(redactingHook);
  // Files written by an older build (or before umask) are tightened too.
  for (const name of fs.readdirSync(options.dir)) if (process.platform !== 'win32') fs.chmodSync(path.join(options.dir, name), 0o600);
  return {
    error: (m, ...v) => log.error(m, ...v),
    warn: (m, ...v) => log.warn(m, ...v),
    info: (m, ...v) => log.info(m, ...v),
    debug: (m, ...v) => log.debug(m, ...v),
  };
}

export interface LogEntry {
  at: string;
  level: 'error' | 'warn';
  text: string;
}

const LINE = /^\[([^\]]+)\] \[(error|warn)\] +(.*)$/;

/**
 * The newest errors and warnings of the log folder (current file, then the rotated ones), newest
 * first, redacted again (an older build's lines may predate the redaction). A line that continues
 * a message (a stack) is appended to it, cut to 2,000 characters.
 */
export function recentLogEntries(dir: string, limit: number, fileName = LOG_FILE): LogEntry[] {
  const { name, ext } = path.parse(fileName);
  const files = [fileName, ...Array.from({ length: 20 }, (_, i) => `${name}.${i + 1}${ext}`)].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  const out: LogEntry[] = [];
  for (const file of files) {
    const entries: LogEntry[] = [];
    let current: LogEntry | null = null;
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
      const m = LINE.exec(line);
      if (m) {
        current = { at: m[1]!, level: m[2] as 'error' | 'warn', text: m[3]! };
        entries.push(current);
      } else if (/^\[[^\]]+\] \[/.test(line)) current = null;
      else if (current && line.trim() !== '' && current.text.length < 2000) current.text = `${current.text}\n${line}`.slice(0, 2000);
    }
    out.push(...entries.reverse().map((e) => ({ ...e, text: redactText(e.text) })));
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** The log files of the folder (current and rotated), for the support bundle. */
export function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => path.join(dir, f));
}
