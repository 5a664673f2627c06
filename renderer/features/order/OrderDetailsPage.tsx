import { Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrder, useStores } from '../../app/context';
import { formatDate, formatDateTime, formatKronor } from '../../i18n/format';
import { AttachmentPanel } from '../attachment/AttachmentPanel';
import { OrderStatusBadge, PendingCentralBadge } from './orderText';
import { BackLink, PageError } from '../../components/DetailPage';

/** An order of the store: its numbers, status, and lines with route (Central/Inköp) and line status. */
export function OrderDetailsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const details = useOrder((s) => (s.details?.id === id ? s.details : null));
  const error = useOrder((s) => (s.detailsId === id ? s.detailsError : null));
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void stores.order.getState().loadDetails(id);
  }, [stores, id]);
  const shown = details?.id;
  useEffect(() => {
    if (shown !== undefined) headingRef.current?.focus();
  }, [shown]);

  const back = <BackLink to={{ page: 'replenishment', tab: 'orders' }}>{t('order.details.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.code === 'not-found' ? t('order.details.notFound') : error.message} />
    );
  }
  if (!details) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  }
  const none = t('common.none');
  return (
    <div data-testid="order-details">
      {back}
      <Group gap="md" mt="xs" mb="md" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} data-testid="order-title">
          {t('order.details.title', { kind: t(`orderKinds.${details.kind}`), no: details.orderNo ?? details.provisionalNo ?? '' })}
        </Title>
        <OrderStatusBadge status={details.status} />
        {details.pendingCentral ? <PendingCentralBadge /> : null}
      </Group>
      {details.pendingCentral ? (
        <Text size="sm" mb="sm">
          {t('order.details.pendingText')}
        </Text>
      ) : null}
      <Paper withBorder p="md" mb="md" component="section" aria-labelledby="order-facts" maw={760}>
        <Title order={2} size="h4" id="order-facts" mb="xs">
          {t('order.details.facts')}
        </Title>
        <dl className="facts" data-testid="order-facts-list">
          <dt>{t('order.details.orderNo')}</dt>
          <dd>{details.orderNo ?? t('order.pendingCentral')}</dd>
          <dt>{t('order.details.provisionalNo')}</dt>
          <dd>{details.provisionalNo ?? none}</dd>
          <dt>{t('order.details.kind')}</dt>
          <dd>{t(`orderKinds.${details.kind}`)}</dd>
          <dt>{t('order.details.status')}</dt>
          <dd>{t(`orderStatuses.${details.status}`)}</dd>
          <dt>{t('order.details.supplier')}</dt>
          <dd>{details.supplierName ?? none}</dd>
          <dt>{t('order.details.fromStore')}</dt>
          <dd>{details.fromStoreId}</dd>
          <dt>{t('order.details.createdAt')}</dt>
          <dd>{t('order.details.createdBy', { at: formatDateTime(details.createdAt), user: details.userName ?? none })}</dd>
          <dt>{t('order.details.deliveryDate')}</dt>
          <dd>{details.deliveryDate ? formatDate(details.deliveryDate) : none}</dd>
          <dt>{t('order.details.shippedAt')}</dt>
          <dd>{details.shippedAt ? formatDateTime(details.shippedAt) : none}</dd>
          <dt>{t('order.details.purchaseOrders')}</dt>
          <dd>{details.purchaseOrderNos.length > 0 ? details.purchaseOrderNos.join(', ') : none}</dd>
        </dl>
      </Paper>
      <AttachmentPanel ownerKind="order" ownerId={details.id} />
      <Paper withBorder p="md" component="section" aria-labelledby="order-lines">
        <Title order={2} size="h4" id="order-lines" mb="xs">
          {t('order.details.lines')}
        </Title>
        <Table striped verticalSpacing={4} data-testid="order-lines-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="num" w={50}>{t('order.details.columns.lineNo')}</Table.Th>
              <Table.Th w={80}>{t('order.details.columns.articleNo')}</Table.Th>
              <Table.Th>{t('order.details.columns.name')}</Table.Th>
              <Table.Th className="num">{t('order.details.columns.quantity')}</Table.Th>
              <Table.Th>{t('order.details.columns.route')}</Table.Th>
              <Table.Th>{t('order.details.columns.status')}</Table.Th>
              <Table.Th>{t('order.details.columns.purchaseOrder')}</Table.Th>
              <Table.Th className="num">{t('order.details.columns.price')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {details.orderLines.map((l) => (
              <Table.Tr key={l.lineNo}>
                <Table.Td className="num">{l.lineNo}</Table.Td>
                <Table.Td>{l.articleNo}</Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td className="num">{l.quantity}</Table.Td>
                <Table.Td>{l.route ? t(`orderLineRoutes.${l.route}`) : none}</Table.Td>
                <Table.Td>{t(`orderLineStatuses.${l.status}`)}</Table.Td>
                <Table.Td>{l.purchaseOrderNo ?? none}</Table.Td>
                <Table.Td className="num">{formatKronor(l.priceOre)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </div>
  );
}
