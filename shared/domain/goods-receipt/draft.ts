import { z } from 'zod';
import { err, ok, type Result } from '../../result';

/**
 * A goods receipt being scanned (kvittens under arbete): which units of each line have arrived,
 * with the serial numbers the codes carried and the individual numbers given. Pure: the
 * workstation keeps it in its replica between scans (so a receipt survives a restart) and turns it
 * into a `goodsReceipt.approve` mutation when the person approves.
 */

export const DraftUnit = z
  .object({
    /** Chosen when the unit is scanned: the individual's and its ledger movement's ids. */
    individualId: z.string().uuid(),
    movementId: z.string().uuid(),
    individualNo: z.string().max(30).nullable(),
    serialNo: z.string().max(40).nullable(),
    batch: z.string().max(40).nullable(),
    expiry: z.string().max(10).nullable(),
    /** Where the individual number came from: a scanned region label, the number block or typed. */
    numberSource: z.enum(['label', 'block', 'typed']).nullable(),
  })
  .strict();
export type DraftUnit = z.infer<typeof DraftUnit>;

export const DraftLine = z
  .object({
    lineNo: z.number().int(),
    articleId: z.string(),
    articleNo: z.string(),
    name: z.string(),
    tracked: z.boolean(),
    ordered: z.number().int(),
    /** Units that have arrived (for tracked lines: units.length). */
    received: z.number().int(),
    /** The ordered à-pris; a receipt price in whole kronor (null: not entered yet, the ordered one rounded is proposed). */
    orderedPriceOre: z.number().int(),
    priceOre: z.number().int().nullable(),
    movementId: z.string().uuid(),
    units: z.array(DraftUnit),
  })
  .strict();
export type DraftLine = z.infer<typeof DraftLine>;

export const ReceiptDraft = z
  .object({
    purchaseOrderId: z.string(),
    receiptId: z.string().uuid(),
    lines: z.array(DraftLine),
    updatedAt: z.string(),
  })
  .strict();
export type ReceiptDraft = z.infer<typeof ReceiptDraft>;

/** What a scan resolved to in the replica, as far as a receipt is concerned. */
export type ResolvedReceiptScan =
  | { kind: 'article'; articleId: string; articleNo: string; serialNo: string | null; batch: string | null; expiry: string | null }
  | { kind: 'individualNo'; individualNo: string };

export interface ScanApplied {
  draft: ReceiptDraft;
  lineNo: number;
  message: string;
}

/** Ids the caller makes (UUIDs) for a new unit. */
export interface NewIds {
  individualId: string;
  movementId: string;
}

const withLine = (draft: ReceiptDraft, line: DraftLine, at: string): ReceiptDraft => ({
  ...draft,
  updatedAt: at,
  lines: draft.lines.map((l) => (l.lineNo === line.lineNo ? line : l)),
});

export const lineComplete = (line: DraftLine): boolean =>
  line.received === line.ordered && (!line.tracked || line.units.every((u) => u.individualNo !== null && u.serialNo !== null));

/**
 * One scan into the receipt: an article's code (GTIN with serial / batch / expiry, or an article
 * number) ticks a unit of its line; an individual-number label gives the number to the unit that
 * waits for one. Refused with a Swedish message, the draft unchanged, when it does not fit.
 */
export function applyReceiptScan(draft: ReceiptDraft, scan: ResolvedReceiptScan, ids: NewIds, at: string): Result<ScanApplied> {
  if (scan.kind === 'individualNo') {
    if (draft.lines.some((l) => l.units.some((u) => u.individualNo === scan.individualNo))) {
      return err('individual-no-twice', `Individnummer ${scan.individualNo} är redan använt i den här kvittensen.`);
    }
    const line = draft.lines.find((l) => l.tracked && l.units.some((u) => u.individualNo === null));
    if (!line) {
      return err('no-unit-waiting', 'Ingen enhet väntar på ett individnummer: skanna först hjälpmedlets streckkod, sedan individetiketten.');
    }
    const i = line.units.findIndex((u) => u.individualNo === null);
    const units = line.units.map((u, j) => (j === i ? { ...u, individualNo: scan.individualNo, numberSource: 'label' as const } : u));
    return ok({
      draft: withLine(draft, { ...line, units }, at),
      lineNo: line.lineNo,
      message: `Individnummer ${scan.individualNo} → rad ${line.lineNo} (${line.articleNo}).`,
    });
  }
  const line = draft.lines.find((l) => l.articleId === scan.articleId);
  if (!line) return err('not-on-delivery', `Artikel ${scan.articleNo} finns inte på den här leveransen.`);
  if (line.received >= line.ordered) {
    return err('line-full', `Rad ${line.lineNo} (${line.articleNo}) är redan komplett: ${line.received} av ${line.ordered}. Fler än beställt kan inte kvitteras.`);
  }
  if (!line.tracked) {
    const received = line.received + 1;
    return ok({
      draft: withLine(draft, { ...line, received }, at),
      lineNo: line.lineNo,
      message: `Rad ${line.lineNo} (${line.articleNo}): ${received} av ${line.ordered}.`,
    });
  }
  if (scan.serialNo !== null && draft.lines.some((l) => l.articleId === scan.articleId && l.units.some((u) => u.serialNo === scan.serialNo))) {
    return err('serial-twice', `Serienummer ${scan.serialNo} är redan skannat på rad ${line.lineNo}: samma enhet två gånger?`);
  }
  const unit: DraftUnit = {
    individualId: ids.individualId,
    movementId: ids.movementId,
    individualNo: null,
    serialNo: scan.serialNo,
    batch: scan.batch,
    expiry: scan.expiry,
    numberSource: null,
  };
  const units = [...line.units, unit];
  return ok({
    draft: withLine(draft, { ...line, units, received: units.length }, at),
    lineNo: line.lineNo,
    message:
      `Rad ${line.lineNo} (${line.articleNo}): ${units.length} av ${line.ordered}` +
      (scan.serialNo !== null ? `, serienummer ${scan.serialNo}` : ', skriv serienumret') +
      '. Skanna individetiketten eller ta nästa nummer ur serien.',
  });
}

/** Edits of a draft by hand (keyboard): a unit's serial or individual number, a line's quantity or price, a unit removed. */
export type DraftEdit =
  | { kind: 'unit'; lineNo: number; individualId: string; serialNo?: string | null; individualNo?: string | null; numberSource?: DraftUnit['numberSource'] }
  | { kind: 'removeUnit'; lineNo: number; individualId: string }
  | { kind: 'quantity'; lineNo: number; received: number }
  | { kind: 'price'; lineNo: number; priceOre: number | null };

export function editDraft(draft: ReceiptDraft, edit: DraftEdit, at: string): Result<ReceiptDraft> {
  const line = draft.lines.find((l) => l.lineNo === edit.lineNo);
  if (!line) return err('unknown-line', `Rad ${edit.lineNo} finns inte på leveransen.`);
  switch (edit.kind) {
    case 'quantity': {
      if (line.tracked) return err('line-tracked', `Rad ${line.lineNo} är individmärkt: antalet följer de skannade enheterna.`);
      if (!Number.isInteger(edit.received) || edit.received < 0) return err('invalid-quantity', 'Antalet ska vara ett heltal, 0 eller mer.');
      if (edit.received > line.ordered) {
        return err('quantity-over-ordered', `Rad ${line.lineNo}: ${edit.received} är fler än de ${line.ordered} beställda. Kontakta leverantören om överleveransen.`);
      }
      return ok(withLine(draft, { ...line, received: edit.received }, at));
    }
    case 'price': {
      if (edit.priceOre !== null && (edit.priceOre % 100 !== 0 || edit.priceOre < 0)) return err('price-ore', 'Ange priset i hela kronor, utan ören.');
      return ok(withLine(draft, { ...line, priceOre: edit.priceOre }, at));
    }
    case 'removeUnit': {
      const units = line.units.filter((u) => u.individualId !== edit.individualId);
      return ok(withLine(draft, { ...line, units, received: units.length }, at));
    }
    case 'unit': {
      const unit = line.units.find((u) => u.individualId === edit.individualId);
      if (!unit) return err('unknown-unit', 'Enheten finns inte längre i kvittensen.');
      if (edit.individualNo !== undefined && edit.individualNo !== null) {
        const no = edit.individualNo;
        if (draft.lines.some((l) => l.units.some((u) => u.individualId !== unit.individualId && u.individualNo === no))) {
          return err('individual-no-twice', `Individnummer ${no} är redan använt i den här kvittensen.`);
        }
      }
      if (edit.serialNo !== undefined && edit.serialNo !== null) {
        const serial = edit.serialNo;
        if (line.units.some((u) => u.individualId !== unit.individualId && u.serialNo === serial)) {
          return err('serial-twice', `Serienummer ${serial} finns redan på rad ${line.lineNo}.`);
        }
      }
      const next: DraftUnit = {
        ...unit,
        ...(edit.serialNo !== undefined ? { serialNo: edit.serialNo } : {}),
        ...(edit.individualNo !== undefined ? { individualNo: edit.individualNo, numberSource: edit.numberSource ?? 'typed' } : {}),
      };
      return ok(withLine(draft, { ...line, units: line.units.map((u) => (u.individualId === unit.individualId ? next : u)) }, at));
    }
  }
}

/** The price a line will be received at: the entered one, else the ordered one rounded to whole kronor. */
export const receiptPrice = (line: DraftLine): number => line.priceOre ?? Math.round(line.orderedPriceOre / 100) * 100;

/** What the invoice will be matched against: Σ received × à-pris. */
export const draftTotal = (draft: ReceiptDraft): number => draft.lines.reduce((sum, l) => sum + l.received * receiptPrice(l), 0);

/** The approve mutation's lines from a draft. */
export function approveLines(draft: ReceiptDraft) {
  return draft.lines.map((l) => ({
    lineNo: l.lineNo,
    quantity: l.tracked ? l.units.length : l.received,
    priceOre: receiptPrice(l),
    movementId: l.tracked ? null : l.movementId,
    individuals: l.tracked
      ? l.units.map((u) => ({ individualId: u.individualId, movementId: u.movementId, individualNo: u.individualNo ?? '', serialNo: u.serialNo }))
      : [],
  }));
}

/** What still stands between the draft and an approval, one Swedish line each (empty: ready). */
export function draftMissing(draft: ReceiptDraft): string[] {
  const missing: string[] = [];
  for (const l of draft.lines) {
    const where = `Rad ${l.lineNo} (${l.articleNo})`;
    if (l.received < l.ordered) missing.push(`${where}: ${l.received} av ${l.ordered} mottagna. En rad kvitteras bara med hela antalet.`);
    if (l.tracked) {
      const noNumber = l.units.filter((u) => u.individualNo === null).length;
      const noSerial = l.units.filter((u) => u.serialNo === null).length;
      if (noNumber > 0) missing.push(`${where}: ${noNumber} ${noNumber === 1 ? 'enhet saknar' : 'enheter saknar'} individnummer.`);
      if (noSerial > 0) missing.push(`${where}: ${noSerial} ${noSerial === 1 ? 'enhet saknar' : 'enheter saknar'} serienummer.`);
    }
    if (receiptPrice(l) === 0) missing.push(`${where}: à-pris saknas (0 kr). Fyll i rätt pris i hela kronor från följesedeln.`);
  }
  return missing;
}
