import { Alert, Anchor, Button, Checkbox, Group, Modal, NativeSelect, Paper, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderSearchQuery, OrderSearchResult, OrderSearchRow, PrescriberReport } from '../../../shared/api/customer-order';
import { ORDER_STATUSES, type OrderStatus } from '../../../shared/domain/model';
import { useStores } from '../../app/context';
import { routeToHash, type MyOrdersTab } from '../../app/router';
import { openPrintPreview } from '../print/printPreview';
import { formatDate, formatDateTime, formatKronor } from '../../i18n/format';

interface Filters {
  number: string;
  from: string;
  to: string;
  servicePointId: string;
  status: string;
  who: string;
  includeStoreOrders: boolean;
}
const NO_FILTERS: Filters = { number: '', from: '', to: '', servicePointId: '', status: '', who: 'me', includeStoreOrders: false };

function queryOf(f: Filters): OrderSearchQuery {
  const q: OrderSearchQuery = { number: f.number.trim(), includeStoreOrders: f.includeStoreOrders };
  if (f.from.trim()) q.from = f.from.trim();
  if (f.to.trim()) q.to = f.to.trim();
  if (f.servicePointId) q.servicePointId = f.servicePointId;
  if (f.status) q.status = f.status as OrderStatus;
  if (f.who === 'me' || f.who === 'all') q.who = f.who;
  else {
    q.who = 'user';
    q.userId = f.who;
  }
  return q;
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
const monthStart = () => `${today().slice(0, 8)}01`;

/**
 * Mina beställningar (manual 000 §7.2–7.3, 001 "Dina uppgifter"): the person's orders, or a
 * colleague's, found by number (whole, YY or YYWW), period, service point and status; an order
 * still Registrerad can be cancelled (makulera) here. Tab two: Rekvirerat per förskrivare.
 */
export function MyOrdersPage({ tab }: { tab: MyOrdersTab }) {
  const { t } = useTranslation();
  const stores = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <Stack gap="md" maw={1200}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('myOrders.title')}
      </Title>
      <Tabs value={tab} onChange={(v) => stores.router.getState().navigate({ page: 'myOrders', tab: v === 'report' ? 'report' : 'search' })}>
        <Tabs.List>
          <Tabs.Tab value="search" data-testid="my-orders-tab-search">
            {t('myOrders.tabSearch')}
          </Tabs.Tab>
          <Tabs.Tab value="report" data-testid="my-orders-tab-report">
            {t('myOrders.tabReport')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'search' ? <OrderSearch /> : <PrescriberReportPanel />}
    </Stack>
  );
}

function OrderSearch() {
  const { t } = useTranslation();
  const stores = useStores();
  const { transport } = stores;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [result, setResult] = useState<OrderSearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ row: OrderSearchRow; reason: string | null; cancellable: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (f: Filters) => {
      const r = await transport.invoke('customerOrder.search', queryOf(f));
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setError(null);
      setResult(r.value);
    },
    [transport],
  );
  useEffect(() => {
    void load(NO_FILTERS);
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    void load(filters);
  };
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const shown = (r: OrderSearchRow) => r.orderNo ?? r.provisionalNo ?? r.id;

  const askCancel = async (row: OrderSearchRow) => {
    const check = await transport.invoke('customerOrder.cancelCheck', { orderId: row.id });
    if (!check.ok) {
      setError(check.error.message);
      return;
    }
    setConfirm({ row, ...check.value });
  };
  const doCancel = async () => {
    if (!confirm) return;
    setBusy(true);
    const r = await transport.invoke('customerOrder.cancel', { orderId: confirm.row.id });
    setBusy(false);
    const no = shown(confirm.row);
    setConfirm(null);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setNotice(t('myOrders.cancelled', { no }));
    await load(filters);
  };
  // An order to a recipient opens its own page (status, utleverans); a store's replenishment the order page.
  const orderRoute = (r: OrderSearchRow) => (r.recipientKind ? { page: 'recipientOrder' as const, id: r.id } : { page: 'order' as const, id: r.id });
  const toOrder = (e: MouseEvent, r: OrderSearchRow) => {
    e.preventDefault();
    stores.router.getState().navigate(orderRoute(r));
  };

  return (
    <Stack gap="sm">
      <Text c="dimmed" size="sm">
        {t('myOrders.intro')}
      </Text>
      <form onSubmit={submit} data-testid="my-orders-form">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('myOrders.number')}
            placeholder={t('myOrders.numberHint')}
            value={filters.number}
            onChange={(e) => set({ number: e.currentTarget.value })}
            w={170}
            data-testid="my-orders-number"
          />
          <TextInput label={t('myOrders.from')} placeholder="ÅÅÅÅ-MM-DD" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} w={130} data-testid="my-orders-from" />
          <TextInput label={t('myOrders.to')} placeholder="ÅÅÅÅ-MM-DD" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} w={130} data-testid="my-orders-to" />
          <NativeSelect
            label={t('myOrders.servicePoint')}
            value={filters.servicePointId}
            onChange={(e) => set({ servicePointId: e.currentTarget.value })}
            data={[{ value: '', label: t('myOrders.any') }, ...(result?.servicePoints ?? []).map((s) => ({ value: s.id, label: `${s.id} ${s.name}` }))]}
            data-testid="my-orders-service-point"
          />
          <NativeSelect
            label={t('myOrders.status')}
            value={filters.status}
            onChange={(e) => set({ status: e.currentTarget.value })}
            data={[{ value: '', label: t('myOrders.any') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatuses.${s}`) }))]}
            data-testid="my-orders-status"
          />
          <NativeSelect
            label={t('myOrders.who')}
            value={filters.who}
            onChange={(e) => set({ who: e.currentTarget.value })}
            data={[
              { value: 'me', label: t('myOrders.me') },
              { value: 'all', label: t('myOrders.all') },
              ...(result?.users ?? []).map((u) => ({ value: u.id, label: u.name })),
            ]}
            data-testid="my-orders-who"
          />
          <Checkbox label={t('myOrders.storeOrders')} checked={filters.includeStoreOrders} onChange={(e) => set({ includeStoreOrders: e.currentTarget.checked })} mb={8} />
          <Button type="submit" data-testid="my-orders-search">
            {t('myOrders.search')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" role="alert" data-testid="my-orders-error">
          {error}
        </Alert>
      ) : null}
      {notice ? (
        <Alert color="green" role="status" data-testid="my-orders-notice">
          {notice}
        </Alert>
      ) : null}
      <Paper withBorder>
        {result && result.rows.length === 0 ? (
          <Text p="md" c="dimmed" data-testid="my-orders-none">
            {t('myOrders.none')}
          </Text>
        ) : (
          <Table striped highlightOnHover data-testid="my-orders-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('myOrders.orderNo')}</Table.Th>
                <Table.Th>{t('myOrders.created')}</Table.Th>
                <Table.Th>{t('myOrders.kind')}</Table.Th>
                <Table.Th>{t('myOrders.status')}</Table.Th>
                <Table.Th>{t('myOrders.recipient')}</Table.Th>
                <Table.Th>{t('myOrders.servicePoint')}</Table.Th>
                <Table.Th>{t('myOrders.orderer')}</Table.Th>
                <Table.Th>{t('myOrders.deliveryDate')}</Table.Th>
                <Table.Th ta="right">{t('myOrders.lines')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(result?.rows ?? []).map((r) => (
                <Table.Tr key={r.id} data-testid="my-orders-row" data-order-no={shown(r)}>
                  <Table.Td>
                    <Anchor href={routeToHash(orderRoute(r))} onClick={(e) => toOrder(e, r)}>
                      {shown(r)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</Table.Td>
                  <Table.Td>{t(`orderKinds.${r.kind}`)}</Table.Td>
                  <Table.Td data-testid="my-orders-status-cell">{t(`orderStatuses.${r.status}`)}</Table.Td>
                  <Table.Td>{r.recipientKind ? t(`myOrders.${r.recipientKind}`) : '–'}</Table.Td>
                  <Table.Td>{r.servicePointName ?? '–'}</Table.Td>
                  <Table.Td>{r.userName ?? '–'}</Table.Td>
                  <Table.Td>{r.deliveryDate ? formatDate(r.deliveryDate) : '–'}</Table.Td>
                  <Table.Td ta="right">{r.lines}</Table.Td>
                  <Table.Td>
                    {r.status === 'registered' ? (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => void askCancel(r)} data-testid="my-orders-cancel">
                        {t('myOrders.cancel')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {result?.truncated ? <Text size="sm">{t('myOrders.truncated')}</Text> : null}
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={t('myOrders.cancel')} data-testid="cancel-dialog">
        {confirm ? (
          <Stack>
            {confirm.cancellable ? (
              <Text>{t('myOrders.cancelConfirm', { no: shown(confirm.row) })}</Text>
            ) : (
              <Alert color="orange" data-testid="cancel-refused">
                {confirm.reason}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                {t('myOrders.cancelNo')}
              </Button>
              {confirm.cancellable ? (
                <Button color="red" loading={busy} onClick={() => void doCancel()} data-testid="cancel-confirm">
                  {t('myOrders.cancelYes')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}

function PrescriberReportPanel() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const [report, setReport] = useState<PrescriberReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = async (e?: FormEvent) => {
    e?.preventDefault();
    const r = await transport.invoke('customerOrder.byPrescriber', { from: from.trim(), to: to.trim() });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setReport(r.value);
  };
  const pdf = async () => {
    const r = await transport.invoke('customerOrder.byPrescriberPdf', { from: from.trim(), to: to.trim() });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    openPrintPreview(r.value);
  };
  useEffect(() => {
    void show();
    // The first view only: the period is the person's to change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Stack gap="sm">
      <form onSubmit={(e) => void show(e)}>
        <Group align="flex-end" gap="sm">
          <TextInput label={t('myOrders.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={130} data-testid="report-from" />
          <TextInput label={t('myOrders.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={130} data-testid="report-to" />
          <Button type="submit" data-testid="report-show">
            {t('myOrders.reportShow')}
          </Button>
          <Button variant="light" onClick={() => void pdf()} data-testid="report-pdf">
            {t('myOrders.reportPdf')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" role="alert" data-testid="report-error">
          {error}
        </Alert>
      ) : null}
      <Paper withBorder>
        {report && report.rows.length === 0 ? (
          <Text p="md" c="dimmed">
            {t('myOrders.reportNone')}
          </Text>
        ) : (
          <Table data-testid="report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('myOrders.prescriber')}</Table.Th>
                <Table.Th>{t('myOrders.article')}</Table.Th>
                <Table.Th ta="right">{t('myOrders.orders')}</Table.Th>
                <Table.Th ta="right">{t('myOrders.quantity')}</Table.Th>
                <Table.Th ta="right">{t('myOrders.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(report?.totals ?? []).flatMap((p) => [
                <Table.Tr key={`p-${p.userId ?? ''}`} fw={700} data-testid="report-prescriber">
                  <Table.Td>{p.userName}</Table.Td>
                  <Table.Td />
                  <Table.Td ta="right">{p.orders}</Table.Td>
                  <Table.Td ta="right">{p.quantity}</Table.Td>
                  <Table.Td ta="right">{formatKronor(p.valueOre)}</Table.Td>
                </Table.Tr>,
                ...report!.rows
                  .filter((r) => r.userId === p.userId)
                  .map((r) => (
                    <Table.Tr key={`a-${p.userId ?? ''}-${r.articleId}`}>
                      <Table.Td />
                      <Table.Td>
                        {r.articleNo} {r.articleName}
                      </Table.Td>
                      <Table.Td ta="right">{r.orders}</Table.Td>
                      <Table.Td ta="right">{r.quantity}</Table.Td>
                      <Table.Td ta="right">{formatKronor(r.valueOre)}</Table.Td>
                    </Table.Tr>
                  )),
              ])}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
