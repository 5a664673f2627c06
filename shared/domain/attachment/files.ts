/**
 * Which files may be attached (bilagor): PDF, PNG and JPEG, at most 10 MiB. The type is read from
 * the file's first bytes (its magic number), not only from its name: a renamed executable is not a
 * PDF. The declared MIME type and the name's extension must agree with what the bytes are.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The largest base64 text of an allowed file (4 characters per 3 bytes, padded). */
export const MAX_ATTACHMENT_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;
export const MAX_FILE_NAME = 120;
/** How many files one owner (an order, an activity, a deviation) may have. */
export const MAX_ATTACHMENTS_PER_OWNER = 20;

export const FILE_KINDS = {
  pdf: { mimeType: 'application/pdf', extensions: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  png: { mimeType: 'image/png', extensions: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  jpeg: { mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg'], magic: [[0xff, 0xd8, 0xff]] },
} as const;
export type FileKind = keyof typeof FILE_KINDS;
export const ALLOWED_MIME_TYPES = Object.values(FILE_KINDS).map((k) => k.mimeType);

/** The kind of a file by its first bytes; null when it is none of the allowed ones. */
export function detectFileKind(head: Uint8Array): FileKind | null {
  for (const [kind, spec] of Object.entries(FILE_KINDS) as [FileKind, (typeof FILE_KINDS)[FileKind]][]) {
    if (spec.magic.some((m) => m.length <= head.length && m.every((b, i) => head[i] === b))) return kind;
  }
  return null;
}

/** The kind a file name's extension says (case-insensitive); null for any other extension. */
export function kindOfFileName(fileName: string): FileKind | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = fileName.slice(dot + 1).toLowerCase();
  for (const [kind, spec] of Object.entries(FILE_KINDS) as [FileKind, (typeof FILE_KINDS)[FileKind]][]) {
    if ((spec.extensions as readonly string[]).includes(ext)) return kind;
  }
  return null;
}

export const kindOfMimeType = (mimeType: string): FileKind | null =>
  (Object.entries(FILE_KINDS) as [FileKind, (typeof FILE_KINDS)[FileKind]][]).find(([, s]) => s.mimeType === mimeType)?.[0] ?? null;

/** "2,4 MB" / "312 kB": a size as the lists show it. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

export const TOO_LARGE_MESSAGE = `Filen är för stor: en bilaga får vara högst ${formatFileSize(MAX_ATTACHMENT_BYTES)}.`;
export const UNSUPPORTED_MESSAGE = 'Filtypen stöds inte: bifoga PDF, PNG eller JPEG.';

/** The refusal of a file before it is read any further (size first, then type); null when it may be attached. */
export function checkFile(file: { fileName: string; mimeType: string; sizeBytes: number; head: Uint8Array }): { code: 'too-large' | 'unsupported-type' | 'empty-file'; message: string } | null {
  if (file.sizeBytes === 0) return { code: 'empty-file', message: 'Filen är tom.' };
  if (file.sizeBytes > MAX_ATTACHMENT_BYTES) return { code: 'too-large', message: TOO_LARGE_MESSAGE };
  const byBytes = detectFileKind(file.head);
  const byName = kindOfFileName(file.fileName);
  const byMime = kindOfMimeType(file.mimeType);
  if (byBytes === null || byName !== byBytes || byMime !== byBytes) {
    if (byName !== null && byBytes !== byName) {
      return { code: 'unsupported-type', message: `Filen ${file.fileName} är inte en ${byName.toUpperCase()}-fil (innehållet stämmer inte med namnet). Bifoga PDF, PNG eller JPEG.` };
    }
    return { code: 'unsupported-type', message: UNSUPPORTED_MESSAGE };
  }
  return null;
}
