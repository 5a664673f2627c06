import { z } from 'zod';
import { insert, update, type Effect } from '../effects';
import type { ArticleType, IndividualStatus, OrderStatus, Role } from '../model';
import { cleanText, decided, defineMutation, hasAnyRole, mayWorkInStore, refuse, RowId, STORE_REFUSALS, STORE_STAFF_ROLES, Uuid } from '../mutation';
import { DeliveryAddress } from '../order/recipient-orders';
import { PROVISIONAL_ORDER_NO } from '../order/rules';
import { movementEffects } from '../stock/mutations';
import { AttachedFile, attachmentInsert, FILE_REFUSALS, fileRefusal, type FileFacts } from '../attachment/mutations';
import { formatFileSize, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_OWNER } from '../attachment/files';

/**
 * Aktiviteter / arbetsorder (AO; manuals 000 §6, 001 "Arbetsorder", 002 "Registrerade AO", 003
 * "Skapa Aktivitet", "Buffertreparation", "Aktivitet kopplad till kundorder"). A work order for an
 * aid or individual of a recipient (or of the store): a type, a priority that the orderer does not
 * change, the requested action (mandatory), an address, optionally linked to a customer order that
 * then cannot be handed out until the activity is closed. A buffer repair (buffertreparation) is
 * done by the store's own staff, who report it back and close it: what was done, the spare parts
 * taken from the own store (ledger movements) and the working time. Every other kind is closed by
 * central (the central service's technicians), and the workstation gets a message.
 */

export const ACTIVITY_KINDS = [
  'adjustment',
  'repair',
  'sparePartOrder',
  'bufferRepair',
  'specialAdjustment',
  'consultantCase',
  'followUp',
  'fitting',
  'transport',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_SV: Record<ActivityKind, string> = {
  adjustment: 'Anpassning',
  repair: 'Avhjälpande underhåll / reparation',
  sparePartOrder: 'Beställning av reservdel',
  bufferRepair: 'Buffertreparation',
  specialAdjustment: 'Specialanpassning',
  consultantCase: 'Konsulentärende',
  followUp: 'Uppföljning',
  fitting: 'Utprovning',
  transport: 'Transport',
};

export const ACTIVITY_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type ActivityPriority = (typeof ACTIVITY_PRIORITIES)[number];
/** Aktivitetsprioritet: the default stands ("ska inte ändras"; acute help is asked for by phone). */
export const DEFAULT_PRIORITY: ActivityPriority = 'normal';
/** Who may set another priority than the default: everyone but the orderer (beställare). */
export const PRIORITY_ROLES: readonly Role[] = ['technician', 'storeAdmin', 'prescriber'];

/** Registrerad → Återrapporterad (a report without closing) → Avslutad. */
export const ACTIVITY_STATUSES = ['registered', 'reported', 'closed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_SV: Record<ActivityStatus, string> = { registered: 'Registrerad', reported: 'Återrapporterad', closed: 'Avslutad' };
export const isOpenActivity = (status: ActivityStatus): boolean => status !== 'closed';

/** Adresstyp: the recipient's address, the own store (the aid is brought in), or another address for this activity only. */
export const ADDRESS_TYPES = ['recipient', 'store', 'other'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const TITLE_MAX = 70;
export const TEXT_MAX = 255;
export const MAX_PARTS = 20;
export const MAX_MINUTES = 10_000;

/** Kinds that are about one aid: the aid (article) or its individual must be given. */
const NEEDS_AID: readonly ActivityKind[] = ['adjustment', 'repair', 'bufferRepair', 'specialAdjustment'];
/** Who creates activities: everyone with a role in the store (prescribers, orderers, store staff). */
export const ACTIVITY_ROLES: readonly Role[] = ['technician', 'storeAdmin', 'prescriber', 'orderer'];
/** Who reports back and closes a buffer repair: the store's own staff. */
export const REPORT_ROLES: readonly Role[] = STORE_STAFF_ROLES;

export const mayChangePriority = (roles: readonly Role[] | undefined): boolean => hasAnyRole(roles, PRIORITY_ROLES);

export const CreateActivityArgs = z
  .object({
    activityId: Uuid,
    provisionalNo: z.string().regex(PROVISIONAL_ORDER_NO, 'Ogiltigt preliminärt nummer.'),
    storeId: RowId,
    kind: z.enum(ACTIVITY_KINDS, { message: 'Välj en aktivitetstyp.' }),
    priority: z.enum(ACTIVITY_PRIORITIES),
    recipientId: RowId.nullable(),
    articleId: RowId.nullable(),
    individualId: RowId.nullable(),
    /** The customer order the activity is linked to (öronmärkt): it is not handed out before the activity is closed. */
    orderId: RowId.nullable(),
    title: cleanText(TITLE_MAX, `Benämningen får vara högst ${TITLE_MAX} tecken.`, { required: 'Ange en benämning.' }),
    requestedAction: cleanText(TEXT_MAX, `Efterfrågad åtgärd får vara högst ${TEXT_MAX} tecken.`, { multiLine: true, required: 'Efterfrågad åtgärd måste fyllas i.' }),
    description: cleanText(TEXT_MAX, `Beskrivningen får vara högst ${TEXT_MAX} tecken.`, { multiLine: true }).nullable(),
    addressType: z.enum(ADDRESS_TYPES),
    /** Another address (addressType 'other'): for this activity only, never saved on the recipient. */
    address: DeliveryAddress.nullable(),
    contactPrescriber: z.boolean(),
    /**
     * The files registered with the activity (a special adjustment's "Anvisning vid
     * specialanpassning"): stored as its attachments in the same step. Older queued mutations
     * have none.
     */
    files: z.array(AttachedFile).max(MAX_ATTACHMENTS_PER_OWNER, `En aktivitet kan ha högst ${MAX_ATTACHMENTS_PER_OWNER} bilagor.`).default([]),
  })
  .strict()
  .refine((a) => (a.addressType === 'other') === (a.address !== null), { message: 'Ange adressen när adresstypen är "Annan adress" (och bara då).', path: ['address'] });
export type CreateActivityArgs = z.infer<typeof CreateActivityArgs>;

export interface CreateActivityFacts {
  recipient: { id: string; kind: 'patient' | 'careUnit' } | null;
  article: { id: string; articleNo: string; articleType: ArticleType } | null;
  individual: { id: string; individualNo: string; articleId: string; status: IndividualStatus; storeId: string | null } | null;
  order: { id: string; no: string; status: OrderStatus; storeId: string; recipientId: string | null; mainAidArticleIds: string[] } | null;
  /** Attachments already stored for this activity id (a special adjustment needs its instructions document). */
  attachments: number;
  /** The bytes of each of `args.files`, read again from its base64 (null: it did not decode). */
  files: (FileFacts | null)[];
  /** Central's part: the activity number (null on the workstation: the provisional number stands). */
  central: { activityNo: string } | null;
}

const ORDER_ISSUABLE: readonly OrderStatus[] = ['registered', 'picking'];

export const create = defineMutation({
  args: CreateActivityArgs,
  refusals: [
    ...STORE_REFUSALS,
    'priority-not-allowed',
    'recipient-required',
    'unknown-recipient',
    'aid-required',
    'unknown-article',
    'unknown-individual',
    'unknown-order',
    'order-not-linkable',
    'attachment-required',
    'too-many-attachments',
    ...FILE_REFUSALS,
  ],
  decide(args, facts: CreateActivityFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, ACTIVITY_ROLES);
    if (forbidden) return forbidden;
    if (args.priority !== DEFAULT_PRIORITY && !mayChangePriority(actor.roles)) {
      return refuse('priority-not-allowed', 'Aktivitetsprioriteten ska inte ändras av en beställare; behövs akut hjälp, ring hjälpmedelscentralen.');
    }
    const buffer = args.kind === 'bufferRepair';
    if (args.recipientId === null && !buffer) return refuse('recipient-required', 'Välj mottagaren som aktiviteten gäller (bara en buffertreparation kan gälla lagrets eget hjälpmedel).');
    if (args.recipientId !== null && facts.recipient?.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte i lagrets data.');
    if (args.addressType === 'recipient' && args.recipientId === null) return refuse('recipient-required', 'Mottagarens adress kräver en mottagare: välj lagrets eller en annan adress.');

    let articleId = args.articleId;
    if (args.individualId !== null) {
      const ind = facts.individual;
      if (!ind || ind.id !== args.individualId) return refuse('unknown-individual', 'Individen finns inte i lagrets register.');
      if (articleId !== null && articleId !== ind.articleId) return refuse('unknown-individual', `Individ ${ind.individualNo} hör inte till den valda artikeln.`);
      articleId = ind.articleId;
    }
    if (articleId !== null && facts.article?.id !== articleId) return refuse('unknown-article', `Artikeln ${articleId} finns inte i sortimentet.`);
    if (articleId === null && NEEDS_AID.includes(args.kind)) {
      return refuse('aid-required', `En aktivitet av typen ${ACTIVITY_KIND_SV[args.kind].toLowerCase()} gäller ett hjälpmedel: välj hjälpmedlet eller individen.`);
    }

    if (args.orderId !== null) {
      const order = facts.order;
      if (!order || order.id !== args.orderId || order.storeId !== args.storeId) return refuse('unknown-order', 'Kundordern finns inte i lagrets data.');
      if (!ORDER_ISSUABLE.includes(order.status)) {
        return refuse('order-not-linkable', `Order ${order.no} är redan ${order.status === 'cancelled' ? 'makulerad' : 'utlevererad'}: en aktivitet kan bara kopplas till en order som inte är utlämnad.`);
      }
      if (order.mainAidArticleIds.length === 0) {
        return refuse('order-not-linkable', `Order ${order.no} har inget huvudhjälpmedel: en aktivitet kopplas bara till en order med huvudhjälpmedel (skriv en kommentar på en tillbehörsbeställning).`);
      }
      if (articleId !== null && !order.mainAidArticleIds.includes(articleId)) {
        return refuse('order-not-linkable', `Hjälpmedlet är inget huvudhjälpmedel på order ${order.no}.`);
      }
      if (args.recipientId !== null && order.recipientId !== args.recipientId) return refuse('order-not-linkable', `Order ${order.no} gäller en annan mottagare.`);
    }
    if (args.kind === 'specialAdjustment' && facts.attachments + args.files.length === 0) {
      return refuse('attachment-required', 'En specialanpassning kräver en bilaga: bifoga dokumentet "Anvisning vid specialanpassning".');
    }
    if (facts.attachments + args.files.length > MAX_ATTACHMENTS_PER_OWNER) return refuse('too-many-attachments', `En aktivitet kan ha högst ${MAX_ATTACHMENTS_PER_OWNER} bilagor.`);
    // The same rule as attachment.add, file by file, and all of them together within one file's limit (one push carries them).
    let total = 0;
    for (const [i, f] of args.files.entries()) {
      const wrong = fileRefusal(f, facts.files[i] ?? null);
      if (wrong) return wrong;
      total += f.sizeBytes;
    }
    if (total > MAX_ATTACHMENT_BYTES) {
      return refuse('too-large', `Bilagorna får tillsammans vara högst ${formatFileSize(MAX_ATTACHMENT_BYTES)} när aktiviteten registreras: bifoga fler på aktiviteten efteråt.`);
    }

    const effects: Effect[] = [
      insert('activity', {
        id: args.activityId,
        activity_no: facts.central?.activityNo ?? null,
        provisional_no: args.provisionalNo,
        store_id: args.storeId,
        kind: args.kind,
        priority: args.priority,
        status: 'registered',
        recipient_id: args.recipientId,
        article_id: articleId,
        individual_id: args.individualId,
        order_id: args.orderId,
        title: args.title,
        requested_action: args.requestedAction,
        description: args.description,
        address_type: args.addressType,
        address: args.address?.address ?? null,
        postal_code: args.address?.postalCode ?? null,
        city: args.address?.city ?? null,
        contact_prescriber: args.contactPrescriber,
        created_at: at,
        user_id: actor.userId,
        closed_at: null,
        closed_by: null,
      }),
    ];
    for (const [i, f] of args.files.entries()) effects.push(attachmentInsert({ kind: 'activity', id: args.activityId, storeId: args.storeId }, f, facts.files[i]!, actor, at));
    // A buffer repair of an individual in the own store takes it out of the available stock until it is closed.
    const ind = facts.individual;
    if (buffer && ind && ind.status === 'inStore' && ind.storeId === args.storeId) effects.push(update('individual', { id: ind.id }, { status: 'inRepair' }));
    return decided({
      effects,
      audit: {
        action: 'activity.create',
        entity: 'activity',
        entityId: args.activityId,
        details: {
          kind: args.kind,
          provisionalNo: args.provisionalNo,
          activityNo: facts.central?.activityNo ?? null,
          orderId: args.orderId,
          priority: args.priority,
          // The file names and checksums only, never the content.
          files: args.files.map((f) => ({ attachmentId: f.attachmentId, fileName: f.fileName, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
        },
      },
    });
  },
});

const Part = z
  .object({
    movementId: Uuid,
    articleId: RowId,
    quantity: z.number().int('Antalet ska vara ett heltal.').min(1, 'Antalet ska vara minst 1.').max(1000, 'Högst 1 000 av en reservdel.'),
  })
  .strict();

export const ReportBackArgs = z
  .object({
    activityId: RowId,
    reportId: Uuid,
    storeId: RowId,
    /** Utförd åtgärd / kommentar. */
    text: cleanText(TEXT_MAX, `Utförd åtgärd får vara högst ${TEXT_MAX} tecken.`, { multiLine: true, required: 'Skriv vad som är utfört.' }),
    /** Arbetstid in minutes. */
    minutes: z.number().int('Arbetstiden anges i hela minuter.').min(0, 'Arbetstiden kan inte vara negativ.').max(MAX_MINUTES, `Arbetstiden får vara högst ${MAX_MINUTES} minuter.`),
    parts: z.array(Part).max(MAX_PARTS, `Högst ${MAX_PARTS} reservdelsrader.`),
    /** "Avsluta aktivitet". */
    close: z.boolean(),
  })
  .strict()
  .refine((a) => new Set(a.parts.map((p) => p.articleId)).size === a.parts.length, { message: 'Samma reservdel står på två rader.', path: ['parts'] });
export type ReportBackArgs = z.infer<typeof ReportBackArgs>;

export interface ReportBackFacts {
  activity: {
    id: string;
    no: string;
    storeId: string;
    kind: ActivityKind;
    status: ActivityStatus;
    individualId: string | null;
    /** The individual's status now (a buffer repair in the store holds it `inRepair`). */
    individualStatus: IndividualStatus | null;
  } | null;
  /** The spare parts and their balance in the own store. */
  parts: Record<string, { articleNo: string; articleType: ArticleType; tracked: boolean; onHand: number; reserved: number } | undefined>;
}

/**
 * Återrapportera / avsluta a buffer repair (manual 003): what was done, the spare parts taken from
 * the own store (an `issue` movement each, referencing the activity), the working time, and
 * whether it is closed now. A spare part without stock is refused. Only buffer repairs: every
 * other kind is reported back and closed by central.
 */
export const reportBack = defineMutation({
  args: ReportBackArgs,
  refusals: [...STORE_REFUSALS, 'unknown-activity', 'not-buffer-repair', 'activity-closed', 'unknown-article', 'not-a-spare-part', 'not-enough-stock'],
  decide(args, facts: ReportBackFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, REPORT_ROLES);
    if (forbidden) return forbidden.error.code === 'forbidden-role' ? refuse('forbidden-role', 'Bara lagerpersonal återrapporterar en buffertreparation.') : forbidden;
    const a = facts.activity;
    if (!a || a.id !== args.activityId || a.storeId !== args.storeId) return refuse('unknown-activity', 'Aktiviteten finns inte i lagrets data.');
    if (a.kind !== 'bufferRepair') return refuse('not-buffer-repair', `Aktivitet ${a.no} är ingen buffertreparation: den återrapporteras och avslutas av hjälpmedelscentralen.`);
    if (a.status === 'closed') return refuse('activity-closed', `Aktivitet ${a.no} är redan avslutad.`);
    const effects: Effect[] = [];
    const parts: { articleId: string; articleNo: string; quantity: number }[] = [];
    for (const p of args.parts) {
      const part = facts.parts[p.articleId];
      if (!part) return refuse('unknown-article', `Artikeln ${p.articleId} finns inte i sortimentet.`);
      if (part.articleType !== 'sparePart' || part.tracked) return refuse('not-a-spare-part', `Artikel ${part.articleNo} är ingen reservdel.`);
      const available = part.onHand - part.reserved;
      if (available < p.quantity) {
        return refuse('not-enough-stock', `Reservdel ${part.articleNo} finns inte i lager: ${Math.max(0, available)} disponibla i lager ${args.storeId}, ${p.quantity} behövs.`);
      }
      parts.push({ articleId: p.articleId, articleNo: part.articleNo, quantity: p.quantity });
    }
    effects.push(
      insert('activity_report', {
        id: args.reportId,
        activity_id: a.id,
        store_id: args.storeId,
        text: args.text,
        minutes: args.minutes,
        parts: JSON.stringify(parts),
        closed: args.close,
        user_id: actor.userId,
        at,
      }),
    );
    args.parts.forEach((p, i) => {
      effects.push(
        ...movementEffects({
          id: p.movementId,
          storeId: args.storeId,
          articleId: p.articleId,
          articleNo: parts[i]!.articleNo,
          individualId: null,
          quantity: -p.quantity,
          reason: 'issue',
          reference: a.no,
          note: 'Reservdel till buffertreparation',
          userId: actor.userId,
          at,
        }),
      );
    });
    effects.push(update('activity', { id: a.id }, args.close ? { status: 'closed', closed_at: at, closed_by: actor.userId } : { status: 'reported' }));
    if (args.close && a.individualId && a.individualStatus === 'inRepair') effects.push(update('individual', { id: a.individualId }, { status: 'inStore' }));
    return decided({
      effects,
      audit: {
        action: 'activity.reportBack',
        entity: 'activity',
        entityId: a.id,
        details: { activityNo: a.no, minutes: args.minutes, parts: parts.map((p) => ({ articleNo: p.articleNo, quantity: p.quantity })), closed: args.close },
      },
    });
  },
});

export const activityMutations = { 'activity.create': create, 'activity.reportBack': reportBack } as const;

/** "Arbetsorder 26450007 (Reparation) är avslutad." — the message central sends when it closes one. */
export function workOrderClosedText(no: string, kind: ActivityKind): string {
  return `Arbetsorder ${no} (${ACTIVITY_KIND_SV[kind]}) är avslutad.`;
}

export { openActivityRefusal } from './rules';
