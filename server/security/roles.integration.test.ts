import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app';
import { MUTATION_NAMES, type MutationArgs, type MutationName } from '../../shared/domain/mutations';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { NO_RATE_LIMITS, SMALL_REGION } from '../../tests/helpers/databases';
import { args, TestClient, type WireMutation } from '../../tests/helpers/protocol-client';

/**
 * Issue 10, item 5, central's half: whatever a workstation sends, central's rules check the acting
 * user's roles from central's own tables. Every mutation of the registry has a case here (the
 * record is keyed by `MutationName`, so a new mutation without one does not compile): sent by a
 * user whose roles do not allow it, central answers `forbidden-role` and writes nothing; the same
 * mutation by a user whose roles allow it is let through. Mutations any user of the store may do
 * say why instead. (The workstation refuses the same before anything is queued:
 * tests/integration/login.test.ts, for every write handler.)
 *
 * Demo users: U1 technician + store admin, U2 technician, U3 prescriber, U4 orderer.
 */

const OWN = '50301';
const CLIENT = `ws-roles-${randomUUID().slice(0, 8)}`;

/** A GTIN-14 no demo article has: 0735999 + six random digits + the check digit. */
function freshGtin(): string {
  const body = `0735999${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** What the test needs of the demo region. */
interface Ids {
  plain: string;
  bAid: string;
  individual: string;
  purchaseOrderId: string;
  orderId: string;
  stocktakeId: string;
  templateId: string;
  investigated: string;
}

interface Refused<N extends MutationName> {
  /** A user whose roles do not allow the mutation, and one whose roles do. */
  refusedFor: string;
  allowedFor: string;
  args: (ids: Ids) => MutationArgs<N>;
}
type Case<N extends MutationName> = Refused<N> | { anyUser: string };

const unique = () => Date.now().toString(36).toUpperCase() + Math.floor(Math.random() * 1e4).toString(36).toUpperCase();

const CASES: { [N in MutationName]: Case<N> } = {
  'individual.register': { refusedFor: 'U3', allowedFor: 'U2', args: (ids) => args.register(ids.bAid, OWN, `ROLE${unique()}`) },
  'individual.changeNumber': { refusedFor: 'U4', allowedFor: 'U2', args: (ids) => args.changeNumber(ids.individual, `NY${unique()}`) },
  'loanBasket.lend': {
    refusedFor: 'U2',
    allowedFor: 'U3',
    args: (ids) => ({ basketId: randomUUID(), storeId: OWN, lines: [{ lineId: randomUUID(), articleId: ids.plain, individualId: null, quantity: 1 }] }),
  },
  'loanBasket.handle': {
    refusedFor: 'U4',
    allowedFor: 'U2',
    args: () => ({ basketId: randomUUID(), storeId: OWN, recipientId: null, actions: [{ eventId: randomUUID(), lineId: randomUUID(), action: 'return', aidId: null, movementId: null }] }),
  },
  'return.createReceipt': {
    refusedFor: 'U4',
    allowedFor: 'U3',
    args: (ids) => ({ receiptId: randomUUID(), storeId: OWN, recipientId: 'R2', aidIds: [ids.plain], comment: null }),
  },
  'return.register': {
    refusedFor: 'U4',
    allowedFor: 'U2',
    args: () => ({
      returnId: randomUUID(),
      storeId: OWN,
      recipientId: 'R2',
      receiptId: null,
      contactPrescriber: false,
      lines: [{ lineId: randomUUID(), aidId: randomUUID(), outcome: 'stock', movementId: randomUUID(), outMovementId: randomUUID(), textId: randomUUID() }],
    }),
  },
  'return.rekondDone': { refusedFor: 'U3', allowedFor: 'U2', args: () => ({ lineId: randomUUID(), storeId: OWN, textId: randomUUID() }) },
  'return.toSupplier': {
    refusedFor: 'U4',
    allowedFor: 'U2',
    args: (ids) => ({ supplierReturnId: randomUUID(), storeId: OWN, individualId: ids.individual, movementId: randomUUID(), textId: randomUUID(), referencePerson: null, information: null }),
  },
  'activity.create': { anyUser: 'an activity (arbetsorder): prescribers, orderers and store staff all register them (manual 003 "Skapa Aktivitet"); only the priority is not the orderer\'s (shared/domain/activity)' },
  'activity.reportBack': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: () => ({ activityId: randomUUID(), reportId: randomUUID(), storeId: OWN, text: 'Bytt hjul', minutes: 30, parts: [], close: true }),
  },
  'customerOrder.cancel': {
    anyUser: 'cancelling an order of the store: not a role but the order decides (the person who placed it, or a store admin; tests/integration/sync-cancel.test.ts)',
  },
  'pickupOrder.register': { anyUser: "a pick-up of a recipient's aids: prescribers (the manuals' users), orderers and store staff all register them (manuals 000, 001, 003 Hämtorder)" },
  'pickupOrder.print': { anyUser: 'printing a pick-up order or its supplier copy: whoever may register one prints it' },
  'pickupOrder.cancel': { refusedFor: 'U3', allowedFor: 'U2', args: () => ({ eventId: randomUUID(), pickupOrderId: randomUUID(), storeId: OWN }) },
  'attachment.add': { anyUser: 'a file on an order, activity or deviation of the store: whoever works with it (prescriber, orderer, store staff) attaches documents (manual 001, "Läsa och bifoga dokument")' },
  'deviation.register': { anyUser: 'a deviation or complaint: whoever meets it (prescriber, orderer, technician, admin) reports it (manual 003, "Avvikelse/reklamation")' },
  'attachment.remove': { anyUser: 'taking a file away: not a role but its author decides (only the person who added it, while the owner is open)' },
  'message.mark': { anyUser: 'a read or deleted mark on a message to the person or to the whole store: every user of the store reads their messages' },
  'recipient.updateContact': { anyUser: "the recipient card's phone, door code, instructions and contact-prescriber flag: prescribers, orderers and store staff all edit them (manual 003, Mottagare)" },
  'recipient.adopt': { anyUser: 'taking a person from the population register into the store: whoever looks the patient up (prescriber, orderer, store staff) takes them in' },
  'individual.addText': { anyUser: 'a note on an individual of the store: any user of the store may add one (the manual: "Lägg till text")' },
  'stock.adjust': { refusedFor: 'U2', allowedFor: 'U1', args: (ids) => args.adjust(ids.plain, OWN, 3) },
  'stock.setLevel': { refusedFor: 'U2', allowedFor: 'U1', args: (ids) => ({ levelId: randomUUID(), storeId: OWN, articleId: ids.plain, minLevel: 1, maxLevel: 4 }) },
  'article.linkGtin': { refusedFor: 'U2', allowedFor: 'U1', args: (ids) => ({ gtin: freshGtin(), articleId: ids.plain, storeId: OWN }) },
  'order.replenish': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: (ids) => ({
      orderId: randomUUID(),
      provisionalNo: `P${OWN}-ROLES-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      kind: 'stockTransfer',
      storeId: OWN,
      fromStoreId: '10',
      supplierId: null,
      lines: [{ articleId: ids.plain, quantity: 1 }],
    }),
  },
  'order.place': {
    // A prescription (to a patient) needs prescribing rights: the technician is refused, the prescriber is not.
    refusedFor: 'U2',
    allowedFor: 'U3',
    args: (ids) => ({
      orderId: randomUUID(),
      provisionalNo: `P${OWN}-ROLES-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      kind: 'prescription',
      storeId: OWN,
      fromStoreId: '10',
      recipientId: 'R2',
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ aidId: randomUUID(), articleId: ids.plain, quantity: 1, individualId: null, payerId: '50312', text: null, replacesArticleId: null }],
    }),
  },
  'order.startPicking': { anyUser: 'a printed pick list of a direct order of the store (För plock): whoever may hand it out may print it, as for order.issue' },
  'order.issue': { anyUser: 'an utleverans of a direct order of the store: whoever may order may hand it out (the orderer picks from the own store)' },
  'orderTemplate.save': {
    refusedFor: 'U4',
    allowedFor: 'U2',
    args: (ids) => ({ versionId: randomUUID(), templateId: randomUUID(), storeId: OWN, name: 'Rollatorer', lines: [{ articleId: ids.plain, quantity: 2 }] }),
  },
  'orderTemplate.delete': { refusedFor: 'U3', allowedFor: 'U2', args: (ids) => ({ versionId: randomUUID(), templateId: ids.templateId }) },
  'goodsReceipt.approve': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: (ids) => ({ receiptId: randomUUID(), purchaseOrderId: ids.purchaseOrderId, storeId: OWN, lines: [{ lineNo: 1, quantity: 0, priceOre: 0, movementId: randomUUID(), individuals: [] }] }),
  },
  'goodsReceipt.cancel': { refusedFor: 'U4', allowedFor: 'U2', args: (ids) => ({ receiptId: randomUUID(), purchaseOrderId: ids.purchaseOrderId, storeId: OWN, reason: 'Fel leverantör' }) },
  'goodsReceipt.reportDeviation': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: (ids) => ({ deviationId: randomUUID(), orderId: ids.orderId, storeId: OWN, text: 'En kartong saknades.', lines: [] }),
  },
  'stocktake.create': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: () => ({ stocktakeId: randomUUID(), storeId: OWN, name: 'Vårinventering', scope: { isoCodes: [], articleTypes: ['consumable'], locations: [] }, zones: [], blind: false }),
  },
  'stocktake.count': {
    refusedFor: 'U4',
    allowedFor: 'U2',
    args: (ids) => ({
      countId: randomUUID(),
      stocktakeId: ids.stocktakeId,
      storeId: OWN,
      zoneId: null,
      kind: 'add',
      articleId: ids.plain,
      individualId: null,
      code: null,
      quantity: 2,
      source: 'manual',
      clientId: CLIENT,
      workstation: 'Lagret 1',
    }),
  },
  'stocktake.assignZone': {
    refusedFor: 'U3',
    allowedFor: 'U2',
    args: (ids) => ({ assignmentId: randomUUID(), stocktakeId: ids.stocktakeId, storeId: OWN, zoneId: 'A', clientId: CLIENT, workstation: 'Lagret 1' }),
  },
  'stocktake.approve': {
    refusedFor: 'U2',
    allowedFor: 'U1',
    // The admin gets past the role to the rule's next check (a digest that is not the counts').
    args: (ids) => ({ approvalId: randomUUID(), stocktakeId: ids.stocktakeId, storeId: OWN, uncounted: 'keep', digest: '0-0000000000000000' }),
  },
  'stocktake.resolveInvestigation': {
    refusedFor: 'U2',
    allowedFor: 'U1',
    args: (ids) => ({ textId: randomUUID(), movementId: randomUUID(), individualId: ids.investigated, storeId: OWN, outcome: 'restock', location: 'A1' }),
  },
};

describe('central refuses every mutation whose user lacks the role, whatever the workstation sent', () => {
  let server: RunningServer;
  let ws: TestClient;
  let ids: Ids;

  beforeAll(async () => {
    server = await startServer({ db: 'pglite', demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
    ws = await TestClient.register(server.url, CLIENT, OWN);
    const one = async (sql: string) => (await server.db.query<{ id: string }>(sql)).rows[0]!.id;
    const plain = await one("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 1");
    const found = {
      plain,
      bAid: await one("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1"),
      individual: await one(`SELECT id FROM individual WHERE store_id = '${OWN}' AND status = 'inStore' ORDER BY id LIMIT 1`),
      // The demo region has no purchase order yet: the role is checked before the order is looked up.
      purchaseOrderId: randomUUID(),
      orderId: await one(`SELECT id FROM customer_order WHERE store_id = '${OWN}' ORDER BY id LIMIT 1`),
      investigated: await one("SELECT id FROM individual WHERE status = 'investigation' ORDER BY id LIMIT 1"),
    };
    // What the cases act on and the demo lacks: a stocktake being counted and a template.
    const stocktakeId = randomUUID();
    const templateId = randomUUID();
    const setup = await ws.pushOk([
      ws.mutation('stocktake.create', 'U1', { ...(CASES['stocktake.create'] as Refused<'stocktake.create'>).args({} as Ids), stocktakeId, scope: { isoCodes: [], articleTypes: ['accessory', 'sparePart'], locations: [] } }),
      ws.mutation('orderTemplate.save', 'U1', { ...(CASES['orderTemplate.save'] as Refused<'orderTemplate.save'>).args({ plain } as Ids), templateId }),
    ]);
    expect(setup.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    ids = { ...found, stocktakeId, templateId };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const changes = async () => Number((await server.db.query<{ n: string }>('SELECT count(*) AS n FROM change_log')).rows[0]!.n);

  it('every mutation by a user without the role is refused with forbidden-role, and nothing is written', async () => {
    const refused: { name: MutationName; wire: WireMutation }[] = [];
    for (const name of MUTATION_NAMES) {
      const c = CASES[name] as Case<MutationName>;
      if ('anyUser' in c) continue;
      refused.push({ name, wire: ws.mutation(name, c.refusedFor, c.args(ids) as never) });
    }
    expect(refused.length).toBeGreaterThanOrEqual(16);
    const before = await changes();
    const answer = await ws.pushOk(refused.map((r) => r.wire));
    expect(Object.fromEntries(answer.results.map((r, i) => [refused[i]!.name, r.status === 'rejected' ? r.error.code : r.status]))).toEqual(
      Object.fromEntries(refused.map((r) => [r.name, 'forbidden-role'])),
    );
    expect(await changes()).toBe(before);
  });

  it('the same mutations by a user whose roles allow them get past the role check', async () => {
    for (const name of MUTATION_NAMES) {
      const c = CASES[name] as Case<MutationName>;
      if ('anyUser' in c) continue;
      const answer = await ws.pushOk([ws.mutation(name, c.allowedFor, c.args(ids) as never)]);
      const result = answer.results[0]!;
      // Applied, or refused by a later check of the rule (the stocktake's digest): never for the role.
      expect({ name, code: result.status === 'rejected' ? result.error.code : result.status }).not.toEqual({ name, code: 'forbidden-role' });
      expect(['applied', 'rejected']).toContain(result.status);
    }
  });
});
