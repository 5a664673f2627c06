import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { WaitingOrder } from '../../../shared/api/recipient-order';
import { useTranslation } from 'react-i18next';
import { useSession, useStores } from '../../app/context';
import { formatDateTime } from '../../i18n/format';
import { LoanBasketNotice } from '../loan-basket/LoanBasketPage';
import { loadWaiting } from '../order/newOrderStore';

/** Who is logged in, the store, the sync state and the user's messages (from `app.status`). */
export function StartPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const status = useSession((s) => s.status);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    void stores.session.getState().refreshStatus();
  }, [stores]);

  if (!status) return null;
  const { user, store } = status;
  const go = stores.router.getState().navigate;

  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1} data-testid="start-title">
        {user ? t('start.welcome', { name: user.name }) : t('start.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="start-user">
          <Title order={2} size="h4" id="start-user" mb="xs">
            {t('start.userSection')}
          </Title>
          <dl className="facts" data-testid="start-user">
            <dt>{t('status.user')}</dt>
            <dd>{user?.name ?? t('common.none')}</dd>
            <dt>{t('start.hsaId')}</dt>
            <dd>{user?.hsaId ?? t('common.none')}</dd>
            <dt>{t('start.roles')}</dt>
            <dd>{user ? user.roles.map((r) => t(`roles.${r}`)).join(', ') : t('common.none')}</dd>
          </dl>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="start-store">
          <Title order={2} size="h4" id="start-store" mb="xs">
            {t('start.storeSection')}
          </Title>
          <dl className="facts" data-testid="start-store">
            <dt>{t('start.storeNo')}</dt>
            <dd>{store.id}</dd>
            <dt>{t('start.storeName')}</dt>
            <dd>{store.name}</dd>
            <dt>{t('start.storeKind')}</dt>
            <dd>{t(`storeKinds.${store.kind}`)}</dd>
          </dl>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="start-sync">
          <Title order={2} size="h4" id="start-sync" mb="xs">
            {t('start.sync')}
          </Title>
          <dl className="facts">
            <dt>{t('start.centralServer')}</dt>
            <dd>{status.centralUrl ?? t('status.noCentral')}</dd>
            {status.centralUrl !== null ? (
              <>
                <dt>{t('status.label')}</dt>
                <dd>{status.online ? t('status.online') : t('status.offline')}</dd>
              </>
            ) : null}
            <dt>{t('nav.sync')}</dt>
            <dd>
              {status.pendingChanges === 0 ? t('status.noPending') : t('status.pending', { count: status.pendingChanges })}
            </dd>
            <dt>{t('start.version')}</dt>
            <dd>{status.appVersion}</dd>
          </dl>
        </Paper>
      </SimpleGrid>
      <LoanBasketNotice />
      <Paper withBorder p="md" component="section" aria-labelledby="start-messages">
        <Title order={2} size="h4" id="start-messages" mb="xs">
          {t('start.messages')}
        </Title>
        {status.messages.length === 0 ? (
          <Text size="sm">{t('start.noMessages')}</Text>
        ) : (
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="start-messages">
            {status.messages.map((m) => (
              <li key={m.id}>
                <Text size="sm">
                  <Text span ff="monospace" size="sm" c="gray.7" mr="sm">
                    {formatDateTime(m.at)}
                  </Text>
                  {m.text}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Paper>
      <WaitingOrders />
      <Group gap="sm" component="section" aria-label={t('start.goTo')}>
        <Button variant="light" onClick={() => go({ page: 'stock', tab: 'balances' })}>
          {t('nav.stock')}
        </Button>
        <Button variant="light" onClick={() => go({ page: 'individuals' })}>
          {t('nav.individuals')}
        </Button>
        <Button variant="light" onClick={() => go({ page: 'newOrder', recipientId: null })}>
          {t('recipientOrder.newOrder')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Direct orders from the own store that wait for their utleverans (the stock is only reserved until then). */
function WaitingOrders() {
  const { t } = useTranslation();
  const stores = useStores();
  const [orders, setOrders] = useState<WaitingOrder[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadWaiting(stores.transport).then((w) => {
      if (live) setOrders(w);
    });
    return () => {
      live = false;
    };
  }, [stores]);
  if (orders === null) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="start-waiting">
      <Title order={2} size="h4" id="start-waiting" mb={4}>
        {t('recipientOrder.waitingTitle')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('recipientOrder.waitingHelp')}
      </Text>
      {orders.length === 0 ? (
        <Text size="sm">{t('recipientOrder.waitingNone')}</Text>
      ) : (
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="start-waiting">
          {orders.map((o) => (
            <li key={o.orderId}>
              <Anchor
                href={`#/orders/${encodeURIComponent(o.orderId)}`}
                size="sm"
                onClick={(e) => {
                  e.preventDefault();
                  stores.router.getState().navigate({ page: 'recipientOrder', id: o.orderId });
                }}
              >
                {t(`orderKinds.${o.kind}`)} {o.orderNo ?? o.provisionalNo}
              </Anchor>
              <Text span size="sm">
                {' '}
                · {o.recipientName} · {t('recipientOrder.lineCount', { count: o.lines })} · {formatDateTime(o.createdAt)}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
