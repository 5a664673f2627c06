import { createStore } from 'zustand/vanilla';

/** Screens without an implementation yet: each shows a "kommer" page (later issues fill them). */
export const COMING_FEATURES = [] as const satisfies readonly string[];
export type ComingFeature = (typeof COMING_FEATURES)[number];

export type StockTab = 'balances' | 'individuals';

/** Lagerpåfyllnad: the order cart, the store's orders, beställningsmallar, min/max levels. */
export const REPLENISHMENT_TABS = ['cart', 'orders', 'templates', 'levels'] as const;
export type ReplenishmentTab = (typeof REPLENISHMENT_TABS)[number];

/** Mottagare: the recipient card's tabs. */
export const RECIPIENT_TABS = ['aids', 'ordered', 'returned', 'consumables', 'activities', 'deviations'] as const;
export type RecipientTab = (typeof RECIPIENT_TABS)[number];

/** A stocktake's screens: counting (the scanner's), lines and differences, wrong place and unknown. */
export const STOCKTAKE_TABS = ['count', 'lines', 'exceptions'] as const;
export type StocktakeTab = (typeof STOCKTAKE_TABS)[number];

export const MY_ORDERS_TABS = ['search', 'report'] as const;
export type MyOrdersTab = (typeof MY_ORDERS_TABS)[number];

/** What a new deviation starts from (its aid or its receipt difference filled in). */
export type DeviationSource = { kind: 'individual' | 'delivery'; id: string } | { kind: 'aid'; recipientId: string; id: string };

export type Route =
  | { page: 'start' }
  | { page: 'stock'; tab: StockTab }
  | { page: 'individuals' }
  | { page: 'individual'; id: string }
  | { page: 'replenishment'; tab: ReplenishmentTab }
  | { page: 'order'; id: string }
  | { page: 'goodsReceipt' }
  | { page: 'receipt'; purchaseOrderId: string }
  /** A delivery from the central store (it arrives confirmed): checked by scanning. */
  | { page: 'centralDelivery'; orderId: string }
  /** Inventering: the store's stocktakes. */
  | { page: 'stocktakes' }
  | { page: 'stocktake'; id: string; tab: StocktakeTab }
  /** Utredningslager (999): individuals missing at a stocktake, to put back or scrap. */
  | { page: 'investigation' }
  /** A new order to a recipient (förskrivning, beställning, their direct kinds); the Mottagare page passes its recipient. */
  | { page: 'newOrder'; recipientId: string | null }
  /** An order to a recipient: its lines, pick list and utleverans. */
  | { page: 'recipientOrder'; id: string }
  | { page: 'sync' }
  | { page: 'scanners' }
  | { page: 'settings' }
  /** Logg: the audit trail (store admins). */
  | { page: 'audit' }
  /** Felsökning: version, database, sync, pending work, the log's errors, support bundle, backups. */
  | { page: 'diagnostics' }
  /** Mottagare: search by personnummer or care-unit code; the recipient card with its tabs. */
  | { page: 'recipients' }
  | { page: 'recipient'; id: string; tab: RecipientTab }
  /** Meddelanden: the person's inbox. */
  | { page: 'messages' }
  /** Artiklar: search over the whole catalogue and ISO browsing; an article's page. */
  | { page: 'articles' }
  | { page: 'article'; articleNo: string }
  /** Mina beställningar: order search, makulering, Rekvirerat per förskrivare. */
  | { page: 'myOrders'; tab: MyOrdersTab }
  /** Varukorg: the loan baskets. */
  | { page: 'loanBasket' }
  /** Hämtorder: search (open ones, or with the closed); a new pick-up from the recipient card. */
  | { page: 'pickupOrders' }
  | { page: 'newPickupOrder'; recipientId: string }
  /** Avvikelser: the list, one deviation, a new one (from an individual or a goods-receipt difference). */
  | { page: 'deviations' }
  | { page: 'deviation'; id: string }
  | { page: 'newDeviation'; from: DeviationSource | null }
  /** Aktiviteter: the store's activities / work orders; one activity; registering one (for a recipient, an aid). */
  | { page: 'activities' }
  | { page: 'activity'; id: string }
  | { page: 'newActivity'; recipientId: string | null; aidCode: string | null }
  /** Rekond / rengöring: returned individuals waiting to be cleaned before they are lent out again. */
  | { page: 'rekond' }
  | { page: 'coming'; feature: ComingFeature };

const COMING_PATHS: Record<ComingFeature, string> = {};

/** The route as a hash path (`#/individuals/I1`): works from app://buffert in Electron and over HTTP. */
export function routeToHash(route: Route): string {
  switch (route.page) {
    case 'start':
      return '#/';
    case 'stock':
      return route.tab === 'balances' ? '#/stock' : '#/stock/individuals';
    case 'individuals':
      return '#/individuals';
    case 'individual':
      return `#/individuals/${encodeURIComponent(route.id)}`;
    case 'replenishment':
      return route.tab === 'cart' ? '#/replenishment' : `#/replenishment/${route.tab}`;
    case 'order':
      return `#/replenishment/orders/${encodeURIComponent(route.id)}`;
    case 'goodsReceipt':
      return '#/goods-receipt';
    case 'receipt':
      return `#/goods-receipt/${encodeURIComponent(route.purchaseOrderId)}`;
    case 'centralDelivery':
      return `#/goods-receipt/central/${encodeURIComponent(route.orderId)}`;
    case 'stocktakes':
      return '#/stocktake';
    case 'stocktake':
      return `#/stocktake/${encodeURIComponent(route.id)}${route.tab === 'count' ? '' : `/${route.tab}`}`;
    case 'investigation':
      return '#/stocktake-investigation';
    case 'newOrder':
      return route.recipientId === null ? '#/orders/new' : `#/orders/new/${encodeURIComponent(route.recipientId)}`;
    case 'recipientOrder':
      return `#/orders/${encodeURIComponent(route.id)}`;
    case 'sync':
      return '#/sync';
    case 'scanners':
      return '#/scanners';
    case 'settings':
      return '#/settings';
    case 'audit':
      return '#/audit';
    case 'diagnostics':
      return '#/diagnostics';
    case 'recipients':
      return '#/recipients';
    case 'recipient':
      return `#/recipients/${encodeURIComponent(route.id)}${route.tab === 'aids' ? '' : `/${route.tab}`}`;
    case 'messages':
      return '#/messages';
    case 'articles':
      return '#/articles';
    case 'article':
      return `#/articles/${encodeURIComponent(route.articleNo)}`;
    case 'loanBasket':
      return '#/loan-basket';
    case 'pickupOrders':
      return '#/pickup-orders';
    case 'newPickupOrder':
      return `#/pickup-orders/new/${encodeURIComponent(route.recipientId)}`;
    case 'deviations':
      return '#/deviations';
    case 'deviation':
      return `#/deviations/${encodeURIComponent(route.id)}`;
    case 'newDeviation':
      if (route.from === null) return '#/deviations/new';
      return route.from.kind === 'aid'
        ? `#/deviations/new/aid/${encodeURIComponent(route.from.recipientId)}/${encodeURIComponent(route.from.id)}`
        : `#/deviations/new/${route.from.kind}/${encodeURIComponent(route.from.id)}`;
    case 'rekond':
      return '#/rekond';
    case 'activities':
      return '#/activities';
    case 'activity':
      return `#/activities/${encodeURIComponent(route.id)}`;
    case 'newActivity':
      return `#/activities/new/${route.recipientId === null ? '-' : encodeURIComponent(route.recipientId)}${route.aidCode === null ? '' : `/${encodeURIComponent(route.aidCode)}`}`;
    case 'myOrders':
      return route.tab === 'search' ? '#/my-orders' : `#/my-orders/${route.tab}`;
    case 'coming':
      return `#/${COMING_PATHS[route.feature]}`;
  }
}

const decoded = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

export function hashToRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p.length > 0);
  const [first, second, third, fourth] = parts;
  if (first === undefined) return { page: 'start' };
  if (first === 'stock') return { page: 'stock', tab: second === 'individuals' ? 'individuals' : 'balances' };
  if (first === 'individuals') {
    const id = second === undefined ? null : decoded(second);
    return id === null ? { page: 'individuals' } : { page: 'individual', id };
  }
  if (first === 'replenishment') {
    if (second === 'orders' && third !== undefined) {
      const id = decoded(third);
      return id === null ? { page: 'replenishment', tab: 'orders' } : { page: 'order', id };
    }
    const tab = REPLENISHMENT_TABS.find((t) => t === second);
    return { page: 'replenishment', tab: tab ?? 'cart' };
  }
  if (first === 'goods-receipt') {
    if (second === 'central') {
      const orderId = third === undefined ? null : decoded(third);
      return orderId === null ? { page: 'goodsReceipt' } : { page: 'centralDelivery', orderId };
    }
    const id = second === undefined ? null : decoded(second);
    return id === null ? { page: 'goodsReceipt' } : { page: 'receipt', purchaseOrderId: id };
  }
  if (first === 'stocktake') {
    const id = second === undefined ? null : decoded(second);
    if (id === null) return { page: 'stocktakes' };
    return { page: 'stocktake', id, tab: STOCKTAKE_TABS.find((t) => t === third) ?? 'count' };
  }
  if (first === 'stocktake-investigation') return { page: 'investigation' };
  if (first === 'orders') {
    if (second === undefined || second === 'new') return { page: 'newOrder', recipientId: third === undefined ? null : decoded(third) };
    const id = decoded(second);
    return id === null ? { page: 'newOrder', recipientId: null } : { page: 'recipientOrder', id };
  }
  if (first === 'sync') return { page: 'sync' };
  if (first === 'scanners') return { page: 'scanners' };
  if (first === 'settings') return { page: 'settings' };
  if (first === 'audit') return { page: 'audit' };
  if (first === 'diagnostics') return { page: 'diagnostics' };
  if (first === 'recipients') {
    const id = second === undefined ? null : decoded(second);
    return id === null ? { page: 'recipients' } : { page: 'recipient', id, tab: RECIPIENT_TABS.find((t) => t === third) ?? 'aids' };
  }
  if (first === 'messages') return { page: 'messages' };
  if (first === 'articles') {
    const articleNo = second === undefined ? null : decoded(second);
    return articleNo === null ? { page: 'articles' } : { page: 'article', articleNo };
  }
  if (first === 'loan-basket') return { page: 'loanBasket' };
  if (first === 'activities') {
    if (second === 'new') {
      const recipientId = third === undefined || third === '-' ? null : decoded(third);
      const fourth = parts[3];
      return { page: 'newActivity', recipientId, aidCode: fourth === undefined ? null : decoded(fourth) };
    }
    const id = second === undefined ? null : decoded(second);
    return id === null ? { page: 'activities' } : { page: 'activity', id };
  }
  if (first === 'pickup-orders') {
    const recipientId = second === 'new' && third !== undefined ? decoded(third) : null;
    return recipientId === null ? { page: 'pickupOrders' } : { page: 'newPickupOrder', recipientId };
  }
  if (first === 'deviations') {
    if (second === 'new') {
      const id = fourth === undefined ? null : decoded(fourth);
      if (third === 'aid') {
        const aidId = parts[4] === undefined ? null : decoded(parts[4]);
        return { page: 'newDeviation', from: id !== null && aidId !== null ? { kind: 'aid', recipientId: id, id: aidId } : null };
      }
      return { page: 'newDeviation', from: (third === 'individual' || third === 'delivery') && id !== null ? { kind: third, id } : null };
    }
    const id = second === undefined ? null : decoded(second);
    return id === null ? { page: 'deviations' } : { page: 'deviation', id };
  }
  if (first === 'rekond') return { page: 'rekond' };
  if (first === 'my-orders') return { page: 'myOrders', tab: MY_ORDERS_TABS.find((t) => t === second) ?? 'search' };
  const feature = COMING_FEATURES.find((f) => COMING_PATHS[f] === first);
  return feature ? { page: 'coming', feature } : { page: 'start' };
}

export interface RouterState {
  route: Route;
  navigate(route: Route, options?: { replace?: boolean }): void;
}

export type RouterStore = ReturnType<typeof createRouterStore>;

/** A tiny hash router: the route lives in a store, the address bar follows it (and Back works). */
export function createRouterStore(win: Window) {
  const store = createStore<RouterState>()((set) => ({
    route: hashToRoute(win.location.hash),
    navigate(route, options) {
      const hash = routeToHash(route);
      if (win.location.hash !== hash) {
        if (options?.replace) win.history.replaceState(null, '', hash);
        else win.history.pushState(null, '', hash);
      }
      set({ route });
    },
  }));
  win.addEventListener('popstate', () => store.setState({ route: hashToRoute(win.location.hash) }));
  win.addEventListener('hashchange', () => store.setState({ route: hashToRoute(win.location.hash) }));
  return store;
}
