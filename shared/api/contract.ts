import { z } from 'zod';
import { RegionSettingsView } from './region-settings';
import {
  AddIndividualTextInput,
  AppStatus,
  ArticleLookup,
  ArticleLookupQuery,
  ChangeIndividualNoInput,
  Count,
  Empty,
  Id,
  IndividualDetails,
  IndividualPage,
  IndividualSearchQuery,
  IndividualSearchResult,
  Nothing,
  RegisterIndividualInput,
  Saved,
  StockAdjustInput,
  StockBalanceCountQuery,
  StockBalancePage,
  StockBalanceQuery,
  StoreIndividualsQuery,
  SyncConflict,
  SyncConflictsQuery,
  SyncProgress,
  SyncStatus,
} from './schemas';
import {
  CreatedOrders,
  CreateOrderInput,
  OrderArticleQuery,
  OrderArticleView,
  OrderDetails,
  OrderListQuery,
  OrderSummary,
  OrderTemplate,
  SaveTemplateInput,
  SetLevelInput,
  StockLevelQuery,
  StockLevelRow,
  Suggestion,
} from './order';
import {
  CentralDeliveryView,
  FindDeliveryInput,
  FoundDelivery,
  IncomingDelivery,
  IncomingQuery,
  ReceiptCancelInput,
  ReceiptEditInput,
  ReceiptScanInput,
  ReceiptScanResult,
  ReceiptView,
  ReportDeviationInput,
} from './goods-receipt';
import { LabelLayoutInput, PdfDocument } from './documents';
import { MarkMessageInput, MessageList, MessageListQuery } from './message';
import { AddAttachmentInput, AttachmentFile, AttachmentList, AttachmentOwnerRef } from './attachment';
import { DeliveryDifference, DeviationDetails, DeviationItemLookup, DeviationItemLookupQuery, DeviationList, DeviationSearchQuery, RegisterDeviationInput } from './deviation';
import { ActivityDetails, ActivityListQuery, ActivityRow, CreateActivityInput, CreatedActivity, PartLookup, PartLookupQuery, ReportBackInput } from './activity';
import { HandleBasketInput, LendInput, LoanBasketList, LoanBasketListQuery, LoanBasketLookup, LoanBasketLookupQuery, LoanBasketSummary } from './loan-basket';
import { PickupForm, PickupPdfInput, PickupSearchQuery, PickupSearchResult, RegisteredPickup, RegisterPickupInput } from './pickup-order';
import {
  ArticleGetQuery,
  ArticlePage,
  ArticleSearchCountQuery,
  ArticleSearchPage,
  ArticleSearchQuery,
  IsoBrowseQuery,
  IsoBrowseView,
  ReplacementsQuery,
  ReplacementsView,
} from './article';
import { CancelCheck, OrderSearchQuery, OrderSearchResult, PrescriberReport, PrescriberReportQuery } from './customer-order';
import {
  ApprovalCheck,
  ApproveInput,
  CreateStocktakeInput,
  ExceptionsView,
  FileDocument,
  ImportCountsInput,
  ImportResult,
  InvestigationRow,
  LinesPage,
  LinesQuery,
  REPORT_FORMATS,
  ResolveInvestigationInput,
  StockReportInput,
  StocktakeCountInput,
  StocktakeScanInput,
  StocktakeScanResult,
  StocktakeSummary,
  StocktakeView,
  UndoScanInput,
} from './stocktake';
import { FindRecipientInput, IssueInput, IssueView, NewOrderContext, NewOrderContextInput, OrderLineLookup, OrderLineLookupInput, OrderRecipient, PlacedOrder, PlaceOrderInput, WaitingOrder } from './recipient-order';
import { AuditListQuery, AuditPage, AuditVerifyResult } from './audit';
import { BackupInfo, BackupList, DiagnosticsStatus, ReplicaCheck, RestoreInput, RestorePlan, RestoreStarted, SupportBundle } from './diagnostics';
import { AidRow, AidsQuery, CfrLookupInput, CfrLookupResult, RecipientCard, RecipientOrderRow, RecipientSearchInput, RecipientSearchResult, UpdateContactInput } from './recipient';
import { CreateReceiptInput, IndividualReturnState, RegisterReturnInput, RekondRow, ReturnContext, ToSupplierInput } from './return';
import { SettingsView, UserSettings } from './settings';
import { PrintDocumentInput, PrintDocumentResult, PrintersView } from './print';
import { HidDeviceList, ScannerSettings, ScannerStatus, ScanResolveInput, ScanResolveOutput } from './scanner';
import { ChangePasswordInput, LoginInput, LoginOutcome, LoginScreen, OfflinePinInput, OnlineLoginInput, SithsLoginInput, UnlockInput } from './session';
import { ROLES, type Role } from '../domain/model';
import { STOCK_ADJUST_ROLES, STORE_STAFF_ROLES } from '../domain/mutation';

/**
 * The one contract between the UI and the workstation backend: handler name → input and output
 * schemas. Both transports (Electron IPC and the web host's HTTP) serve exactly this map.
 * `write: true` marks handlers that change data (they need a logged-in user).
 */
export interface HandlerSpec {
  input: z.ZodType;
  output: z.ZodType;
  write?: boolean;
  /** Callable without a logged-in user (start page, login), and while the workstation is locked. */
  public?: boolean;
  /** Who may call it (dispatch refuses everyone else before reading the input). Every write has it. */
  roles?: readonly Role[];
  /** The handler answers with a Promise (it talks to central): call it through dispatchAsync. */
  async?: boolean;
}

/** Store work: technicians and store admins. */
const STAFF = STORE_STAFF_ROLES;
/** Adjustments, approvals, GTIN links, min/max levels: store admins. */
const ADMIN = STOCK_ADJUST_ROLES;
/** Anyone with a role in Buffert. */
const ANYONE: readonly Role[] = ROLES;

export const contract = {
  'app.status': { input: Empty, output: AppStatus, public: true },
  /** The login screen: method, who may log in here (with their offline state), the first sync's state. */
  'session.screen': { input: Empty, output: LoginScreen, public: true },
  /** Logs in here without the network: the secret against this workstation's cached offline credential. */
  'session.login': { input: LoginInput, output: LoginOutcome, public: true },
  /** Logs in at central with a password (then cached for offline use); offline it falls back to session.login. */
  'session.loginOnline': { input: OnlineLoginInput, output: LoginOutcome, public: true, async: true },
  /** Changes the password at central (needs the current one); the new one is cached for offline use. */
  'session.changePassword': { input: ChangePasswordInput, output: LoginOutcome, public: true, async: true },
  /** Completes a SITHS login: the grant central gave the page for the card's certificate (mutual TLS). */
  'session.loginSiths': { input: SithsLoginInput, output: LoginOutcome, public: true, async: true },
  /** The offline PIN a SITHS user chooses after an online login (for logins and unlocking without the network). */
  'session.setOfflinePin': { input: OfflinePinInput, output: z.object({ validUntil: z.string() }), roles: ANYONE },
  /** Locks the workstation (inactivity, the card removed, or the person's choice): nothing is lost. */
  'session.lock': { input: z.object({ reason: z.enum(['inactivity', 'manual', 'card-removed']) }).strict(), output: Nothing, public: true },
  /** Unlocks with the secret; another person unlocking logs the first out. */
  'session.unlock': { input: UnlockInput, output: LoginOutcome, public: true },
  'session.logout': { input: Empty, output: Nothing, public: true },
  'stock.balances': { input: StockBalanceQuery, output: StockBalancePage },
  'stock.balancesCount': { input: StockBalanceCountQuery, output: Count },
  'stock.individuals': { input: StoreIndividualsQuery, output: IndividualPage },
  'individual.search': { input: IndividualSearchQuery, output: IndividualSearchResult },
  'individual.get': { input: z.object({ id: Id }).strict(), output: IndividualDetails },
  // Issue 4: the first mutations. Each is one local transaction (effect + outbox entry); the
  // answer comes after the commit ("Sparat"); refusals carry the shared rule's Swedish message.
  'individual.register': { input: RegisterIndividualInput, output: Saved, write: true, roles: STAFF },
  'individual.changeNumber': { input: ChangeIndividualNoInput, output: Saved, write: true, roles: STAFF },
  'individual.addText': { input: AddIndividualTextInput, output: Saved, write: true, roles: ANYONE },
  'stock.adjust': { input: StockAdjustInput, output: Saved, write: true, roles: ADMIN },
  /** The register screen: find the article an individual is registered on, by article number. */
  'article.lookup': { input: ArticleLookupQuery, output: ArticleLookup },
  // Issue 11: Artiklar (docs/articles.md).
  /** Search as you type over the whole catalogue (terms in any order), a page at a time, with availability. */
  'article.search': { input: ArticleSearchQuery, output: ArticleSearchPage },
  /** How many articles the search finds (asked beside the first page, off the typing path). */
  'article.searchCount': { input: ArticleSearchCountQuery, output: Count },
  /** ISO 9999 browsing 2 → 4 → 6 digits: a class's path and subclasses with article counts. */
  'article.iso': { input: IsoBrowseQuery, output: IsoBrowseView },
  /** The article page: type, unit, pack, ISO, prices, individmall, replacement group, stock per store, documents. */
  'article.get': { input: ArticleGetQuery, output: ArticlePage },
  /**
   * Replacement logistics: the article's ranked equivalents (ersättningsgrupp) with their
   * availability in the own and the central store, and the one to propose when it lacks stock.
   */
  'article.replacements': { input: ReplacementsQuery, output: ReplacementsView },
  /** Links an unknown but valid GTIN (met at goods receipt) to an article, once; store admins. */
  'article.linkGtin': { input: z.object({ gtin: z.string().max(14), articleId: Id }).strict(), output: Saved, write: true, roles: ADMIN },
  // Issue 8: replenishment (lagerpåfyllnad) and stock transfer (lagerflytt) of the own store.
  /** Articles below their min level, with quantities up to the max level and the last 90 days' issues. */
  'order.suggestion': { input: Empty, output: Suggestion },
  /** An article for an order line, by article number or a scanned code (GTIN, GS1). */
  'order.article': { input: OrderArticleQuery, output: OrderArticleView },
  /** Registers the order(s): one per supplier, split automatically, all in one local transaction. */
  'order.create': { input: CreateOrderInput, output: CreatedOrders, write: true, roles: STAFF },
  'order.list': { input: OrderListQuery, output: z.array(OrderSummary) },
  'order.get': { input: z.object({ id: Id }).strict(), output: OrderDetails },
  // Issue 11: orders to a recipient (förskrivning, direktförskrivning, beställning, direktbeställning) and utleverans.
  /** A patient by personal number (typed or scanned) or a care unit by its code; every look-up is logged. */
  'order.findRecipient': { input: FindRecipientInput, output: OrderRecipient },
  /** What the new-order page needs: the recipient (logged), the user's service points, the stores. */
  'order.newContext': { input: NewOrderContextInput, output: NewOrderContext },
  /** An order line by a scanned or typed article number, GTIN or individual number. */
  'order.lineLookup': { input: OrderLineLookupInput, output: OrderLineLookup },
  /** Saves an order to a recipient under a provisional number (central gives the case number at push). */
  'order.place': { input: PlaceOrderInput, output: PlacedOrder, write: true, roles: ANYONE },
  /** A recipient order with its lines, for the utleverans screen. */
  'order.issueView': { input: z.object({ orderId: Id }).strict(), output: IssueView },
  /** Utleverans of a direct order: stock, individuals and the recipient's aids in one transaction. */
  'order.issue': { input: IssueInput, output: Saved, write: true, roles: ANYONE },
  /** The pick list (plocklista) of a direct order as PDF; the first print makes the order För plock. */
  'order.pickList': { input: z.object({ orderId: Id }).strict(), output: PdfDocument, write: true, roles: ANYONE },
  /** Direct orders of the store waiting for their utleverans (start page). */
  'order.waiting': { input: Empty, output: z.array(WaitingOrder) },
  'orderTemplate.list': { input: Empty, output: z.array(OrderTemplate) },
  'orderTemplate.save': { input: SaveTemplateInput, output: Saved, write: true, roles: STAFF },
  'orderTemplate.delete': { input: z.object({ templateId: z.string().uuid() }).strict(), output: Saved, write: true, roles: STAFF },
  /** Min and max levels of the own store (store admins edit them). */
  'stock.levels': { input: StockLevelQuery, output: z.array(StockLevelRow) },
  'stock.setLevel': { input: SetLevelInput, output: Saved, write: true, roles: ADMIN },
  // Incoming deliveries (Godsmottagning) and goods receipt (kvittens), scanner first.
  'goodsReceipt.incoming': { input: IncomingQuery, output: z.array(IncomingDelivery) },
  /** Opens a delivery by "Märk lev:" order number, purchase order number or provisional number. */
  'goodsReceipt.find': { input: FindDeliveryInput, output: FoundDelivery },
  /** The receipt of a purchase order as it stands (its saved draft, created on first open). */
  'goodsReceipt.open': { input: z.object({ purchaseOrderId: Id }).strict(), output: ReceiptView },
  /** One scan into the receipt: ticks the matching line, or says why not (nothing changes then). */
  'goodsReceipt.scan': { input: ReceiptScanInput, output: ReceiptScanResult, write: true, roles: STAFF },
  'goodsReceipt.edit': { input: ReceiptEditInput, output: ReceiptView, write: true, roles: STAFF },
  /** Gives every unit still without an individual number the next numbers of this workstation's block. */
  'goodsReceipt.takeNumbers': { input: z.object({ purchaseOrderId: Id }).strict(), output: ReceiptView, write: true, roles: STAFF },
  /** Approves the receipt: stock in, individuals "i lager", lines received, one transaction. */
  'goodsReceipt.approve': { input: z.object({ purchaseOrderId: Id }).strict(), output: Saved, write: true, roles: STAFF },
  /** Cancels (makulerar) the purchase order's delivery with a reason; moves no stock. */
  'goodsReceipt.cancel': { input: ReceiptCancelInput, output: Saved, write: true, roles: STAFF },
  /** A delivery from the central store, to check by scanning (it arrives confirmed). */
  'goodsReceipt.centralDelivery': { input: z.object({ orderId: Id }).strict(), output: CentralDeliveryView },
  /** Reports a difference found in a central delivery to central as a deviation (avvikelse). */
  'goodsReceipt.reportDeviation': { input: ReportDeviationInput, output: Saved, write: true, roles: STAFF },
  /** Labels of the individuals an approved receipt created (Code 128 + DataMatrix). */
  'goodsReceipt.labels': { input: z.object({ purchaseOrderId: Id, layout: LabelLayoutInput }).strict(), output: PdfDocument, write: true, roles: STAFF },
  /** The receipt (kvittens) PDF of an approved receipt; a reprint is marked "Kopia". */
  'goodsReceipt.receiptPdf': { input: z.object({ purchaseOrderId: Id }).strict(), output: PdfDocument, write: true, roles: STAFF },
  /** The purchase order (inköpsorder) PDF; printed again on this workstation it is marked "Kopia". */
  'goodsReceipt.purchaseOrderPdf': { input: z.object({ purchaseOrderId: Id }).strict(), output: PdfDocument, write: true, roles: STAFF },
  /** Individual-number labels for chosen individuals (a label reprinted from the individual). */
  'individual.labels': { input: z.object({ individualIds: z.array(Id).min(1).max(2000), layout: LabelLayoutInput }).strict(), output: PdfDocument },
  // Issue 9: stocktake (inventering), offline on several workstations (docs/stocktake.md).
  'stocktake.list': { input: Empty, output: z.array(StocktakeSummary) },
  /** Creates a stocktake of the own store; refused when one already counting overlaps it (open that one). */
  'stocktake.create': { input: CreateStocktakeInput, output: Saved, write: true, roles: STAFF },
  /** A stocktake with its progress per zone and the workstations counting. */
  'stocktake.get': { input: z.object({ id: Id }).strict(), output: StocktakeView },
  /** Its lines (articles) as merged from every count event here, filtered and paged. */
  'stocktake.lines': { input: LinesQuery, output: LinesPage },
  /** Wrong-place individuals and unknown numbers scanned. */
  'stocktake.exceptions': { input: z.object({ id: Id }).strict(), output: ExceptionsView },
  /** One scan while counting: an individual found (or flagged), or an article counted by one. */
  'stocktake.scan': { input: StocktakeScanInput, output: StocktakeScanResult, write: true, roles: STAFF },
  /** A typed count of an article: add, replace the own count ("ersätt"), recount, or keep the count. */
  'stocktake.count': { input: StocktakeCountInput, output: StocktakeScanResult, write: true, roles: STAFF },
  /** Takes an individual's scan back. */
  'stocktake.undoScan': { input: UndoScanInput, output: StocktakeScanResult, write: true, roles: STAFF },
  /** Hands a zone to this workstation. */
  'stocktake.assignZone': { input: z.object({ id: Id, zoneId: z.string().max(40) }).strict(), output: Saved, write: true, roles: STAFF },
  /** What an approval would do now, and whose counts may still be missing. */
  'stocktake.approvalCheck': { input: z.object({ id: Id }).strict(), output: ApprovalCheck },
  /** Approves (store admins): adjustments, missing individuals to store 999, locked. */
  'stocktake.approve': { input: ApproveInput, output: Saved, write: true, roles: ADMIN },
  /** Individuals in the investigation store (999) this store can see. */
  'stocktake.investigation': { input: Empty, output: z.array(InvestigationRow) },
  /** An individual found again: back into stock, or scrapped (store admins). */
  'stocktake.resolveInvestigation': { input: ResolveInvestigationInput, output: Saved, write: true, roles: ADMIN },
  /** Count sheets (inventeringslistor) as PDF, per zone or for the whole stocktake. */
  'stocktake.countSheets': { input: z.object({ id: Id, zoneId: z.string().max(40).nullable().default(null) }).strict(), output: PdfDocument },
  /** The variance report (differenslista) as PDF, Excel or CSV. */
  'stocktake.report': { input: z.object({ id: Id, format: z.enum(REPORT_FORMATS) }).strict(), output: FileDocument },
  /** Counts from a CSV file (a first count on paper): checked row by row, imported only when every row is right. */
  'stocktake.importCounts': { input: ImportCountsInput, output: ImportResult, write: true, roles: STAFF },
  /** The stock report (lagersaldorapport) of the whole store as PDF, with the stock list's filters. */
  'stock.report': { input: StockReportInput, output: PdfDocument },
  // Sync (Synk page, status bar). Status and "synka nu" work before login: a new workstation
  // shows its first sync on the start page.
  'sync.status': { input: Empty, output: SyncStatus, public: true },
  /** Starts a sync now (returns at once; follow the sync.status / sync.progress events). */
  'sync.now': { input: Empty, output: z.object({ started: z.boolean() }), public: true },
  'sync.conflicts': { input: SyncConflictsQuery, output: z.array(SyncConflict) },
  /** Removes a conflict from the open list once a person has dealt with it. */
  'sync.dismissConflict': { input: z.object({ id: z.number().int().positive() }).strict(), output: Nothing, write: true, roles: STAFF },
  /** Marks the sync notice as read (it stays in the replica's records). */
  'sync.dismissNotice': { input: z.object({ id: z.number().int().positive() }).strict(), output: Nothing, write: true, roles: ANYONE },
  /** Confirms the deletions the fail-safe stopped (state 'failsafe') and resumes syncing. */
  'sync.confirmDeletion': { input: Empty, output: z.object({ started: z.boolean() }), write: true, roles: ADMIN },
  // Scanners (Skannrar page; docs/scanning.md). Settings are this workstation's, in a file in the
  // data directory: not replicated, not in the outbox.
  /** The HID devices this workstation sees (vendor, product, usage page, path). */
  'scanner.devices': { input: Empty, output: HidDeviceList },
  'scanner.settings': { input: Empty, output: ScannerSettings },
  /** Saves the settings and reopens the HID device accordingly; answers what was saved. */
  'scanner.saveSettings': { input: ScannerSettings, output: ScannerSettings, roles: ANYONE },
  /** The HID service's state (also pushed as the scanner.status event). */
  'scanner.status': { input: Empty, output: ScannerStatus },
  // Inställningar (decision 0033): the machine's settings (read-only) and the person's own.
  'settings.get': { input: Empty, output: SettingsView },
  /** The person's own settings on this workstation; public so that the login screen can use the last person's text size too. */
  'settings.user': { input: Empty, output: UserSettings, public: true },
  'settings.saveUser': { input: UserSettings, output: UserSettings, roles: ANYONE },
  /** The region's settings central owns (region_setting, pulled by sync), read-only; public so that the login screen knows the login mode. */
  'regionSettings.get': { input: Empty, output: RegionSettingsView, public: true },
  // Utskrift (decision 0038): a PDF of the document methods to a printer or the system's PDF viewer.
  /** The printers this workstation has (CUPS, Electron), or why it has none, with the machine's label printer and the person's last choices. */
  'print.printers': { input: Empty, output: PrintersView, roles: ANYONE, async: true },
  /** Prints the PDF (a private temporary file, removed once queued) or opens it in the viewer; remembers the person's printer. */
  'print.document': { input: PrintDocumentInput, output: PrintDocumentResult, roles: ANYONE, async: true },
  /** Looks a scan's readings up in the replica: individual, article (number or GTIN)… */
  'scan.resolve': { input: ScanResolveInput, output: ScanResolveOutput },
  // Felsökning and backups (docs/diagnostics-and-backups.md): no personal data in any answer.
  /** Version, data directory, replica size, sync state, pending work, the last errors of the log, the backups. */
  'diagnostics.status': { input: Empty, output: DiagnosticsStatus },
  /** Runs SQLite's quick_check on the open replica now. */
  'diagnostics.checkReplica': { input: Empty, output: ReplicaCheck },
  /** Writes a support bundle (zip: version, redacted logs, sync state, schema version, row counts; never the replica). */
  'diagnostics.supportBundle': { input: Empty, output: SupportBundle, async: true },
  /** The backups of the replica, newest first. Also answered by the hosts on the startup-error screen. */
  'backup.list': { input: Empty, output: BackupList },
  /** Makes a backup now (the automatic one runs daily). */
  'backup.create': { input: Empty, output: BackupInfo, roles: STAFF },
  /** What restoring a backup would cost: the confirmed changes it lacks. */
  'backup.plan': { input: RestoreInput, output: RestorePlan, roles: STAFF },
  /** Restores a backup: the host closes the replica, puts the backup in place and reopens; the page reloads. */
  'backup.restore': { input: RestoreInput, output: RestoreStarted, roles: ADMIN },
  // The audit trail (Logg page, store admins only; docs/decisions/0019-audit-trail.md).
  'audit.list': { input: AuditListQuery, output: AuditPage },
  /** Checks the local hash chain: ok, or the first entry that does not chain and why. */
  'audit.verify': { input: Empty, output: AuditVerifyResult },
  // Issue 11: Mottagare (docs/recipients.md). Every look-up of a patient is logged (who, when, whom).
  /** Finds a recipient of this store by 12-digit personnummer or care-unit code (invalid: a Swedish message, no lookup). */
  'recipient.search': { input: RecipientSearchInput, output: RecipientSearchResult },
  /** The recipient card: register data, contact fields, the contact-prescriber flag, tab counts (a logged view). */
  'recipient.get': { input: z.object({ id: Id }).strict(), output: RecipientCard },
  /** A tab of the recipient's aids (Hjälpmedel, Återlämnat, Förbrukning), newest first, filtered. */
  'recipient.aids': { input: AidsQuery, output: z.array(AidRow) },
  /** Beställt: the recipient's customer orders. */
  'recipient.orders': { input: z.object({ recipientId: Id }).strict(), output: z.array(RecipientOrderRow) },
  /** Saves phone, door code, delivery instructions and the contact-prescriber flag on the recipient (syncs; orders reuse them). */
  'recipient.updateContact': { input: UpdateContactInput, output: Saved, write: true, roles: ANYONE },
  /** The recipient's aids list as PDF: all, or only the prescribed aids (a logged view). */
  'recipient.aidsPdf': { input: z.object({ recipientId: Id, prescribedOnly: z.boolean().default(false) }).strict(), output: PdfDocument },
  /** Looks a person up in the region's population register (CFR) at central; offline it says so. Logged (who, when, whom). */
  'recipient.cfrLookup': { input: CfrLookupInput, output: CfrLookupResult, async: true },
  /** Takes the person just found in the register into the store: a recipient of the store (syncs). */
  'recipient.adopt': { input: z.object({ personalNumber: z.string().regex(/^\d{12}$/, 'Personnumret ska ha 12 siffror.') }).strict(), output: Saved, write: true, roles: ANYONE },
  // Retur (docs/returns-and-activities.md): retursedel first, then the return; rekond; retur till leverantör.
  'return.context': { input: z.object({ recipientId: Id }).strict(), output: ReturnContext },
  /** Retursedel: the recipient's receipt of the ticked aids, created BEFORE the return (manual 003). */
  'return.createReceipt': { input: CreateReceiptInput, output: Saved, write: true, roles: ANYONE },
  'return.receiptPdf': { input: z.object({ receiptId: Id }).strict(), output: PdfDocument },
  // Any role at the door; the rule says who (prescribers and store staff).
  'return.register': { input: RegisterReturnInput, output: Saved, write: true, roles: ANYONE },
  'return.individual': { input: z.object({ individualId: Id }).strict(), output: IndividualReturnState },
  'return.rekondList': { input: Empty, output: z.array(RekondRow) },
  /** Rekond / rengöring klar: the individual is available in the store again. */
  'return.rekondDone': { input: z.object({ lineId: Id }).strict(), output: Saved, write: true, roles: STAFF },
  /** Retur till leverantör / kreditering (manual 000 §2.4), with its return note. */
  'return.toSupplier': { input: ToSupplierInput, output: Saved, write: true, roles: ANYONE },
  'return.supplierNotePdf': { input: z.object({ supplierReturnId: Id }).strict(), output: PdfDocument },
  // Messages from central (Meddelanden; docs/messages-and-loan-basket.md): the person's inbox.
  'message.list': { input: MessageListQuery, output: MessageList },
  /** Marks a message read, or deletes it from the person's inbox (a synced mark of their own). */
  'message.mark': { input: MarkMessageInput, output: Saved, write: true, roles: ANYONE },
  // Mina beställningar / Sök kundorder, makulering, Rekvirerat per förskrivare (docs/messages-and-loan-basket.md).
  'customerOrder.search': { input: OrderSearchQuery, output: OrderSearchResult },
  /** Whether the order can be cancelled now (the cancel rule), and why not. */
  'customerOrder.cancelCheck': { input: z.object({ orderId: Id }).strict(), output: CancelCheck },
  /** Makulera order: only while Registrerad, before a pick list or purchase order, and (a region setting) the same day. */
  'customerOrder.cancel': { input: z.object({ orderId: Id }).strict(), output: Saved, write: true, roles: ANYONE },
  /** Rekvirerat per förskrivare: what each prescriber ordered in a period, per article. */
  'customerOrder.byPrescriber': { input: PrescriberReportQuery, output: PrescriberReport },
  'customerOrder.byPrescriberPdf': { input: PrescriberReportQuery, output: PdfDocument },
  // Varukorg: a prescriber borrows aids for at most 5 working days, then prescribes or returns each line.
  'loanBasket.list': { input: LoanBasketListQuery, output: LoanBasketList },
  'loanBasket.summary': { input: Empty, output: LoanBasketSummary },
  'loanBasket.lookup': { input: LoanBasketLookupQuery, output: LoanBasketLookup },
  // Any role at the door (the input is checked first); the rule refuses anyone but a prescriber.
  'loanBasket.lend': { input: LendInput, output: Saved, write: true, roles: ANYONE },
  /** Prescribes lines to a recipient (Leverans) and / or returns lines to the store (Ta bort). */
  // Any role at the door; the rule says who: prescribers prescribe, prescribers and store staff return.
  'loanBasket.handle': { input: HandleBasketInput, output: Saved, write: true, roles: ANYONE },
  // Hämtorder (docs/returns-and-activities.md): pick-up of a recipient's aids, at most one open pick-up per aid.
  /** The new pick-up form: the recipient's address and contact fields (a logged view), the region's reasons, the aids. */
  'pickupOrder.form': { input: z.object({ recipientId: Id }).strict(), output: PickupForm },
  /** Registers a pick-up under a provisional number (central gives the number at push). */
  'pickupOrder.register': { input: RegisterPickupInput, output: RegisteredPickup, write: true, roles: ANYONE },
  /** Sök hämtorder: open ones, or with "inkludera stängda" closed and cancelled too. */
  'pickupOrder.search': { input: PickupSearchQuery, output: PickupSearchResult },
  /** The pick-up order PDF, or the supplier's copy without personal data; printing makes it Utskriven. */
  'pickupOrder.pdf': { input: PickupPdfInput, output: PdfDocument, write: true, roles: ANYONE },
  /** Makulera while Registrerad; any role at the door, the rule refuses prescribers. */
  'pickupOrder.cancel': { input: z.object({ pickupOrderId: Id }).strict(), output: Saved, write: true, roles: ANYONE },
  // Issue 12: Bilagor on orders, activities and deviations (docs/returns-and-activities.md).
  /** The owner's files (not removed), newest first, and whether files may be added. */
  'attachment.list': { input: AttachmentOwnerRef, output: AttachmentList },
  /** One file's bytes, to open or save. */
  'attachment.get': { input: z.object({ id: Id }).strict(), output: AttachmentFile },
  /** Attaches a PDF, PNG or JPEG of at most 10 MiB (its type read from its bytes); syncs to central. */
  'attachment.add': { input: AddAttachmentInput, output: Saved, write: true, roles: ANYONE },
  /** Takes a file away: only its author, while the owner is open. */
  'attachment.remove': { input: z.object({ id: Id }).strict(), output: Saved, write: true, roles: ANYONE },
  // Avvikelser: deviations and complaints (docs/returns-and-activities.md).
  /** The store's deviations by number, article / individual number or words, status and event type, newest first. */
  'deviation.search': { input: DeviationSearchQuery, output: DeviationList },
  'deviation.get': { input: z.object({ id: Id }).strict(), output: DeviationDetails },
  /** An aid by individual or article number, to link it to a deviation. */
  'deviation.lookupItem': { input: DeviationItemLookupQuery, output: DeviationItemLookup },
  /** The store's goods-receipt differences, newest first, each with the deviation that reports it. */
  'deviation.deliveryDifferences': { input: Empty, output: z.array(DeliveryDifference) },
  /** Registers a deviation / complaint (Registrerad); syncs to central, which investigates it. */
  'deviation.register': { input: RegisterDeviationInput, output: Saved, write: true, roles: ANYONE },
  // Aktiviteter / arbetsorder (docs/returns-and-activities.md): registered by anyone in the store, buffer repairs reported back by store staff.
  'activity.list': { input: ActivityListQuery, output: z.array(ActivityRow) },
  'activity.get': { input: z.object({ id: Id }).strict(), output: ActivityDetails },
  /** The recipient card's Aktiviteter tab: the recipient's activities, newest first. */
  'activity.forRecipient': { input: z.object({ recipientId: Id }).strict(), output: z.array(ActivityRow) },
  /** A spare part for a buffer repair's report, by article number, with its available balance in the own store. */
  'activity.lookupPart': { input: PartLookupQuery, output: PartLookup },
  /** Registers an activity (the priority is the orderer's only at its default; the rule says so). */
  'activity.create': { input: CreateActivityInput, output: CreatedActivity, write: true, roles: ANYONE },
  /** Återrapportera / avsluta a buffer repair: what was done, spare parts from the own store, working time. */
  'activity.reportBack': { input: ReportBackInput, output: Saved, write: true, roles: STAFF },
  /** The work order (arbetsorder) PDF for the technician, or the supplier's copy without personal data (manual 003 "Aktivitet Taklyft"). */
  'activity.pdf': { input: z.object({ activityId: Id, document: z.enum(['workOrder', 'supplierCopy']) }).strict(), output: PdfDocument },
} as const satisfies Record<string, HandlerSpec>;

export type Contract = typeof contract;
export type HandlerName = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type HandlerArgs<N extends HandlerName> = z.input<Contract[N]['input']>;
/** What a handler receives after validation (defaults applied). */
export type HandlerInput<N extends HandlerName> = z.output<Contract[N]['input']>;
export type HandlerOutput<N extends HandlerName> = z.output<Contract[N]['output']>;

export const handlerNames = Object.keys(contract) as HandlerName[];

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from the backend to the UI. */
export const ScanSource = z.enum(['hidPos', 'hidKeyboard', 'wedge', 'manual']);
export const events = {
  /** Whenever the sync status changes (same shape as the sync.status handler). */
  'sync.status': SyncStatus,
  /** During a sync: rows so far, %, time left (the bootstrap's progress bar). */
  'sync.progress': SyncProgress,
  /** After a local write or a pulled page: which replica tables changed (screens refresh). */
  'data.changed': z.object({ tables: z.array(z.string()) }),
  /** The backend locked the workstation by itself (the SITHS card was taken out): show the lock screen. */
  'session.locked': z.object({ reason: z.enum(['inactivity', 'manual', 'card-removed']) }),
  /** Whenever the HID service's state changes (connected, unplugged, reconnected, error). */
  'scanner.status': ScannerStatus,
  scan: z.object({
    text: z.string().max(4096),
    symbology: z.string().max(8).optional(),
    source: ScanSource,
    at: z.string(),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
