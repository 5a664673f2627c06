import ExcelJS from 'exceljs';

/** An .xlsx file as Excel would read it: exceljs's own reader, for tests that check cells, formats and sheets. */
export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
