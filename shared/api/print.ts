import { z } from 'zod';
import type { LabelLayoutInput, LabelRollSize } from './documents';

/**
 * Utskrift (issue 13, decision 0039): a PDF the backend made, opened in the system's PDF viewer or
 * sent straight to a printer, and the label printers' presets.
 */

/** The label printers a region buys, each with the roll it is loaded with; the label PDF's page is the roll's label. */
export const LABEL_PRINTER_PRESETS = {
  'brother-ql-62x29': { size: '62x29', title: 'Brother QL, 62 × 29 mm (DK-11209)' },
  'zebra-57x32': { size: '57x32', title: 'Zebra, 57 × 32 mm' },
  'zebra-102x51': { size: '102x51', title: 'Zebra, 102 × 51 mm (4 × 2 tum)' },
  'roll-100x50': { size: '100x50', title: 'Rulle 100 × 50 mm' },
} as const satisfies Record<string, { size: LabelRollSize; title: string }>;
export type LabelPrinterPreset = keyof typeof LABEL_PRINTER_PRESETS;
export const LABEL_PRINTER_PRESET_IDS = Object.keys(LABEL_PRINTER_PRESETS) as [LabelPrinterPreset, ...LabelPrinterPreset[]];
export const DEFAULT_LABEL_PRINTER_PRESET: LabelPrinterPreset = 'zebra-57x32';

/** The label layout of a preset: one page of exactly the roll's label per label. */
export function presetLayout(preset: LabelPrinterPreset): LabelLayoutInput {
  return { kind: 'roll', size: LABEL_PRINTER_PRESETS[preset].size };
}

/** The preset a person prints labels with: their own last choice, else the machine's, else the default. */
export function effectivePreset(user: LabelPrinterPreset | null, machine: LabelPrinterPreset | null): LabelPrinterPreset {
  return user ?? machine ?? DEFAULT_LABEL_PRINTER_PRESET;
}

/** A printer name as the operating system knows it (CUPS queue, Windows printer). */
export const PrinterName = z
  .string()
  .trim()
  .min(1, 'Välj en skrivare.')
  .max(200, 'Skrivarens namn är för långt.')
  // Passed to the print command as one argument: no control characters, never an option.
  .regex(/^[^\p{Cc}-][^\p{Cc}]*$/u, 'Skrivarens namn innehåller otillåtna tecken.');

/** What is printed: a document (A4 lists, receipts) or labels (the label printer). */
export const PRINT_KINDS = ['document', 'label'] as const;
export type PrintKind = (typeof PRINT_KINDS)[number];

/** The largest PDF the print service takes (base64 of 20 MiB). */
export const MAX_PRINT_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4;

export const PrintDocumentInput = z
  .object({
    /** The PDF as one of the document methods answers it. */
    document: z
      .object({
        fileName: z
          .string()
          .max(200, 'Filnamnet är för långt.')
          .regex(/^[^/\\\p{Cc}]+\.pdf$/iu, 'Filnamnet ska sluta på .pdf och får inte innehålla snedstreck.'),
        base64: z
          .string()
          .min(1, 'Dokumentet är tomt.')
          .max(MAX_PRINT_BASE64, 'Dokumentet är större än 20 MB.')
          .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Dokumentet är inte en giltig PDF.')
          // Every PDF starts with "%PDF-" ("JVBERi0" in base64).
          .refine((b64) => b64.startsWith('JVBERi0'), 'Dokumentet är inte en PDF.'),
      })
      .strip(),
    kind: z.enum(PRINT_KINDS).default('document'),
    target: z.enum(['printer', 'viewer'], { error: 'Välj skrivare eller PDF-visare.' }),
    /** The printer (target printer); null: the system's default printer. */
    printer: PrinterName.nullable().default(null),
    /** The label preset the labels were laid out for (remembered for the person). */
    preset: z.enum(LABEL_PRINTER_PRESET_IDS, { error: 'Okänd etikettskrivare.' }).nullable().default(null),
  })
  .strict();
export type PrintDocumentInput = z.input<typeof PrintDocumentInput>;

export const PrintDocumentResult = z.object({
  target: z.enum(['printer', 'viewer']),
  /** The printer it went to (null: the system's default printer, or the viewer). */
  printer: z.string().nullable(),
  /** The print system's job id, when it gave one (CUPS: "Zebra-42"). */
  job: z.string().nullable(),
});
export type PrintDocumentResult = z.infer<typeof PrintDocumentResult>;

export const PrinterInfo = z.object({ name: z.string(), isDefault: z.boolean() });
export type PrinterInfo = z.infer<typeof PrinterInfo>;

export const PrintersView = z.object({
  /** This workstation can send a PDF straight to a printer. */
  direct: z.boolean(),
  /** Why not, or why the list is empty, in Swedish (null: printers listed). */
  reason: z.string().nullable(),
  /** The host opens the system's PDF viewer itself (Electron); otherwise the page opens the PDF in a tab. */
  viewer: z.boolean(),
  printers: z.array(PrinterInfo),
  /** The machine's label printer and preset (machine configuration, BUFFERT_LABEL_PRINTER). */
  labelPrinter: z.string().nullable(),
  machinePreset: z.enum(LABEL_PRINTER_PRESET_IDS).nullable(),
  /** The person's last choices on this workstation. */
  last: z.object({ document: z.string().nullable(), label: z.string().nullable(), preset: z.enum(LABEL_PRINTER_PRESET_IDS).nullable() }),
});
export type PrintersView = z.infer<typeof PrintersView>;

/** The printer the dialog proposes: the person's last for this kind, else the machine's label printer, else the system default. */
export function proposedPrinter(view: PrintersView, kind: PrintKind): string | null {
  const names = new Set(view.printers.map((p) => p.name));
  const candidates = kind === 'label' ? [view.last.label, view.labelPrinter] : [view.last.document];
  for (const name of candidates) if (name !== null && names.has(name)) return name;
  return view.printers.find((p) => p.isDefault)?.name ?? view.printers[0]?.name ?? null;
}
