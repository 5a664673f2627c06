import { LABEL_PRINTER_PRESET_IDS, type LabelPrinterPreset } from '../../../shared/api/print';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { PrintError } from './host';

const machineValue = (ctx: BackendContext, path: string): string | null => ctx.machineSettings.settings.find((s) => s.path === path)?.value ?? null;

function machinePreset(ctx: BackendContext): LabelPrinterPreset | null {
  const value = machineValue(ctx, 'labelPrinter.preset');
  return (LABEL_PRINTER_PRESET_IDS as readonly string[]).includes(value ?? '') ? (value as LabelPrinterPreset) : null;
}

/**
 * Utskrift (decision 0039): the printers this workstation has, and a PDF to a printer or to the
 * system's PDF viewer through a private temporary file. A print remembers the person's printer
 * (per kind) and label preset on this workstation.
 */
export function printHandlers(ctx: BackendContext): HandlerGroup<'print'> {
  const { host, spool } = ctx.print;
  return {
    'print.printers': async (_input, user) => {
      const settings = ctx.userSettings.read(user.id);
      const base = {
        viewer: host.openInViewer !== null,
        labelPrinter: machineValue(ctx, 'labelPrinter.name'),
        machinePreset: machinePreset(ctx),
        last: { ...settings.printers, preset: settings.labelPreset },
      };
      if (host.directUnavailable !== null) return ok({ ...base, direct: false, reason: host.directUnavailable, printers: [] });
      try {
        const printers = await host.listPrinters();
        return ok({ ...base, direct: printers.length > 0, reason: printers.length > 0 ? null : 'Det finns inga skrivare på den här datorn. Be IT lägga till skrivaren, eller öppna PDF:en i PDF-visaren.', printers });
      } catch (error) {
        if (error instanceof PrintError) return ok({ ...base, direct: false, reason: error.message, printers: [] });
        throw error;
      }
    },
    'print.document': async (input, user) => {
      const bytes = Buffer.from(input.document.base64, 'base64');
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return err('invalid-input', 'Dokumentet är inte en PDF.');
      if (input.target === 'viewer') {
        if (host.openInViewer === null) return err('print-unavailable', 'Här öppnar sidan PDF:en i en ny flik; PDF-visaren används bara i skrivbordsappen.');
        const file = spool.write(input.document.fileName, bytes);
        try {
          await host.openInViewer(file);
        } catch (error) {
          spool.remove(file);
          if (error instanceof PrintError) return err('print-failed', error.message);
          throw error;
        }
        spool.removeLater(file);
        return ok({ target: 'viewer' as const, printer: null, job: null });
      }
      if (host.directUnavailable !== null) return err('print-unavailable', host.directUnavailable);
      const file = spool.write(input.document.fileName, bytes);
      let job: string | null;
      try {
        ({ job } = await host.print(file, input.printer, input.document.fileName.replace(/\.pdf$/i, '')));
      } catch (error) {
        if (error instanceof PrintError) return err('print-failed', error.message);
        throw error;
      } finally {
        spool.remove(file);
      }
      const settings = ctx.userSettings.read(user.id);
      ctx.userSettings.write(user.id, {
        ...settings,
        printers: { ...settings.printers, [input.kind]: input.printer },
        labelPreset: input.kind === 'label' && input.preset !== null ? input.preset : settings.labelPreset,
      });
      return ok({ target: 'printer' as const, printer: input.printer, job });
    },
  };
}
