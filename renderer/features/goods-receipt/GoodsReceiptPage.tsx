import { Alert, Badge, Button, Checkbox, Group, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncomingDelivery } from '../../../shared/api/goods-receipt';
import { useReceipt, useStores } from '../../app/context';
import { useScanHandler } from '../scanner/useScanHandler';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDate } from '../../i18n/format';
import { PendingCentralBadge, PurchaseOrderStatusBadge } from '../order/orderText';
import { openDeliveryByNumber, openFound } from './openDelivery';

/**
 * Godsmottagning: open a delivery by the number on its delivery note ("Märk lev:" order number or
 * purchase order number), or from the list of what is on its way to the store.
 */
export function GoodsReceiptPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const receipt = stores.receipt;
  const query = useReceipt((s) => s.incomingQuery);
  const incoming = useReceipt((s) => s.incoming);
  const error = useReceipt((s) => s.incomingError);
  const findError = useReceipt((s) => s.findError);
  const [number, setNumber] = useState('');
  const [finding, setFinding] = useState(false);

  // A delivery note's number scanned here opens the delivery; other scans go on to the global router.
  useScanHandler(async ({ meaning }) => {
    if (meaning.kind !== 'caseNumber' && !meaning.alternatives.includes('caseNumber') && !/^P[0-9A-Za-z]+-/.test(meaning.text)) return null;
    const opened = await openDeliveryByNumber(stores, meaning.text);
    return opened
      ? { tone: 'ok', message: t('goodsReceipt.scanOpened', { number: meaning.text }) }
      : { tone: 'refused', message: stores.receipt.getState().findError ?? t('goodsReceipt.scanNotFound', { number: meaning.text }) };
  });
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void receipt.getState().loadIncoming();
  }, [receipt]);

  const open = useCallback((row: IncomingDelivery) => openFound(stores, row), [stores]);

  const onFind = async (event: FormEvent) => {
    event.preventDefault();
    if (finding) return;
    setFinding(true);
    await openDeliveryByNumber(stores, number);
    setFinding(false);
  };

  const none = t('common.none');
  const columns = useMemo<Column<IncomingDelivery>[]>(
    () => [
      { key: 'purchaseOrderNo', header: t('goodsReceipt.columns.purchaseOrderNo'), width: '110px', render: (r) => r.purchaseOrderNo ?? none },
      {
        key: 'orderNo',
        header: t('goodsReceipt.columns.orderNo'),
        width: '150px',
        render: (r) => r.orderNo ?? (r.provisionalNo ? `${r.provisionalNo}` : <PendingCentralBadge />),
      },
      { key: 'kind', header: t('goodsReceipt.columns.kind'), width: 'minmax(140px, 2fr)', render: (r) => t(`goodsReceipt.kinds.${r.kind}`) },
      { key: 'supplier', header: t('goodsReceipt.columns.supplier'), width: 'minmax(140px, 2fr)', render: (r) => r.supplierName ?? none },
      { key: 'status', header: t('goodsReceipt.columns.status'), width: '100px', render: (r) => <PurchaseOrderStatusBadge status={r.status} /> },
      { key: 'lines', header: t('goodsReceipt.columns.lines'), width: '50px', align: 'right', render: (r) => r.lines },
      { key: 'deliveredAt', header: t('goodsReceipt.columns.deliveredAt'), width: '95px', render: (r) => (r.deliveredAt ? formatDate(r.deliveredAt) : none) },
      { key: 'user', header: t('goodsReceipt.columns.user'), width: 'minmax(105px, 1.5fr)', render: (r) => r.userName ?? none },
      {
        key: 'draft',
        header: t('goodsReceipt.columns.draft'),
        width: '90px',
        render: (r) =>
          r.draft ? (
            <Badge variant="light" color="#7a4d00" size="sm" radius="sm" tt="none">
              {t('goodsReceipt.started')}
            </Badge>
          ) : (
            ''
          ),
      },
    ],
    [t, none],
  );
  const rows = useMemo(() => incoming ?? [], [incoming]);
  const getRow = useCallback((i: number) => rows[i], [rows]);

  return (
    <div className="page-fill">
      <Title order={1} size="h3">
        {t('goodsReceipt.title')}
      </Title>
      <form onSubmit={(e) => void onFind(e)} role="search" aria-label={t('goodsReceipt.find')}>
        <TextInput
          label={t('goodsReceipt.find')}
          description={t('goodsReceipt.findHelp')}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          error={findError ?? undefined}
          maw={620}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          data-testid="receipt-find"
          inputContainer={(input) => (
            <Group gap="sm" wrap="nowrap">
              <div style={{ flex: 1 }}>{input}</div>
              <Button type="submit" loading={finding}>
                {t('goodsReceipt.open')}
              </Button>
            </Group>
          )}
        />
      </form>
      <Group gap="lg" align="center">
        <Checkbox
          label={t('goodsReceipt.onlyUnreceived')}
          checked={query.onlyUnreceived}
          onChange={(e) => receipt.getState().setIncomingQuery({ onlyUnreceived: e.currentTarget.checked })}
          data-testid="incoming-only-unreceived"
        />
        <Checkbox
          label={t('goodsReceipt.mine')}
          checked={query.mine}
          onChange={(e) => receipt.getState().setIncomingQuery({ mine: e.currentTarget.checked })}
          data-testid="incoming-mine"
        />
        <Text size="sm" fw={600} ml="auto" aria-live="polite" data-testid="incoming-count">
          {incoming === null ? t('common.loading') : t('goodsReceipt.count', { count: incoming.length })}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <div className="grow">
        <VirtualTable
          label={t('goodsReceipt.label')}
          columns={columns}
          rowCount={rows.length}
          getRow={getRow}
          getRowKey={(r) => r.purchaseOrderId ?? `order:${r.orderId}`}
          onOpen={open}
          keyboardHelp={t('goodsReceipt.keyboardHelp')}
          gridRef={gridRef}
          emptyText={incoming === null ? undefined : query.onlyUnreceived ? t('goodsReceipt.empty') : t('goodsReceipt.emptyAll')}
          testId="incoming-list"
        />
      </div>
    </div>
  );
}
