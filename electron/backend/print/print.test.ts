import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LABEL_PRINTER_PRESETS, presetLayout, PrintDocumentInput, proposedPrinter, type LabelPrinterPreset, type PrintersView } from '../../../shared/api/print';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { labels } from '../../../tests/fixtures/documents/demo';
import { makeTempDir, tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { hasPoppler, pdfInfo } from '../../../tests/helpers/pdf';
import { dispatch, dispatchAsync } from '../api/dispatch';
import { renderLabels } from '../documents';
import { cupsPrintHost, messages, windowsPrintHost, type WindowsPrinting } from './host';

const dirs: string[] = [];
const backends: TempBackend[] = [];
afterEach(() => {
  for (const b of backends.splice(0)) b.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const PDF = Buffer.from('%PDF-1.7\n%test\n').toString('base64');

/**
 * A CUPS stand-in at the process boundary: executable `lp` and `lpstat` scripts on a PATH of
 * their own, which record their arguments and a copy of the file as lp saw it (its mode too).
 */
function fakeCups(printers: string[], options: { lpFails?: string } = {}) {
  const dir = makeTempDir('buffert-fake-cups-');
  dirs.push(dir);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(
    path.join(dir, 'lpstat'),
    `#!/bin/sh\necho "lpstat $*" >> '${log}'\nif [ "$1" = "-e" ]; then printf '${printers.map((p) => `${p}\\n`).join('')}'; fi\nif [ "$1" = "-d" ]; then echo "system default destination: ${printers[0] ?? ''}"; fi\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(dir, 'lp'),
    options.lpFails
      ? `#!/bin/sh\necho "lp: ${options.lpFails}" >&2\nexit 1\n`
      : `#!/bin/sh\necho "lp $*" >> '${log}'\nfor f; do :; done\ncp "$f" '${dir}/printed.pdf'\nstat -c %a "$f" > '${dir}/mode'\necho "request id is $2-42 (1 file(s))"\n`,
    { mode: 0o755 },
  );
  const env = { ...process.env, PATH: `${dir}:/usr/bin:/bin` };
  const run = (file: string, args: readonly string[]) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      import('node:child_process')
        .then(({ execFile }) =>
          execFile(path.join(dir, file), [...args], { encoding: 'utf8', env }, (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve({ stdout, stderr }))),
        )
        .catch(reject);
    });
  return { dir, log, host: cupsPrintHost({ run }) };
}

function loggedIn(options: Parameters<typeof tempBackend>[0] = {}) {
  const t = tempBackend(options);
  backends.push(t);
  dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }, { error: () => {} });
  return { t, call: (name: string, args: unknown) => dispatchAsync(t.backend, name, args, { error: () => {} }) };
}

describe('the print service', () => {
  it('without CUPS on the machine says so in Swedish (the real lp and lpstat, absent here)', async () => {
    const host = cupsPrintHost({ run: (file, args) => new Promise((resolve, reject) => import('node:child_process').then(({ execFile }) => execFile(`buffert-no-such-${file}`, [...args], (e, stdout, stderr) => (e ? reject(e) : resolve({ stdout, stderr }))))) });
    await expect(host.listPrinters()).rejects.toThrow(messages.noCups('lpstat'));
    await expect(host.print('/tmp/x.pdf', 'Zebra', 'x')).rejects.toThrow(messages.noCups('lp'));
  });

  it('lists CUPS printers with the default, and the workstation’s label printer and preset', async () => {
    const cups = fakeCups(['Kontor_A4', 'Zebra_Lager']);
    const { call } = loggedIn({
      print: cups.host,
      machineConfig: { config: {}, view: { file: '', present: true, settings: [{ path: 'labelPrinter.name', value: 'Zebra_Lager', source: 'machine' }, { path: 'labelPrinter.preset', value: 'zebra-102x51', source: 'machine' }] } },
    });
    const view = await call('print.printers', {});
    expect(view).toMatchObject({
      ok: true,
      value: { direct: true, reason: null, viewer: false, labelPrinter: 'Zebra_Lager', machinePreset: 'zebra-102x51', printers: [{ name: 'Kontor_A4', isDefault: true }, { name: 'Zebra_Lager', isDefault: false }] },
    });
    expect(proposedPrinter((view as unknown as { value: PrintersView }).value, 'label')).toBe('Zebra_Lager');
    expect(proposedPrinter((view as unknown as { value: PrintersView }).value, 'document')).toBe('Kontor_A4');
  });

  it('prints through lp from a private 0600 file that is gone afterwards, and remembers the person’s printer and preset', async () => {
    const cups = fakeCups(['Kontor_A4', 'Zebra_Lager']);
    const { t, call } = loggedIn({ print: cups.host });
    const printed = await call('print.document', { document: { fileName: 'Etiketter 1234.pdf', base64: PDF, copy: false, pages: 1 }, kind: 'label', target: 'printer', printer: 'Zebra_Lager', preset: 'brother-ql-62x29' });
    expect(printed).toEqual({ ok: true, value: { target: 'printer', printer: 'Zebra_Lager', job: 'Zebra_Lager-42' } });
    const calls = fs.readFileSync(cups.log, 'utf8');
    expect(calls).toMatch(/^lp -d Zebra_Lager -t Etiketter 1234 -- .*\/print\/[0-9a-f]{24}\/Etiketter 1234\.pdf$/m);
    expect(fs.readFileSync(path.join(cups.dir, 'printed.pdf'), 'latin1')).toBe('%PDF-1.7\n%test\n');
    expect(fs.readFileSync(path.join(cups.dir, 'mode'), 'utf8').trim()).toBe('600');
    expect(fs.readdirSync(path.join(t.dataDir, 'print'))).toEqual([]);
    expect(t.backend.context.userSettings.read('U1')).toMatchObject({ printers: { label: 'Zebra_Lager', document: null }, labelPreset: 'brother-ql-62x29' });
    const view = await call('print.printers', {});
    expect(view).toMatchObject({ value: { last: { label: 'Zebra_Lager', document: null, preset: 'brother-ql-62x29' } } });
  });

  it('passes the printer’s refusal on in Swedish and remembers nothing', async () => {
    const cups = fakeCups(['Zebra_Lager'], { lpFails: 'The printer or class does not exist.' });
    const { t, call } = loggedIn({ print: cups.host });
    const refused = await call('print.document', { document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', printer: 'Zebra_Lager' });
    expect(refused).toEqual({ ok: false, error: { code: 'print-failed', message: 'Skrivaren Zebra_Lager tog inte emot utskriften (lp: The printer or class does not exist.).' } });
    expect(t.backend.context.userSettings.read('U1').printers).toEqual({ document: null, label: null });
    expect(fs.readdirSync(path.join(t.dataDir, 'print'))).toEqual([]);
  });

  it('in the web host lists no printers, with the reason, and refuses to print', async () => {
    const { call } = loggedIn();
    expect(await call('print.printers', {})).toMatchObject({ ok: true, value: { direct: false, viewer: false, printers: [], reason: messages.webHost } });
    expect(await call('print.document', { document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', printer: null })).toMatchObject({ ok: false, error: { code: 'print-unavailable' } });
  });

  it('opens the viewer on a private file and removes it at shutdown', async () => {
    const opened: string[] = [];
    const cups = fakeCups(['A4']);
    const { t, call } = loggedIn({ print: { ...cups.host, openInViewer: (file) => Promise.resolve(void opened.push(file)) } });
    expect(await call('print.document', { document: { fileName: 'Plocklista 7.pdf', base64: PDF }, target: 'viewer' })).toMatchObject({ ok: true, value: { target: 'viewer' } });
    expect(opened).toHaveLength(1);
    expect(path.basename(opened[0]!)).toBe('Plocklista 7.pdf');
    expect(fs.statSync(opened[0]!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(opened[0]!)).mode & 0o777).toBe(0o700);
    t.backend.context.print.spool.close();
    expect(fs.existsSync(opened[0]!)).toBe(false);
  });

  it('refuses bad input at the contract with Swedish messages, before anything is written', async () => {
    const cups = fakeCups(['A4']);
    const { t, call } = loggedIn({ print: cups.host });
    const message = (input: unknown) => {
      const parsed = PrintDocumentInput.safeParse(input);
      return parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' / ');
    };
    expect(message({ document: { fileName: 'a.pdf', base64: Buffer.from('hello').toString('base64') }, target: 'printer' })).toBe('Dokumentet är inte en PDF.');
    expect(message({ document: { fileName: '../a.pdf', base64: PDF }, target: 'printer' })).toBe('Filnamnet ska sluta på .pdf och får inte innehålla snedstreck.');
    expect(message({ document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', printer: '-oraw' })).toBe('Skrivarens namn innehåller otillåtna tecken.');
    expect(message({ document: { fileName: 'a.pdf', base64: PDF }, target: 'fax' })).toBe('Välj skrivare eller PDF-visare.');
    expect(message({ document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', preset: 'dymo' })).toBe('Okänd etikettskrivare.');
    expect(await call('print.document', { document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', printer: '-oraw' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fs.existsSync(cups.log)).toBe(false);
    expect(fs.existsSync(path.join(t.dataDir, 'print'))).toBe(false);
  });
});

/**
 * Windows cannot run here: pdf-to-printer refuses any other OS, so its three calls are replaced by
 * a recorder (the library's own Windows path, PowerShell and SumatraPDF, is what this stands in for).
 */
function fakeWindows(printers: string[], options: { fails?: string; listFails?: string } = {}) {
  const calls: { pdf: string; options: unknown; bytes: string; mode: number }[] = [];
  let loads = 0;
  const lib: WindowsPrinting = {
    getPrinters: () => (options.listFails ? Promise.reject(new Error(options.listFails)) : Promise.resolve(printers.map((name) => ({ deviceId: name, name })))),
    getDefaultPrinter: () => Promise.resolve(printers[0] ? { deviceId: printers[0], name: printers[0] } : null),
    print: (pdf, printOptions) => {
      if (options.fails) return Promise.reject(new Error(`${options.fails}\n    at execFile`));
      calls.push({ pdf, options: printOptions, bytes: fs.readFileSync(pdf, 'latin1'), mode: fs.statSync(pdf).mode & 0o777 });
      return Promise.resolve();
    },
  };
  return {
    calls,
    loads: () => loads,
    host: windowsPrintHost({
      load: () => {
        loads++;
        return Promise.resolve(lib);
      },
    }),
  };
}

describe('the print service on Windows (pdf-to-printer, SumatraPDF)', () => {
  it('lists Windows printers with the default and prints silently, unscaled, to the chosen one from a private file', async () => {
    const win = fakeWindows(['Kontor A4', 'ZDesigner ZD421']);
    expect(win.loads()).toBe(0);
    const { t, call } = loggedIn({ print: win.host });
    expect(await call('print.printers', {})).toMatchObject({
      ok: true,
      value: { direct: true, printers: [{ name: 'Kontor A4', isDefault: true }, { name: 'ZDesigner ZD421', isDefault: false }] },
    });
    const printed = await call('print.document', { document: { fileName: 'Etiketter 1234.pdf', base64: PDF, copy: false, pages: 1 }, kind: 'label', target: 'printer', printer: 'ZDesigner ZD421', preset: 'zebra-57x32' });
    expect(printed).toEqual({ ok: true, value: { target: 'printer', printer: 'ZDesigner ZD421', job: null } });
    expect(win.calls).toHaveLength(1);
    expect(win.calls[0]!.options).toEqual({ printer: 'ZDesigner ZD421', scale: 'noscale', silent: true });
    expect(win.calls[0]!.pdf).toMatch(/[\\/]print[\\/][0-9a-f]{24}[\\/]Etiketter 1234\.pdf$/);
    expect(win.calls[0]!.bytes).toBe('%PDF-1.7\n%test\n');
    expect(win.calls[0]!.mode).toBe(0o600);
    expect(fs.readdirSync(path.join(t.dataDir, 'print'))).toEqual([]);
    expect(win.loads()).toBe(1);
  });

  it('passes SumatraPDF’s and Windows’ refusals on in Swedish, one line, and remembers nothing', async () => {
    const win = fakeWindows(['Kontor A4'], { fails: 'Printer "Kontor A4" is offline' });
    const { t, call } = loggedIn({ print: win.host });
    const refused = await call('print.document', { document: { fileName: 'a.pdf', base64: PDF }, target: 'printer', printer: 'Kontor A4' });
    expect(refused).toEqual({ ok: false, error: { code: 'print-failed', message: 'Skrivaren Kontor A4 tog inte emot utskriften (Printer "Kontor A4" is offline).' } });
    expect(t.backend.context.userSettings.read('U1').printers).toEqual({ document: null, label: null });
    const broken = fakeWindows([], { listFails: 'Get-CimInstance: access denied' });
    await expect(broken.host.listPrinters()).rejects.toThrow(messages.windowsDown('Get-CimInstance: access denied'));
  });
});

describe.skipIf(!hasPoppler)('label printer presets', () => {
  it.each(Object.keys(LABEL_PRINTER_PRESETS) as LabelPrinterPreset[])('%s: every page of the label PDF is the roll’s label', async (preset) => {
    const pdf = await renderLabels(labels(presetLayout(preset) as never, 2));
    const [w, h] = LABEL_PRINTER_PRESETS[preset].size.split('x').map(Number);
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(2);
    for (const s of info.sizesMm) expect(s).toEqual({ width: w, height: h });
  });
});

describe('the real pdf-to-printer, loaded the way the host loads it', () => {
  it.skipIf(process.platform === 'win32')('is found and answers with its Windows-only refusal on this OS (the host wraps it in Swedish)', async () => {
    const host = windowsPrintHost();
    await expect(host.listPrinters()).rejects.toThrow(/^Windows skrivarlista gick inte att läsa \(Operating System not supported\)/);
  });
});
