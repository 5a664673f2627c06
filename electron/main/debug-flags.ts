/**
 * A packaged Buffert refuses to start with a debugger attached (decision 0017): `--inspect…`
 * would give whoever starts it the main process (the replica's key, the sync token), and
 * `--remote-debugging-port`/`--remote-debugging-pipe` the pages (personal data on screen). The
 * `enableNodeCliInspectArguments` and `enableNodeOptionsEnvironmentVariable` fuses already make
 * Electron ignore the Node flags; Chromium's remote debugging has no fuse, so this check is what
 * stops it, and it says why instead of starting half-debuggable.
 */

/** Node's inspector flags and Chromium's remote-debugging switches (with or without `=value`). */
const REFUSED = [
  /^--inspect(?:-brk|-port|-wait|-publish-uid)?(?:=.*)?$/,
  /^--debug(?:-brk|-port)?(?:=.*)?$/,
  /^--remote-debugging-(?:port|pipe|address|targets)(?:=.*)?$/,
  /^--remote-allow-origins(?:=.*)?$/,
];

function isRefused(arg: string): boolean {
  // Chromium also accepts a single dash for its switches.
  const normalised = arg.startsWith('-') && !arg.startsWith('--') ? `-${arg}` : arg;
  return REFUSED.some((pattern) => pattern.test(normalised));
}

/** The debug flags on the command line and in NODE_OPTIONS (names only, never their values). */
export function debugFlags(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  const add = (arg: string) => {
    const name = arg.split('=')[0]!;
    if (!found.includes(name)) found.push(name);
  };
  for (const arg of argv) if (isRefused(arg)) add(arg);
  for (const arg of (env.NODE_OPTIONS ?? '').split(/\s+/)) if (arg && isRefused(arg)) add(arg);
  return found;
}

/** The Swedish message shown before quitting (in a dialog and in the log). */
export function debugRefusedMessage(flags: readonly string[]): string {
  return `Buffert startar inte med felsökning påslagen (${flags.join(', ')}). Starta programmet utan dessa flaggor och utan NODE_OPTIONS.`;
}
