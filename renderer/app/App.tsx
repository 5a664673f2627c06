import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditPage } from '../features/audit/AuditPage';
import { ActivitiesPage } from '../features/activity/ActivitiesPage';
import { ActivityPage } from '../features/activity/ActivityPage';
import { NewActivityPage } from '../features/activity/NewActivityPage';
import { ComingPage } from '../features/coming/ComingPage';
import { DiagnosticsPage } from '../features/diagnostics/DiagnosticsPage';
import { CentralDeliveryPage } from '../features/goods-receipt/CentralDeliveryPage';
import { GoodsReceiptPage } from '../features/goods-receipt/GoodsReceiptPage';
import { ReceiptPage } from '../features/goods-receipt/ReceiptPage';
import { MessagesPage } from '../features/message/MessagesPage';
import { MyOrdersPage } from '../features/customer-order/MyOrdersPage';
import { LoanBasketPage } from '../features/loan-basket/LoanBasketPage';
import { DeviationPage, DeviationsPage, NewDeviationPage } from '../features/deviation/DeviationsPage';
import { NewPickupOrderPage } from '../features/pickup-order/NewPickupOrderPage';
import { PickupOrdersPage } from '../features/pickup-order/PickupOrdersPage';
import { IndividualDetailsPage } from '../features/individual/IndividualDetailsPage';
import { IndividualSearchPage } from '../features/individual/IndividualSearchPage';
import { NewOrderPage } from '../features/order/NewOrderPage';
import { OrderDetailsPage } from '../features/order/OrderDetailsPage';
import { RecipientOrderPage } from '../features/order/RecipientOrderPage';
import { ReplenishmentPage } from '../features/order/ReplenishmentPage';
import { ArticleDetailsPage } from '../features/article/ArticleDetailsPage';
import { ArticleSearchPage } from '../features/article/ArticleSearchPage';
import { RecipientPage } from '../features/recipient/RecipientPage';
import { RekondPage } from '../features/return/RekondPage';
import { RecipientSearchPage } from '../features/recipient/RecipientSearchPage';
import { LockScreen, useInactivityLock } from '../features/session/LockScreen';
import { ChooseOfflinePin, LoginPage } from '../features/session/LoginPage';
import { StartupErrorPage } from '../features/session/StartupErrorPage';
import { Shell } from '../features/shell/Shell';
import { ScannerPage } from '../features/scanner/ScannerPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useTextSize } from '../features/settings/textSize';
import { PrintPreviewDialog } from '../features/print/PrintPreviewDialog';
import { StartPage } from '../features/start/StartPage';
import { StockPage } from '../features/stock/StockPage';
import { InvestigationPage } from '../features/stocktake/InvestigationPage';
import { StocktakeListPage } from '../features/stocktake/StocktakeListPage';
import { StocktakePage } from '../features/stocktake/StocktakePage';
import { SyncPage } from '../features/sync/SyncPage';
import { useRouter, useSession, useStores } from './context';
import type { Route } from './router';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'start':
      return <StartPage />;
    case 'stock':
      return <StockPage tab={route.tab} />;
    case 'individuals':
      return <IndividualSearchPage />;
    case 'individual':
      return <IndividualDetailsPage id={route.id} />;
    case 'replenishment':
      return <ReplenishmentPage tab={route.tab} />;
    case 'order':
      return <OrderDetailsPage id={route.id} />;
    case 'goodsReceipt':
      return <GoodsReceiptPage />;
    case 'receipt':
      return <ReceiptPage purchaseOrderId={route.purchaseOrderId} />;
    case 'centralDelivery':
      return <CentralDeliveryPage orderId={route.orderId} />;
    case 'stocktakes':
      return <StocktakeListPage />;
    case 'stocktake':
      return <StocktakePage id={route.id} tab={route.tab} />;
    case 'investigation':
      return <InvestigationPage />;
    case 'newOrder':
      return <NewOrderPage recipientId={route.recipientId} />;
    case 'recipientOrder':
      return <RecipientOrderPage id={route.id} />;
    case 'sync':
      return <SyncPage />;
    case 'scanners':
      return <ScannerPage />;
    case 'settings':
      return <SettingsPage />;
    case 'audit':
      return <AuditPage />;
    case 'diagnostics':
      return <DiagnosticsPage />;
    case 'recipients':
      return <RecipientSearchPage />;
    case 'recipient':
      return <RecipientPage id={route.id} tab={route.tab} />;
    case 'articles':
      return <ArticleSearchPage />;
    case 'article':
      return <ArticleDetailsPage articleNo={route.articleNo} />;
    case 'messages':
      return <MessagesPage />;
    case 'loanBasket':
      return <LoanBasketPage />;
    case 'deviations':
      return <DeviationsPage />;
    case 'deviation':
      return <DeviationPage id={route.id} />;
    case 'newDeviation':
      return <NewDeviationPage from={route.from} />;
    case 'pickupOrders':
      return <PickupOrdersPage />;
    case 'newPickupOrder':
      return <NewPickupOrderPage recipientId={route.recipientId} />;
    case 'myOrders':
      return <MyOrdersPage tab={route.tab} />;
    case 'activities':
      return <ActivitiesPage />;
    case 'activity':
      return <ActivityPage id={route.id} />;
    case 'newActivity':
      return <NewActivityPage key={`${route.recipientId ?? '-'}/${route.aidCode ?? '-'}`} recipientId={route.recipientId} aidCode={route.aidCode} />;
    case 'rekond':
      return <RekondPage />;
    case 'coming':
      return <ComingPage feature={route.feature} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const stores = useStores();
  const phase = useSession((s) => s.phase);
  const locked = useSession((s) => s.locked);
  const pending = useSession((s) => s.pending);
  const lockAfter = useSession((s) => s.status?.lockAfterMinutes ?? 0);
  const route = useRouter((s) => s.route);

  useEffect(() => {
    void stores.session.getState().start();
  }, [stores]);
  useTextSize();
  useInactivityLock(lockAfter, phase === 'loggedIn' && !locked, () => void stores.session.getState().lock('inactivity'));

  switch (phase) {
    case 'loading':
      return (
        <Center h="100vh" component="main" aria-busy="true">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      );
    case 'startupError':
    case 'unreachable':
      return <StartupErrorPage />;
    case 'loggedOut':
      return <LoginPage />;
    case 'loggedIn':
      // Locked: the page stays mounted under the lock (a half-typed form survives) but is not shown.
      return (
        <>
          {locked ? <LockScreen /> : pending?.kind === 'choosePin' ? <ChooseOfflinePin /> : null}
          <div hidden={locked || pending?.kind === 'choosePin'} style={{ display: locked || pending?.kind === 'choosePin' ? 'none' : undefined }}>
            <Shell>
              <Page route={route} />
            </Shell>
            <PrintPreviewDialog />
          </div>
        </>
      );
  }
}
