import ExcelJS from 'exceljs';
import { parseInput } from './errors';
import { formatPrintedAt } from './format';
import { VarianceReportDocument, type VarianceReportDocumentInput } from './schemas';
import { FLAG_TEXT, isoText, OUTCOME_TEXT } from './stocktake-words';
import { workbookBytes } from './xlsx';

/**
 * The variance report (differenslista) for a spreadsheet: an Excel workbook (exceljs; numbers are
 * numbers, kronor in a kronor format, frozen headers and filters) and a CSV that Swedish Excel
 * opens as it is (UTF-8 with BOM, semicolons, decimal comma, CRLF). Same data as the PDF.
 */

type Report = VarianceReportDocument;
type Line = Report['lines'][number];
type Individual = Line['individuals'][number];

/** Swedish Excel shows this as "1 234,50 kr" (its own separators). */
export const KRONOR_FORMAT = '#,##0.00 "kr"';
const SIGNED_FORMAT = '+#,##0;-#,##0;0';
const INTEGER_FORMAT = '#,##0';

const kr = (ore: number) => ore / 100;

/** What needs a look among a line's individuals: "Saknas: 100007, 100021 · Dubblett: 100030". */
function individualRemarks(l: Line): string {
  const groups = new Map<string, string[]>();
  const add = (label: string, no: string) => groups.set(label, [...(groups.get(label) ?? []), no]);
  for (const i of l.individuals) {
    if (i.outcome !== 'found') add(OUTCOME_TEXT[i.outcome], i.individualNo);
    if (i.scans > 1) add('Skannad flera gånger', i.individualNo);
  }
  return [...groups].map(([label, nos]) => `${label}: ${nos.join(', ')}`).join(' · ');
}

interface LineColumn {
  header: string;
  width: number;
  value: (l: Line) => string | number | null;
  numFmt?: string;
  /** How the CSV writes it. */
  csv: 'text' | 'integer' | 'kronor';
}

const LINE_COLUMNS: LineColumn[] = [
  { header: 'Artikelnr', width: 12, value: (l) => l.articleNo, csv: 'text' },
  { header: 'Benämning', width: 42, value: (l) => l.name, csv: 'text' },
  { header: 'ISO-klass', width: 11, value: (l) => isoText(l.isoCode), csv: 'text' },
  { header: 'Enhet', width: 7, value: (l) => l.unit, csv: 'text' },
  { header: 'Individmärkt', width: 12, value: (l) => (l.tracked ? 'Ja' : 'Nej'), csv: 'text' },
  { header: 'Förväntat', width: 11, value: (l) => l.expected, numFmt: INTEGER_FORMAT, csv: 'integer' },
  { header: 'Räknat', width: 10, value: (l) => l.counted, numFmt: INTEGER_FORMAT, csv: 'integer' },
  { header: 'Differens', width: 10, value: (l) => l.difference, numFmt: SIGNED_FORMAT, csv: 'integer' },
  { header: 'À-pris', width: 14, value: (l) => kr(l.priceOre), numFmt: KRONOR_FORMAT, csv: 'kronor' },
  { header: 'Värde differens', width: 16, value: (l) => (l.valueOre === null ? null : kr(l.valueOre)), numFmt: KRONOR_FORMAT, csv: 'kronor' },
  { header: 'Status', width: 30, value: (l) => l.flags.map((f) => FLAG_TEXT[f]).join(', '), csv: 'text' },
  { header: 'Individer', width: 40, value: individualRemarks, csv: 'text' },
  { header: 'Negativt saldo, förklaring', width: 60, value: (l) => l.negativeText ?? '', csv: 'text' },
];

/** "2026-11-22T09:05:00Z" as a date Excel shows in Swedish time (Excel dates have no zone). */
function excelLocalTime(iso: string): Date {
  const [date, time] = formatPrintedAt(iso).split(' ') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, h, min));
}

function headerRow(sheet: ExcelJS.Worksheet, columns: { header: string; width: number; numFmt?: string }[], rows: number): void {
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EAF0' } };
  header.alignment = { vertical: 'middle' };
  header.eachCell((cell) => {
    cell.numFmt = 'General';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows + 1), column: columns.length } };
}

const INDIVIDUAL_COLUMNS = [
  { header: 'Individnr', width: 12 },
  { header: 'Serienr', width: 18 },
  { header: 'Artikelnr', width: 12 },
  { header: 'Benämning', width: 40 },
  { header: 'Utfall', width: 22 },
  { header: 'Skannad (gånger)', width: 10, numFmt: INTEGER_FORMAT },
  { header: 'Hyllplats', width: 14 },
  { header: 'Värde', width: 14, numFmt: KRONOR_FORMAT },
  { header: 'Finns enligt systemet', width: 34 },
];

const individualRow = (i: Individual, a: { articleNo: string; name: string }) => [
  i.individualNo,
  i.serialNo ?? '',
  a.articleNo,
  a.name,
  OUTCOME_TEXT[i.outcome],
  i.scans,
  i.location ?? '',
  kr(i.valueOre),
  i.believed ?? '',
];

/** The variance report as an Excel workbook: Differenser, Individer, Okända, Sammanfattning. */
export function varianceReportXlsx(input: VarianceReportDocumentInput): Buffer {
  const d = parseInput(VarianceReportDocument, input);
  const at = new Date(d.printedAt);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Buffert';
  wb.lastModifiedBy = d.printedBy;
  wb.created = at;
  wb.modified = at;
  wb.title = `Differenslista ${d.stocktake.name}`;

  const lines = wb.addWorksheet('Differenser');
  headerRow(lines, LINE_COLUMNS, d.lines.length);
  for (const l of d.lines) lines.addRow(LINE_COLUMNS.map((c) => c.value(l)));

  const individuals = wb.addWorksheet('Individer');
  const individualRows = [...d.lines.flatMap((l) => l.individuals.map((i) => individualRow(i, l))), ...d.wrongPlace.map((i) => individualRow(i, i))];
  headerRow(individuals, INDIVIDUAL_COLUMNS, individualRows.length);
  individuals.addRows(individualRows);

  const unknown = wb.addWorksheet('Okända');
  headerRow(
    unknown,
    [
      { header: 'Nummer', width: 16 },
      { header: 'Skanningar', width: 11, numFmt: INTEGER_FORMAT },
      { header: 'Först skannad', width: 17, numFmt: 'yyyy-mm-dd hh:mm' },
      { header: 'Arbetsstationer', width: 40 },
    ],
    d.unknown.length,
  );
  unknown.addRows(d.unknown.map((u) => [u.code, u.scans, excelLocalTime(u.firstAt), u.workstations.join(', ')]));

  const summary = wb.addWorksheet('Sammanfattning');
  summary.columns = [
    { header: 'Differenslista', width: 28 },
    { header: d.stocktake.name, width: 40 },
  ];
  summary.getRow(1).font = { bold: true };
  const t = d.totals;
  const facts: [string, string | number, string?][] = [
    ['Lager', `${d.store.id} ${d.store.name}`],
    ['Omfattning', d.stocktake.scopeText],
    ['Status', d.stocktake.status === 'approved' ? `Godkänd ${d.stocktake.approvedAt ? formatPrintedAt(d.stocktake.approvedAt) : ''}`.trim() : 'Pågår (preliminär)'],
    ['Utskriven', `${formatPrintedAt(d.printedAt)} av ${d.printedBy}`],
    ['Rader', t.lines, INTEGER_FORMAT],
    ['Räknade rader', t.countedLines, INTEGER_FORMAT],
    ['Ej räknade rader', t.uncountedLines, INTEGER_FORMAT],
    ['Rader med differens', t.linesWithDifference, INTEGER_FORMAT],
    ['Plus', kr(t.plusOre), KRONOR_FORMAT],
    ['Minus', kr(t.minusOre), KRONOR_FORMAT],
    ['Netto', kr(t.plusOre + t.minusOre), KRONOR_FORMAT],
    ['Saknade individer', t.missing, INTEGER_FORMAT],
    ['Fel plats', t.wrongPlace, INTEGER_FORMAT],
    ['Okända nummer', t.unknown, INTEGER_FORMAT],
    ['Dubbletter', t.duplicates, INTEGER_FORMAT],
    ['Negativa saldon', t.negative, INTEGER_FORMAT],
  ];
  for (const [label, value, numFmt] of facts) {
    const row = summary.addRow([label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(2).alignment = { horizontal: typeof value === 'number' ? 'right' : 'left' };
  }
  return workbookBytes(wb, at);
}

/* ---------- CSV ---------- */

const CSV_SEPARATOR = ';';

/** A CSV field: quoted when it holds the separator, a quote, a line break or edge spaces. */
function csvField(value: string): string {
  return /[;"\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is kept as text (OWASP CSV injection). */
const asText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** 123450 öre → "1234,50"; −50 → "-0,50" (a plain minus: Excel reads it as a number). */
export const csvKronor = (ore: number): string => {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
};

/** The variance report's lines as CSV (the Differenser sheet): UTF-8 with BOM, semicolons, CRLF. */
export function varianceReportCsv(input: VarianceReportDocumentInput): Buffer {
  const d = parseInput(VarianceReportDocument, input);
  const rows: string[] = [LINE_COLUMNS.map((c) => csvField(c.header)).join(CSV_SEPARATOR)];
  for (const l of d.lines) {
    rows.push(
      LINE_COLUMNS.map((c) => {
        const v = c.value(l);
        if (v === null) return '';
        if (c.csv === 'kronor') return csvKronor(Math.round((v as number) * 100));
        if (c.csv === 'integer') return String(v);
        return csvField(asText(String(v)));
      }).join(CSV_SEPARATOR),
    );
  }
  return Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
}
