import { create } from 'zustand';
import type { PdfDocument } from '../../../shared/api/documents';
import type { LabelPrinterPreset, PrintKind } from '../../../shared/api/print';

export interface PrintRequest {
  document: Pick<PdfDocument, 'fileName' | 'base64'>;
  kind: PrintKind;
  /** The preset the labels were laid out for (remembered with the print). */
  preset: LabelPrinterPreset | null;
}

interface PrintPreviewState {
  request: PrintRequest | null;
  close(): void;
}

/** The one print preview of the app (PrintPreviewDialog, mounted once in the shell). */
export const usePrintPreview = create<PrintPreviewState>((set) => ({
  request: null,
  close: () => set({ request: null }),
}));

/** Shows a PDF the backend made in the print preview: print, open in the PDF viewer, save. */
export function openPrintPreview(document: Pick<PdfDocument, 'fileName' | 'base64'>, options: { kind?: PrintKind; preset?: LabelPrinterPreset | null } = {}): void {
  usePrintPreview.setState({ request: { document, kind: options.kind ?? 'document', preset: options.preset ?? null } });
}
