/** A file made by the backend (a PDF, an Excel workbook, a CSV): base64 and, where not a PDF, its type. */
export interface SavedFile {
  fileName: string;
  base64: string;
  mimeType?: string;
}

/**
 * Hands a file made by the backend to the person: saved under its name (in Electron the save
 * dialog, in the browser the download), from a blob URL the page made itself.
 */
export function saveFile(doc: SavedFile, win: Window & typeof globalThis = window): void {
  const bytes = Uint8Array.from(win.atob(doc.base64), (c) => c.charCodeAt(0));
  const url = win.URL.createObjectURL(new Blob([bytes], { type: doc.mimeType ?? 'application/pdf' }));
  const a = win.document.createElement('a');
  a.href = url;
  a.download = doc.fileName;
  a.rel = 'noopener';
  win.document.body.appendChild(a);
  a.click();
  a.remove();
  win.setTimeout(() => win.URL.revokeObjectURL(url), 60_000);
}
