import { describe, expect, it } from 'vitest';
import { COMING_FEATURES, hashToRoute, routeToHash, type Route } from './router';

describe('hash router', () => {
  const routes: Route[] = [
    { page: 'start' },
    { page: 'stock', tab: 'balances' },
    { page: 'stock', tab: 'individuals' },
    { page: 'individuals' },
    { page: 'individual', id: 'I1' },
    { page: 'individual', id: 'a b/ö' },
    { page: 'replenishment', tab: 'cart' },
    { page: 'replenishment', tab: 'orders' },
    { page: 'replenishment', tab: 'templates' },
    { page: 'replenishment', tab: 'levels' },
    { page: 'order', id: '07dff200-b384-4e6e-a9fa-1d35529875ef' },
    { page: 'goodsReceipt' },
    { page: 'receipt', purchaseOrderId: 'po-1' },
    { page: 'centralDelivery', orderId: 'order-c' },
    { page: 'centralDelivery', orderId: 'a b/ö' },
    { page: 'stocktakes' },
    { page: 'stocktake', id: '07dff200-b384-4e6e-a9fa-1d35529875ef', tab: 'count' },
    { page: 'stocktake', id: 's1', tab: 'lines' },
    { page: 'stocktake', id: 'a b/ö', tab: 'exceptions' },
    { page: 'investigation' },
    { page: 'sync' },
    { page: 'scanners' },
    { page: 'recipients' },
    { page: 'recipient', id: 'R2', tab: 'aids' },
    { page: 'recipient', id: 'a b/ö', tab: 'returned' },
    { page: 'recipient', id: 'R2', tab: 'ordered' },
    { page: 'recipient', id: 'R2', tab: 'consumables' },
    { page: 'newOrder', recipientId: 'R2' },
    { page: 'articles' },
    { page: 'article', articleNo: '10045' },
    { page: 'article', articleNo: 'a b/ö' },
    { page: 'deviations' },
    { page: 'deviation', id: '07dff200-b384-4e6e-a9fa-1d35529875ef' },
    { page: 'newDeviation', from: null },
    { page: 'newDeviation', from: { kind: 'individual', id: 'a b/ö' } },
    { page: 'newDeviation', from: { kind: 'delivery', id: 'd1' } },
    { page: 'newDeviation', from: { kind: 'aid', recipientId: 'a b/ö', id: 'aid-1' } },
    { page: 'recipient', id: 'R2', tab: 'deviations' },
    { page: 'rekond' },
    { page: 'recipient', id: 'R2', tab: 'activities' },
    { page: 'activities' },
    { page: 'activity', id: '0b7e6c1e-2a41-4d0e-9c55-0f7f0f6f3d11' },
    { page: 'newActivity', recipientId: null, aidCode: null },
    { page: 'newActivity', recipientId: 'R2', aidCode: '10045-0007' },
    { page: 'newActivity', recipientId: null, aidCode: 'a b/ö' },
    ...COMING_FEATURES.map((feature) => ({ page: 'coming' as const, feature })),
  ];

  it('every route survives a round trip through the address bar', () => {
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(route);
  });

  it('an unknown or empty address opens the start page', () => {
    expect(hashToRoute('')).toEqual({ page: 'start' });
    expect(hashToRoute('#/finns-inte')).toEqual({ page: 'start' });
    expect(hashToRoute('#/individuals/%E0%A4%A')).toEqual({ page: 'individuals' });
    expect(hashToRoute('#/replenishment/finns-inte')).toEqual({ page: 'replenishment', tab: 'cart' });
    expect(hashToRoute('#/replenishment/orders/%E0%A4%A')).toEqual({ page: 'replenishment', tab: 'orders' });
    expect(hashToRoute('#/goods-receipt/%E0%A4%A')).toEqual({ page: 'goodsReceipt' });
    expect(hashToRoute('#/goods-receipt/central')).toEqual({ page: 'goodsReceipt' });
    expect(hashToRoute('#/goods-receipt/central/%E0%A4%A')).toEqual({ page: 'goodsReceipt' });
    expect(hashToRoute('#/stocktake/%E0%A4%A')).toEqual({ page: 'stocktakes' });
    expect(hashToRoute('#/stocktake/s1/finns-inte')).toEqual({ page: 'stocktake', id: 's1', tab: 'count' });
  });
});
