import { z } from 'zod';

/** The contract's schemas of printed documents (PDF): label layouts and the document answer. */

export const LABEL_ROLL_SIZES = ['57x32', '62x29', '100x50', '102x51'] as const;
export type LabelRollSize = (typeof LABEL_ROLL_SIZES)[number];
export const LABEL_SHEET_IDS = ['a4-3x8-70x37', 'a4-2x7-99x38'] as const;

export const LabelLayoutInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('roll'), size: z.enum(LABEL_ROLL_SIZES, { error: 'Okänd etikettstorlek.' }) }).strict(),
  z
    .object({
      kind: z.literal('sheet'),
      sheet: z.enum(LABEL_SHEET_IDS, { error: 'Okänt etikettark.' }),
      startPosition: z.number().int('Startpositionen ska vara ett heltal.').min(1, 'Startpositionen ska vara minst 1.').max(100).default(1),
    })
    .strict(),
]);
export type LabelLayoutInput = z.input<typeof LabelLayoutInput>;

/** A PDF made by the backend, for the page to open or save. */
export const PdfDocument = z.object({
  fileName: z.string(),
  base64: z.string(),
  /** A reprint, marked "Kopia". */
  copy: z.boolean(),
  pages: z.number().int().nullable(),
});
export type PdfDocument = z.infer<typeof PdfDocument>;
