import type { PdfDocument } from '../../../shared/api/documents';
import { ok, type Result } from '../../../shared/result';
import { DocumentInputError } from './errors';

/** A rendered PDF as the contract answers it (base64, for the page to open or save). */
export function pdfAnswer(fileName: string, bytes: Buffer, copy: boolean): PdfDocument {
  return { fileName, base64: bytes.toString('base64'), copy, pages: (bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length || null };
}

/** Runs a renderer; input the documents refuse becomes the refusal's Swedish message. */
export function rendered(render: () => Buffer): Result<Buffer> {
  try {
    return ok(render());
  } catch (e) {
    if (e instanceof DocumentInputError) return { ok: false, error: e.toAppError() };
    throw e;
  }
}
