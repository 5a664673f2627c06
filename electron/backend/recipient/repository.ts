import type { AidRow, RecipientCard, RecipientOrderRow } from '../../../shared/api/recipient';
import type { ArticleType } from '../../../shared/domain/model';
import { appendAudit } from '../db/audit';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/replica';
import { OPEN_PICKUP_OF_AID } from '../pickup-order/mutations';

/** A recipient (patient or care unit) as a screen shows them: personal data. */
export interface RecipientView {
  id: string;
  kind: 'patient' | 'careUnit';
  personalNumber: string | null;
  careUnitCode: string | null;
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  phone: string | null;
  doorCode: string | null;
  deliveryInstructions: string | null;
  contactPrescriber: boolean;
}

/** Why a recipient was looked up (the screen or handler), kept in the audit entry. */
export interface ViewContext {
  via: string;
  individualId?: string;
}

export interface AidFilter {
  tab: 'aids' | 'returned' | 'consumables';
  /** ISO code or its start, digits only. */
  isoPrefix: string;
  articleType: ArticleType | null;
}

type AidDbRow = {
  id: string;
  article_id: string;
  article_no: string;
  name: string;
  article_type: ArticleType;
  iso_code: string;
  individual_id: string | null;
  individual_no: string | null;
  ordered_quantity: number;
  quantity: number;
  order_no: string | null;
  prescribed: number;
  ordered_at: string;
  delivered_at: string | null;
  returned_at: string | null;
  cancelled_at: string | null;
  pickup_no: string | null;
};

/** The tabs' conditions: returned aids; held non-tracked articles (förbrukning); held tracked aids. */
const TAB_WHERE: Record<AidFilter['tab'], string> = {
  aids: 'a.returned_at IS NULL AND ar.tracked_individually = 1',
  consumables: 'a.returned_at IS NULL AND ar.tracked_individually = 0',
  returned: 'a.returned_at IS NOT NULL',
};

/**
 * The one read path of a recipient's personal data on the workstation (patient-data law: every
 * look-up is logged — who, when, whom). Each read writes a `recipient.view` audit entry in the
 * same small transaction: the recipient's id and why, never a name or personal number. Handlers
 * that show a recipient (an individual's holder, an order's delivery address) read through here.
 * Finding a recipient's id by number reveals no personal data; the card that follows is a view.
 */
export class RecipientRepository {
  private readonly byId;
  private readonly byPersonalNumber;
  private readonly byCareUnitCode;
  private readonly countsOf;
  private readonly activityCount;
  private readonly deviationCount;
  private readonly orderCount;
  private readonly ordersOf;
  private readonly aidStatements = new Map<string, Statement<unknown[], AidDbRow>>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byId = db.prepare<[string], Record<string, string | number | null>>(
      `SELECT id, kind, personal_number, care_unit_code, name, address, postal_code, city, phone, door_code, delivery_instructions, contact_prescriber
         FROM recipient WHERE id = ?`,
    );
    this.byPersonalNumber = db.prepare<[string], { id: string; kind: 'patient' | 'careUnit' }>('SELECT id, kind FROM recipient WHERE personal_number = ?');
    this.byCareUnitCode = db.prepare<[string], { id: string; kind: 'patient' | 'careUnit' }>('SELECT id, kind FROM recipient WHERE care_unit_code = ?');
    this.countsOf = db.prepare<[string], { aids: number; returned: number; consumables: number }>(
      `SELECT coalesce(sum(a.returned_at IS NULL AND a.cancelled_at IS NULL AND ar.tracked_individually = 1), 0) AS aids,
              coalesce(sum(a.returned_at IS NOT NULL), 0) AS returned,
              coalesce(sum(a.returned_at IS NULL AND a.cancelled_at IS NULL AND ar.tracked_individually = 0), 0) AS consumables
         FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.recipient_id = ?`,
    );
    // Open and past orders; a cancelled (makulerad) one is listed but not counted.
    this.orderCount = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM customer_order WHERE recipient_id = ? AND status <> 'cancelled'");
    this.activityCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM activity WHERE recipient_id = ?');
    this.deviationCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM deviation WHERE recipient_id = ?');
    this.ordersOf = db.prepare<[string], { id: string; order_no: string | null; provisional_no: string | null; kind: string; status: string; created_at: string; delivery_date: string | null; lines: number; summary: string | null }>(
      `SELECT o.id, o.order_no, o.provisional_no, o.kind, o.status, o.created_at, o.delivery_date,
              (SELECT count(*) FROM customer_order_line l WHERE l.order_id = o.id) AS lines,
              (SELECT group_concat(ar.article_no || ' ' || ar.name || ' ×' || l.quantity, ', ')
                 FROM customer_order_line l JOIN article ar ON ar.id = l.article_id WHERE l.order_id = o.id) AS summary
         FROM customer_order o WHERE o.recipient_id = ? ORDER BY o.created_at DESC LIMIT 500`,
    );
  }

  /** The recipient with this personnummer or care-unit code in the replica, if the store has a relation to them. */
  findId(query: { kind: 'personalNumber'; personalNumber: string } | { kind: 'careUnit'; code: string }): { id: string; kind: 'patient' | 'careUnit' } | null {
    return (query.kind === 'personalNumber' ? this.byPersonalNumber.get(query.personalNumber) : this.byCareUnitCode.get(query.code)) ?? null;
  }

  view(id: string, viewerId: string, context: ViewContext): RecipientView | null {
    return this.db.transaction(() => {
      const r = this.byId.get(id);
      if (!r) return null;
      appendAudit(this.db, { at: this.now().toISOString(), userId: viewerId, action: 'recipient.view', entity: 'recipient', entityId: id, details: context });
      const s = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
      return {
        id: String(r.id),
        kind: r.kind as RecipientView['kind'],
        personalNumber: s(r.personal_number),
        careUnitCode: s(r.care_unit_code),
        name: String(r.name),
        address: s(r.address),
        postalCode: s(r.postal_code),
        city: s(r.city),
        phone: s(r.phone),
        doorCode: s(r.door_code),
        deliveryInstructions: s(r.delivery_instructions),
        contactPrescriber: r.contact_prescriber === 1,
      };
    })();
  }

  /** The recipient card (a logged view) with the counts of its tabs. */
  card(id: string, viewerId: string, context: ViewContext): RecipientCard | null {
    const view = this.view(id, viewerId, context);
    if (!view) return null;
    const counts = this.countsOf.get(id)!;
    return {
      ...view,
      counts: {
        aids: counts.aids,
        ordered: this.orderCount.get(id)!.n,
        returned: counts.returned,
        consumables: counts.consumables,
        activities: this.activityCount.get(id)!.n,
        deviations: this.deviationCount.get(id)!.n,
      },
    };
  }

  /** A tab of the recipient's aids, newest first (what the recipient got last on top). */
  aids(recipientId: string, filter: AidFilter): AidRow[] {
    const where = [TAB_WHERE[filter.tab]];
    const params: (string | number)[] = [recipientId];
    if (filter.isoPrefix) {
      where.push("replace(ar.iso_code, ' ', '') LIKE ? || '%'");
      params.push(filter.isoPrefix);
    }
    if (filter.articleType) {
      where.push('ar.article_type = ?');
      params.push(filter.articleType);
    }
    const sql = `SELECT a.id, a.article_id, ar.article_no, ar.name, ar.article_type, ar.iso_code, a.individual_id, i.individual_no,
        a.ordered_quantity, a.quantity, coalesce(o.order_no, o.provisional_no) AS order_no, a.prescribed, a.ordered_at, a.delivered_at, a.returned_at, a.cancelled_at,
        (${OPEN_PICKUP_OF_AID}) AS pickup_no
      FROM aid a JOIN article ar ON ar.id = a.article_id
        LEFT JOIN individual i ON i.id = a.individual_id
        LEFT JOIN customer_order o ON o.id = a.order_id
      WHERE a.recipient_id = ? AND ${where.join(' AND ')}
      ORDER BY ${filter.tab === 'returned' ? 'a.returned_at DESC,' : ''} coalesce(a.delivered_at, a.ordered_at) DESC, a.ordered_at DESC, a.id
      LIMIT 2000`;
    let statement = this.aidStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], AidDbRow>(sql);
      this.aidStatements.set(sql, statement);
    }
    return statement.all(...params).map((r) => ({
      id: r.id,
      articleId: r.article_id,
      articleNo: r.article_no,
      articleName: r.name,
      articleType: r.article_type,
      isoCode: r.iso_code,
      individualId: r.individual_id,
      individualNo: r.individual_no,
      orderedQuantity: r.ordered_quantity,
      quantity: r.quantity,
      orderNo: r.order_no,
      prescribed: r.prescribed === 1,
      orderedAt: r.ordered_at,
      deliveredAt: r.delivered_at,
      returnedAt: r.returned_at,
      undelivered: r.quantity === 0 && r.delivered_at === null && r.cancelled_at === null,
      cancelledAt: r.cancelled_at,
      pickupOrderNo: r.pickup_no,
    }));
  }

  /** Beställt: the recipient's customer orders, newest first. */
  orders(recipientId: string): RecipientOrderRow[] {
    return this.ordersOf.all(recipientId).map((o) => ({
      id: o.id,
      number: o.order_no ?? o.provisional_no ?? o.id,
      kind: o.kind,
      status: o.status,
      createdAt: o.created_at,
      deliveryDate: o.delivery_date,
      lines: o.lines,
      summary: o.summary ?? '',
    }));
  }
}
