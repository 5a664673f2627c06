/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { ALL_REFUSAL_CODES } from '../../shared/domain/mutations';
import {
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  INDIVIDUAL_STATUSES,
  MOVEMENT_REASONS,
  ORDER_KINDS,
  ORDER_LINE_ROUTES,
  ORDER_LINE_STATUSES,
  ORDER_STATUSES,
  PURCHASE_ORDER_STATUSES,
  ROLES,
  STORE_KINDS,
} from '../../shared/domain/model';
import en from './en.json';
import enText from './en.json?raw';
import sv from './sv.json';
import svText from './sv.json?raw';

type Tree = { [key: string]: string | Tree };

const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

describe('the UI catalogue', () => {
  it('no key stands twice in an object (JSON keeps the last one: the other text would be lost)', () => {
    // Written back from what JSON.parse read, a file with a repeated key comes out shorter.
    for (const [name, text] of [['sv.json', svText], ['en.json', enText]] as const) {
      expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`, name).toBe(text);
    }
  });

  it('Swedish and English have exactly the same keys', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(sv as Tree).sort());
  });

  it('every value of the domain vocabulary has a Swedish word', () => {
    const groups: [Record<string, string>, readonly string[]][] = [
      [sv.articleTypes, ARTICLE_TYPES],
      [sv.articleStatuses, ARTICLE_STATUSES],
      [sv.individualStatuses, INDIVIDUAL_STATUSES],
      [sv.movementReasons, MOVEMENT_REASONS],
      [sv.roles, ROLES],
      [sv.storeKinds, STORE_KINDS],
      [sv.orderKinds, ORDER_KINDS],
      [sv.orderStatuses, ORDER_STATUSES],
      [sv.orderLineStatuses, ORDER_LINE_STATUSES],
      [sv.orderLineRoutes, ORDER_LINE_ROUTES],
      [sv.purchaseOrderStatuses, [...PURCHASE_ORDER_STATUSES, 'shipped']],
    ];
    for (const [words, values] of groups) for (const v of values) expect(words[v], v).toBeTruthy();
  });

  it('every refusal code of the write path has advice for the person in the conflicts list', () => {
    const advice = sv.sync.advice as Record<string, string>;
    for (const code of ALL_REFUSAL_CODES) expect(advice[code], code).toMatch(/^[A-ZÅÄÖ].{20,}/);
  });

  it('uses the manuals\' words', () => {
    expect(sv.individualStatuses).toMatchObject({
      inStore: 'I lager',
      atRecipient: 'Hos mottagare',
      reserved: 'Reserverad',
      inRepair: 'På reparation',
      rekond: 'Rekond / rengöring',
      scrapped: 'Skrotad',
      investigation: 'Utredning',
    });
    expect(sv.movementReasons).toMatchObject({
      goodsReceipt: 'Godsmottagning',
      issue: 'Utleverans',
      return: 'Retur',
      stockTransfer: 'Lagerflytt',
      stocktake: 'Inventering',
      adjustment: 'Saldojustering',
      scrap: 'Skrotning',
      initial: 'Ingående saldo',
    });
    expect(sv.articleTypes).toMatchObject({ mainAid: 'Huvudhjälpmedel', accessory: 'Tillbehör', sparePart: 'Reservdel' });
    expect(sv.articleStatuses).toEqual({ active: 'I sortiment', phasingOut: 'Utgående', gone: 'Utgången' });
    expect(sv.orderStatuses).toEqual({ registered: 'Registrerad', picking: 'För plock', shipped: 'Utlevererad', delivered: 'Levererad', cancelled: 'Makulerad' });
    expect(sv.orderLineStatuses).toEqual({
      registered: 'Registrerad',
      shipped: 'Utlevererad från central',
      ordered: 'Beställd hos leverantör',
      delivered: 'Levererad, ej kvitterad',
      received: 'Kvitterad',
      cancelled: 'Makulerad',
    });
    expect(sv.purchaseOrderStatuses).toMatchObject({ ordered: 'Beställd', delivered: 'Levererad', received: 'Kvitterad', cancelled: 'Makulerad' });
    expect(sv.goodsReceipt.onlyUnreceived).toBe('Visa endast okvitterade direktleveranser');
    expect(sv.stocktake.outcomes).toEqual({
      found: 'Hittad',
      missing: 'Saknas',
      uncounted: 'Ej räknad',
      arrivedAfter: 'Mottagen efter räkning',
      leftAfter: 'Utlevererad efter räkning',
      wrongPlace: 'Fel plats',
      outOfScope: 'Utanför omfattning',
    });
    expect(sv.stocktake.status.counting).toBe('Pågår');
    expect(sv.stocktake.decision).toMatchObject({ keep: 'Behåll räkningen', recount: 'Räkna om', inAfter: '+{{n}} mottaget efter räkning' });
    expect(sv.stocktake.investigation.title).toBe('Utredningslager (999)');
  });
});
