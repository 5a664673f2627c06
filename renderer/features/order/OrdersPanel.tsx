import { Alert, Group, Input, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../shared/api/order';
import { useOrder, useStores } from '../../app/context';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDate } from '../../i18n/format';
import { OrderStatusBadge, PendingCentralBadge } from './orderText';

/** Order: the store's replenishments and stock transfers, searchable by every number they have. */
export function OrdersPanel() {
  const { t } = useTranslation();
  const stores = useStores();
  const order = stores.order;
  const query = useOrder((s) => s.ordersQuery);
  const orders = useOrder((s) => s.orders);
  const error = useOrder((s) => s.ordersError);
  const [text, setText] = useState(query.text);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void order.getState().loadOrders();
  }, [order]);

  const none = t('common.none');
  const columns = useMemo<Column<OrderSummary>[]>(
    () => [
      { key: 'orderNo', header: t('order.list.columns.orderNo'), width: '130px', render: (r) => r.orderNo ?? <PendingCentralBadge /> },
      { key: 'provisionalNo', header: t('order.list.columns.provisionalNo'), width: '160px', render: (r) => r.provisionalNo ?? none },
      { key: 'kind', header: t('order.list.columns.kind'), width: '110px', render: (r) => t(`orderKinds.${r.kind}`) },
      { key: 'supplier', header: t('order.list.columns.supplier'), width: 'minmax(140px, 2fr)', render: (r) => r.supplierName ?? none },
      { key: 'status', header: t('order.list.columns.status'), width: '100px', render: (r) => <OrderStatusBadge status={r.status} /> },
      { key: 'lines', header: t('order.list.columns.lines'), width: '50px', align: 'right', render: (r) => r.lines },
      {
        key: 'purchaseOrders',
        header: t('order.list.columns.purchaseOrders'),
        width: 'minmax(105px, 1.5fr)',
        render: (r) => (r.purchaseOrderNos.length > 0 ? r.purchaseOrderNos.join(', ') : none),
      },
      { key: 'createdAt', header: t('order.list.columns.createdAt'), width: '95px', render: (r) => formatDate(r.createdAt) },
      { key: 'user', header: t('order.list.columns.user'), width: 'minmax(105px, 1.5fr)', render: (r) => r.userName ?? none },
    ],
    [t, none],
  );
  const rows = useMemo(() => orders ?? [], [orders]);
  const getRow = useCallback((i: number) => rows[i], [rows]);
  const open = useCallback((row: OrderSummary) => stores.router.getState().navigate({ page: 'order', id: row.id }), [stores]);

  const emptyText = orders === null ? undefined : query.text.trim() !== '' ? t('order.list.noMatches') : t('order.list.empty');
  return (
    <>
      <Group gap="md" align="flex-start" wrap="nowrap" mb="xs">
        <TextInput
          label={t('order.list.search')}
          description={t('order.list.searchHelp')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') order.getState().setOrdersQuery({ text });
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          onBlur={() => {
            if (text !== query.text) order.getState().setOrdersQuery({ text });
          }}
          w={380}
          autoComplete="off"
          spellCheck={false}
          data-testid="orders-search"
        />
        <div>
          <Input.Label id="orders-show-label" labelElement="div" size="sm" display="block">
            {t('order.list.show')}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="orders-show-label"
            value={query.show}
            onChange={(value) => order.getState().setOrdersQuery({ show: value === 'all' ? 'all' : 'open' })}
            data={(['open', 'all'] as const).map((v) => ({ value: v, label: t(`order.list.shows.${v}`) }))}
            size="xs"
            mt={4}
          />
        </div>
        <Text size="sm" fw={600} mt={30} ml="auto" aria-live="polite" data-testid="orders-count">
          {orders === null ? t('common.loading') : t('order.list.count', { count: orders.length })}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <VirtualTable
        label={t('order.list.label')}
        columns={columns}
        rowCount={rows.length}
        getRow={getRow}
        getRowKey={(r) => r.id}
        onOpen={open}
        gridRef={gridRef}
        emptyText={emptyText}
        testId="orders-list"
      />
    </>
  );
}
