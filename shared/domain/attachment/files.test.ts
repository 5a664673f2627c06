import { describe, expect, it } from 'vitest';
import { checkFile, detectFileKind, formatFileSize, kindOfFileName, MAX_ATTACHMENT_BYTES } from './files';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

describe('which files may be attached', () => {
  it('knows PDF, PNG and JPEG by their first bytes, nothing else', () => {
    expect(detectFileKind(PNG)).toBe('png');
    expect(detectFileKind(PDF)).toBe('pdf');
    expect(detectFileKind(JPEG)).toBe('jpeg');
    expect(detectFileKind(new TextEncoder().encode('MZ\u0090'))).toBeNull();
    expect(detectFileKind(new TextEncoder().encode('%PD'))).toBeNull();
    expect(detectFileKind(new Uint8Array())).toBeNull();
  });

  it('reads the extension case-insensitively; .jpg and .jpeg are both JPEG', () => {
    expect(kindOfFileName('Foto.JPG')).toBe('jpeg');
    expect(kindOfFileName('a.b.jpeg')).toBe('jpeg');
    expect(kindOfFileName('underlag.pdf')).toBe('pdf');
    expect(kindOfFileName('pdf')).toBeNull();
    expect(kindOfFileName('skript.js')).toBeNull();
  });

  it('refuses an empty, an oversized or a mislabelled file with a Swedish reason', () => {
    const ok = { fileName: 'ritning.png', mimeType: 'image/png', sizeBytes: 10, head: PNG };
    expect(checkFile(ok)).toBeNull();
    expect(checkFile({ ...ok, sizeBytes: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(checkFile({ ...ok, sizeBytes: 0 })?.code).toBe('empty-file');
    expect(checkFile({ ...ok, sizeBytes: MAX_ATTACHMENT_BYTES + 1 })).toEqual({ code: 'too-large', message: 'Filen är för stor: en bilaga får vara högst 10,0 MB.' });
    expect(checkFile({ ...ok, fileName: 'ritning.pdf' })?.message).toBe('Filen ritning.pdf är inte en PDF-fil (innehållet stämmer inte med namnet). Bifoga PDF, PNG eller JPEG.');
    expect(checkFile({ ...ok, mimeType: 'image/jpeg' })?.code).toBe('unsupported-type');
    expect(checkFile({ ...ok, fileName: 'ritning.gif' })?.message).toBe('Filtypen stöds inte: bifoga PDF, PNG eller JPEG.');
  });

  it('shows sizes as the lists do', () => {
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(300 * 1024)).toBe('300 kB');
    expect(formatFileSize(2.5 * 1024 * 1024)).toBe('2,5 MB');
  });
});
