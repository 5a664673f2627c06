import { execFile } from 'node:child_process';
// A webpack bundle in CommonJS: an ES import sees only its default export (module.exports). Loading
// it does nothing; its calls refuse any OS but Windows.
import pdfToPrinter from 'pdf-to-printer';
import type { PrinterInfo } from '../../../shared/api/print';

/** A refusal of the print system, in Swedish, for the person at the keyboard. */
export class PrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrintError';
  }
}

/**
 * What the host process can do with a PDF file (decision 0039). The backend writes the file; the
 * host hands it on. Electron's main process opens the system's PDF viewer (`shell.openPath`); the
 * web host cannot (the page opens the PDF in a browser tab instead).
 */
export interface PrintHost {
  /** Why this host cannot print directly, in Swedish; null: it can. */
  directUnavailable: string | null;
  listPrinters(): Promise<PrinterInfo[]>;
  /** Sends the file to the printer (null: the system's default); answers the print system's job id. */
  print(file: string, printer: string | null, title: string): Promise<{ job: string | null }>;
  /** Opens the file in the system's PDF viewer; null: this host cannot. */
  openInViewer: ((file: string) => Promise<void>) | null;
}

export const messages = {
  webHost: 'Webbläget skriver inte ut direkt: skrivarna finns på datorn där Buffert körs, inte i webbläsaren. Öppna PDF:en i en flik och skriv ut därifrån (Ctrl+P).',
  noCups: (command: string) => `Utskriftssystemet CUPS finns inte på den här datorn (kommandot ${command} saknas). Be IT installera CUPS, eller öppna PDF:en i PDF-visaren och skriv ut därifrån.`,
  cupsDown: (detail: string) => `Utskriftssystemet svarar inte (${detail}). Kontrollera att CUPS körs, eller öppna PDF:en i PDF-visaren.`,
  noPrinters: 'Det finns inga skrivare på den här datorn. Be IT lägga till skrivaren, eller öppna PDF:en i PDF-visaren.',
  refused: (printer: string | null, detail: string) => `${printer === null ? 'Standardskrivaren' : `Skrivaren ${printer}`} tog inte emot utskriften (${detail}).`,
  windowsDown: (detail: string) => `Windows skrivarlista gick inte att läsa (${detail}). Öppna PDF:en i PDF-visaren och skriv ut därifrån.`,
} as const;

/** A host that cannot print directly (the web host, tests without printers). */
export function noDirectPrinting(reason: string, openInViewer: PrintHost['openInViewer'] = null): PrintHost {
  return {
    directUnavailable: reason,
    listPrinters: () => Promise.resolve([]),
    print: () => Promise.reject(new PrintError(reason)),
    openInViewer,
  };
}

type Run = (file: string, args: readonly string[]) => Promise<{ stdout: string; stderr: string }>;

interface RunFailure {
  code?: string | number;
  stderr?: string;
  killed?: boolean;
}

const run: Run = (file, args) =>
  new Promise((resolve, reject) => {
    // C locale: lpstat's and lp's answers are parsed, never shown as they are.
    execFile(file, [...args], { timeout: 30_000, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve({ stdout, stderr });
    });
  });

/** The first line of the command's complaint, short (printer names and queue states only, never personal data). */
function detailOf(error: RunFailure): string {
  if (error.killed) return 'svarade inte inom 30 sekunder';
  const line = (error.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  return (line ?? `felkod ${String(error.code ?? '?')}`).slice(0, 200);
}

/**
 * CUPS (Linux, macOS): `lpstat -e` names the destinations, `lpstat -d` the default one, and
 * `lp -d <printer> -- <file>` queues the file; CUPS prints PDF natively, so the label's page size
 * reaches the printer as the PDF's own.
 */
export function cupsPrintHost(options: { run?: Run; openInViewer?: PrintHost['openInViewer'] } = {}): PrintHost {
  const exec = options.run ?? run;
  const call = async (command: string, args: string[]) => {
    try {
      return await exec(command, args);
    } catch (error) {
      const failure = error as RunFailure;
      if (failure.code === 'ENOENT') throw new PrintError(messages.noCups(command));
      throw Object.assign(new PrintError(messages.cupsDown(detailOf(failure))), { failure });
    }
  };
  return {
    directUnavailable: null,
    async listPrinters() {
      const names = (await call('lpstat', ['-e'])).stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
      let fallback: string | null = null;
      try {
        // "system default destination: Zebra" or "no system default destination".
        fallback = /destination:\s*(\S+)/.exec((await exec('lpstat', ['-d'])).stdout)?.[1] ?? null;
      } catch {
        fallback = null;
      }
      return names.map((name) => ({ name, isDefault: name === fallback }));
    },
    async print(file, printer, title) {
      const args = [...(printer === null ? [] : ['-d', printer]), '-t', title, '--', file];
      let stdout: string;
      try {
        stdout = (await exec('lp', args)).stdout;
      } catch (error) {
        const failure = error as RunFailure;
        if (failure.code === 'ENOENT') throw new PrintError(messages.noCups('lp'));
        throw new PrintError(messages.refused(printer, detailOf(failure)));
      }
      // "request id is Zebra-42 (1 file(s))"
      return { job: /request id is (\S+)/.exec(stdout)?.[1] ?? null };
    },
    openInViewer: options.openInViewer ?? null,
  };
}

/** What Buffert uses of `pdf-to-printer` (SumatraPDF under Windows, decision 0039). */
export interface WindowsPrinting {
  getPrinters(): Promise<{ deviceId: string; name: string }[]>;
  getDefaultPrinter(): Promise<{ deviceId: string; name: string } | null>;
  print(pdf: string, options: { printer?: string; scale?: 'noscale' | 'shrink' | 'fit'; silent?: boolean }): Promise<void>;
}

/** A short reason from the library's or SumatraPDF's error (printer names and states only). */
const windowsDetail = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim().slice(0, 200) || 'okänt fel';

/**
 * Windows: the printers Windows knows (`Get-CimInstance Win32_Printer` through pdf-to-printer) and
 * SumatraPDF's silent print to the chosen one. The PDF's pages are the paper (A4 lists, the roll's
 * label), so nothing is scaled.
 */
export function windowsPrintHost(options: { load?: () => Promise<WindowsPrinting>; openInViewer?: PrintHost['openInViewer'] } = {}): PrintHost {
  const load = options.load ?? (() => Promise.resolve(pdfToPrinter as WindowsPrinting));
  let lib: Promise<WindowsPrinting> | null = null;
  const library = () => (lib ??= load());
  return {
    directUnavailable: null,
    async listPrinters() {
      try {
        const l = await library();
        const [printers, fallback] = await Promise.all([l.getPrinters(), l.getDefaultPrinter().catch(() => null)]);
        return printers.map((p) => ({ name: p.name, isDefault: p.name === fallback?.name }));
      } catch (error) {
        throw new PrintError(messages.windowsDown(windowsDetail(error)));
      }
    },
    async print(file, printer) {
      try {
        await (await library()).print(file, { ...(printer === null ? {} : { printer }), scale: 'noscale', silent: true });
      } catch (error) {
        throw new PrintError(messages.refused(printer, windowsDetail(error)));
      }
      return { job: null };
    },
    openInViewer: options.openInViewer ?? null,
  };
}

/** The host for this platform when the shell gives none of its own: SumatraPDF on Windows, CUPS elsewhere. */
export function platformPrintHost(platform: NodeJS.Platform = process.platform, openInViewer: PrintHost['openInViewer'] = null): PrintHost {
  if (platform === 'win32') return windowsPrintHost({ openInViewer });
  return cupsPrintHost({ openInViewer });
}
