import { ReplicaOpenError, startupErrorOf } from '../backend/db/replica';
import { MachineConfigError } from '../backend/machine-config/machine-config';
import { ERROR_PAGE_CSP } from './csp';
import { messages } from './messages';

/** What the startup-error screen says: what happened, which file, what to do, and the detail. */
export interface StartupFailure {
  what: string;
  file: string | null;
  /** What `file` is (default the replica: "Databasfil"). */
  fileKind?: 'replica' | 'machine-config';
  todo: string;
  detail: string;
  /** A replica behind its high-water mark: the mutation numbers it lacks. */
  missing?: { from: number; to: number; count: number };
  /** Files of the replica found beside a missing or empty main file (names). */
  traces?: string[];
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\n${error.cause.name}: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/**
 * better-sqlite3 built for plain Node (the build vitest and the web host use) cannot be loaded by
 * Electron and vice versa. The replica reports that as "unreadable", which would send the user off
 * to move a perfectly good database file, so it is recognised first.
 */
export function isNativeModuleMismatch(error: unknown): boolean {
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|Module did not self-register/i.test(
    errorText(error),
  );
}

function isMissingRange(value: unknown): value is { from: number; to: number; count: number } {
  const v = value as Record<string, unknown> | null | undefined;
  return typeof v?.from === 'number' && typeof v.to === 'number' && typeof v.count === 'number';
}

export function describeStartupFailure(error: unknown): StartupFailure {
  const detail = errorText(error).slice(0, 2000);
  if (isNativeModuleMismatch(error)) {
    const file = error instanceof ReplicaOpenError ? error.filePath : null;
    return { what: messages.nativeModuleWhat, file, todo: messages.nativeModuleTodo, detail };
  }
  if (error instanceof MachineConfigError) {
    return { what: error.message, file: error.file, fileKind: 'machine-config', todo: messages.machineConfigTodo, detail: error.message };
  }
  if (error instanceof ReplicaOpenError) {
    const described = startupErrorOf(error);
    const todo = typeof described.details?.todo === 'string' ? described.details.todo : described.message;
    const what = described.message.split(' Fil: ')[0] ?? described.message;
    const failure: StartupFailure = { what, file: error.filePath, todo, detail };
    const { missing, traces } = described.details ?? {};
    if (isMissingRange(missing)) failure.missing = missing;
    if (Array.isArray(traces) && traces.length > 0) failure.traces = traces.map(String);
    return failure;
  }
  return { what: messages.unexpectedWhat, file: null, todo: messages.unexpectedTodo, detail };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * A self-contained page (no script, no preload, its own CSP) so the screen works even when the
 * renderer or the database cannot be loaded at all.
 */
export function startupErrorHtml(failure: StartupFailure): string {
  const file =
    failure.file === null
      ? ''
      : `<h2>${escapeHtml(failure.fileKind === 'machine-config' ? messages.startupConfigFile : messages.startupFile)}</h2><p><code>${escapeHtml(failure.file)}</code></p>`;
  const missing = failure.missing
    ? `<h2>${escapeHtml(messages.startupMissing)}</h2><p>${escapeHtml(messages.startupMissingRange(failure.missing.from, failure.missing.to, failure.missing.count))}</p>`
    : '';
  const traces = failure.traces?.length
    ? `<h2>${escapeHtml(messages.startupTraces)}</h2><ul>${failure.traces.map((t) => `<li><code>${escapeHtml(t)}</code></li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(ERROR_PAGE_CSP)}">
<title>${escapeHtml(messages.startupTitle)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; color: #a61b1b; }
h2 { font-size: 1rem; margin-bottom: 0.25rem; }
code, pre { font: 14px/1.4 ui-monospace, monospace; background: #f3f3f3; padding: 0.2rem 0.4rem; word-break: break-all; }
pre { white-space: pre-wrap; padding: 0.5rem; }
details { margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(messages.startupTitle)}</h1>
<p>${escapeHtml(failure.what)}</p>
${file}
${missing}
${traces}
<h2>${escapeHtml(messages.startupTodo)}</h2>
<p>${escapeHtml(failure.todo)}</p>
<details><summary>${escapeHtml(messages.startupDetail)}</summary><pre>${escapeHtml(failure.detail)}</pre></details>
</main>
</body>
</html>`;
}

export function htmlDataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
