import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Transport } from '../../shared/api/transport';
import { createArticleStore, type ArticleState, type ArticleStore } from '../features/article/articleStore';
import { createCentralCheckStore, type CentralCheckState, type CentralCheckStore } from '../features/goods-receipt/centralCheckStore';
import { createReceiptStore, type ReceiptState, type ReceiptStore } from '../features/goods-receipt/receiptStore';
import { createIndividualStore, type IndividualState, type IndividualStore } from '../features/individual/individualStore';
import { createGlobalScanHandler } from '../features/scanner/globalScanHandler';
import { createScannerStore, wedgeOptionsOf, wedgeScanEvent, type ScannerState, type ScannerStore } from '../features/scanner/scannerStore';
import { createScanSounds } from '../features/scanner/sounds';
import { installWedgeListener } from '../features/scanner/wedgeListener';
import { createLevelStore, type LevelState, type LevelStore } from '../features/order/levelStore';
import { createIssueStore, createNewOrderStore, type IssueState, type IssueStore, type NewOrderState, type NewOrderStore } from '../features/order/newOrderStore';
import { createOrderStore, type OrderState, type OrderStore } from '../features/order/orderStore';
import { createRecipientStore, type RecipientState, type RecipientStore } from '../features/recipient/recipientStore';
import { createSessionStore, type SessionState, type SessionStore } from '../features/session/sessionStore';
import { createStockStore, type StockState, type StockStore } from '../features/stock/stockStore';
import { createStocktakeStore, type StocktakeState, type StocktakeStore } from '../features/stocktake/stocktakeStore';
import { createSyncStore, type SyncPageState, type SyncStore } from '../features/sync/syncStore';
import { createRouterStore, type RouterState, type RouterStore } from './router';

export interface AppStores {
  transport: Transport;
  router: RouterStore;
  session: SessionStore;
  stock: StockStore;
  individual: IndividualStore;
  order: OrderStore;
  newOrder: NewOrderStore;
  issue: IssueStore;
  level: LevelStore;
  receipt: ReceiptStore;
  centralCheck: CentralCheckStore;
  stocktake: StocktakeStore;
  sync: SyncStore;
  scanner: ScannerStore;
  recipient: RecipientStore;
  articles: ArticleStore;
}

/** All stores of one window, built around the transport chosen at start-up. */
export function createAppStores(transport: Transport, win: Window): AppStores {
  const session = createSessionStore(transport);
  const onError = session.getState().noteError;
  const router = createRouterStore(win);
  const stock = createStockStore(transport, onError);
  const recipient = createRecipientStore(transport, onError);
  const scanner = createScannerStore({
    transport,
    sounds: createScanSounds(win),
    onError,
    fallback: createGlobalScanHandler({
      transport,
      isLoggedIn: () => session.getState().phase === 'loggedIn',
      navigate: (route) => router.getState().navigate(route),
      showArticle: (articleNo) => stock.getState().showArticle(articleNo),
      findRecipient: async (personalNumber) => {
        const id = await recipient.getState().search(personalNumber);
        if (id !== null) router.getState().navigate({ page: 'recipient', id, tab: 'aids' });
        else router.getState().navigate({ page: 'recipients' });
        return id !== null ? { ok: true } : { ok: false, message: recipient.getState().message ?? recipient.getState().notFound?.message ?? '' };
      },
    }),
  });
  const stores: AppStores = {
    transport,
    router,
    session,
    stock,
    individual: createIndividualStore(transport, onError),
    order: createOrderStore(transport, onError),
    newOrder: createNewOrderStore(transport, onError),
    issue: createIssueStore(transport, onError),
    level: createLevelStore(transport, onError),
    receipt: createReceiptStore(transport, onError),
    centralCheck: createCentralCheckStore(transport, onError),
    stocktake: createStocktakeStore(transport, onError),
    sync: createSyncStore(transport, onError),
    scanner,
    recipient,
    articles: createArticleStore(transport, onError),
  };
  // The keyboard wedge listens on every screen, from the first one on.
  const wedge = installWedgeListener(win, (scan) => {
    const event = wedgeScanEvent(scan, scanner.getState());
    if (event) void scanner.getState().submit(event);
  });
  scanner.subscribe((state, previous) => {
    if (state.settings !== previous.settings) wedge.configure(wedgeOptionsOf(state.settings));
  });
  // "Sparat" belongs to the write just made: leaving the individual's page forgets it.
  stores.router.subscribe(({ route }) => {
    const notice = stores.individual.getState().notice;
    if (notice && !(route.page === 'individual' && route.id === notice.individualId)) stores.individual.getState().setNotice(null);
  });
  // What one person searched for or filtered is not shown to the next one at this workstation.
  session.subscribe((state, previous) => {
    // Logging out, or another person unlocking (the phase passes through loggedOut).
    if (previous.phase === 'loggedIn' && state.phase !== 'loggedIn') {
      stores.stock.setState(stores.stock.getInitialState(), true);
      stores.individual.setState(stores.individual.getInitialState(), true);
      stores.order.setState(stores.order.getInitialState(), true);
      stores.newOrder.setState(stores.newOrder.getInitialState(), true);
      stores.issue.setState(stores.issue.getInitialState(), true);
      stores.level.setState(stores.level.getInitialState(), true);
      stores.receipt.setState(stores.receipt.getInitialState(), true);
      stores.centralCheck.setState(stores.centralCheck.getInitialState(), true);
      stores.stocktake.setState(stores.stocktake.getInitialState(), true);
      stores.sync.setState(stores.sync.getInitialState(), true);
      stores.recipient.setState(stores.recipient.getInitialState(), true);
      stores.articles.setState(stores.articles.getInitialState(), true);
      stores.scanner.getState().reset();
      stores.router.getState().navigate({ page: 'start' }, { replace: true });
    }
    // The status bar shows the sync state from the first screen on.
    if (previous.phase !== 'loggedIn' && state.phase === 'loggedIn') {
      void stores.sync.getState().loadStatus();
      void stores.scanner.getState().load();
    }
  });
  return stores;
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresProvider is missing');
  return stores;
}

function useSlice<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  return useStore(store, selector);
}

export const useSession = <T,>(selector: (s: SessionState) => T): T => useSlice(useStores().session, selector);
export const useStock = <T,>(selector: (s: StockState) => T): T => useSlice(useStores().stock, selector);
export const useIndividual = <T,>(selector: (s: IndividualState) => T): T => useSlice(useStores().individual, selector);
export const useOrder = <T,>(selector: (s: OrderState) => T): T => useSlice(useStores().order, selector);
export const useNewOrder = <T,>(selector: (s: NewOrderState) => T): T => useSlice(useStores().newOrder, selector);
export const useIssue = <T,>(selector: (s: IssueState) => T): T => useSlice(useStores().issue, selector);
export const useLevel = <T,>(selector: (s: LevelState) => T): T => useSlice(useStores().level, selector);
export const useReceipt = <T,>(selector: (s: ReceiptState) => T): T => useSlice(useStores().receipt, selector);
export const useCentralCheck = <T,>(selector: (s: CentralCheckState) => T): T => useSlice(useStores().centralCheck, selector);
export const useStocktake = <T,>(selector: (s: StocktakeState) => T): T => useSlice(useStores().stocktake, selector);
export const useSync = <T,>(selector: (s: SyncPageState) => T): T => useSlice(useStores().sync, selector);
export const useScanner = <T,>(selector: (s: ScannerState) => T): T => useSlice(useStores().scanner, selector);
export const useRecipient = <T,>(selector: (s: RecipientState) => T): T => useSlice(useStores().recipient, selector);
export const useRouter = <T,>(selector: (s: RouterState) => T): T => useSlice(useStores().router, selector);
export const useArticles = <T,>(selector: (s: ArticleState) => T): T => useSlice(useStores().articles, selector);
