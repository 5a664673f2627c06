/**
 * The documents module: every PDF Buffert prints, in plain Node (pdfkit + bwip-js, the bundled
 * Roboto fonts), for the workstation's backend and the central server alike
 * (docs/decisions/0013-pdf-documents.md), and the reports it exports for spreadsheets (Excel via
 * exceljs, CSV). Inputs are validated plain data; bad input throws DocumentInputError with a
 * Swedish message and no file is made.
 */
export { renderLabels } from './labels';
export { renderPurchaseOrder } from './purchase-order';
export { renderGoodsReceipt } from './goods-receipt';
export { renderCountSheets } from './count-sheets';
export { renderVarianceReport } from './variance-report';
export { renderStockReport } from './stock-report';
export { renderAidsList } from './aids-list';
export { renderPickList, PickListDocument, type PickListDocumentInput } from './pick-list';
export { renderPickupOrder, renderPickupSupplierCopy, PickupOrderDocument, PickupSupplierCopyDocument, type PickupOrderDocumentInput, type PickupSupplierCopyDocumentInput } from './pickup-order';
export { csvKronor, KRONOR_FORMAT, varianceReportCsv, varianceReportXlsx } from './variance-export';
export { safeFileName } from './stocktake-words';
export { DocumentInputError } from './errors';
export {
  AidsListDocument,
  type AidsListDocumentInput,
  CountSheetsDocument,
  StockReportDocument,
  VarianceReportDocument,
  VARIANCE_FLAGS,
  type CountSheetsDocumentInput,
  type StockReportDocumentInput,
  type VarianceReportDocumentInput,
  GoodsReceiptDocument,
  IndividualLabel,
  LABEL_SHEETS,
  LabelSheetInput,
  PurchaseOrderDocument,
  ROLL_LABEL_SIZES,
  type GoodsReceiptDocumentInput,
  type LabelSheet,
  type LabelSheetId,
  type LabelSheetInputData,
  type PurchaseOrderDocumentInput,
  type RollLabelSize,
  type RollLabelSizeId,
} from './schemas';
export { formatKronor, formatWholeKronor } from './format';
export { pdfAnswer, rendered } from './answer';
export { renderWorkOrder, renderWorkOrderSupplierCopy, WorkOrderDocument, WorkOrderSupplierCopyDocument, type WorkOrderDocumentInput, type WorkOrderSupplierCopyDocumentInput } from './work-order';
export { renderReturnReceipt, renderSupplierReturnNote, type ReturnReceiptDocumentInput, type SupplierReturnNoteDocumentInput } from './return-documents';
