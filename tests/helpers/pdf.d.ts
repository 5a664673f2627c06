/**
 * Looking at a PDF the way a person and a scanner would: poppler-utils (pdfinfo, pdftotext,
 * pdftoppm; Debian's poppler-utils, installed by .ci/run) for pages, text and pixels, ZXing for
 * the barcodes in those pixels.
 */
export declare const hasPoppler: boolean;
export declare const POPPLER_MISSING = "pdftoppm (poppler-utils) saknas: apt-get install poppler-utils";
export interface PdfInfo {
    pages: number;
    /** Each page's size in millimetres, rounded to 0.1. */
    sizesMm: {
        width: number;
        height: number;
    }[];
    title: string | undefined;
    creationDate: string | undefined;
}
export declare function pdfInfo(pdf: Buffer): PdfInfo;
/** The text of a page (or all), as pdftotext reads it, with no-break spaces as plain spaces. */
export declare function pdfText(pdf: Buffer, page?: number): string;
/** The words of a page and where they are, in millimetres from the top-left corner (pdftotext -bbox). */
export declare function wordBoxes(pdf: Buffer, page: number): {
    text: string;
    xMinMm: number;
    yMinMm: number;
    xMaxMm: number;
    yMaxMm: number;
}[];
export interface Raster {
    width: number;
    height: number;
    /** One byte per pixel, 0 = black. */
    luminance: Uint8ClampedArray;
}
/** A page rendered by pdftoppm at `dpi`, as PNG bytes and as grey pixels. */
export declare function renderPage(pdf: Buffer, page: number, dpi: number): {
    png: Buffer;
    raster: Raster;
};
/** A rectangle of the raster, in millimetres from the page's top-left corner. */
export declare function crop(raster: Raster, dpi: number, box: {
    xMm: number;
    yMm: number;
    widthMm: number;
    heightMm: number;
}): Raster;
/** What a scanner reads from the raster in one symbology, or null when it finds nothing. */
export declare function scan(raster: Raster, format: 'code128' | 'datamatrix'): string | null;
/** True when every pixel of the box is (near) white: nothing drawn there. */
export declare function isBlank(raster: Raster, dpi: number, box: {
    xMm: number;
    yMm: number;
    widthMm: number;
    heightMm: number;
}): boolean;
