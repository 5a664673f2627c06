import { Alert, Button, Group, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StocktakeSummary } from '../../../shared/api/stocktake';
import { useStocktake, useStores } from '../../app/context';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { CreateStocktakeDialog } from './CreateStocktakeDialog';
import { BlindBadge, ProgressBar, StocktakeStatusBadge } from './stocktakeText';

/**
 * Inventeringar: the store's stocktakes, newest first, with their progress; "Ny inventering" and
 * the investigation store (999). Enter (or a click) opens a stocktake's counting screen.
 */
export function StocktakeListPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const stocktake = stores.stocktake;
  const list = useStocktake((s) => s.list);
  const error = useStocktake((s) => s.listError);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    stocktake.getState().setShown('list', true);
    void stocktake.getState().loadList();
    return () => stocktake.getState().setShown('list', false);
  }, [stocktake]);

  const open = useCallback((row: StocktakeSummary) => stores.router.getState().navigate({ page: 'stocktake', id: row.joined?.id ?? row.id, tab: 'count' }), [stores]);
  const none = t('common.none');
  const columns = useMemo<Column<StocktakeSummary>[]>(
    () => [
      { key: 'name', header: t('stocktake.columns.name'), width: 'minmax(160px, 2fr)', render: (r) => r.name },
      { key: 'scope', header: t('stocktake.columns.scope'), width: 'minmax(160px, 2fr)', render: (r) => r.scopeText },
      { key: 'blind', header: t('stocktake.columns.blind'), width: '80px', render: (r) => <BlindBadge blind={r.blind} /> },
      { key: 'status', header: t('stocktake.columns.status'), width: 'minmax(140px, 1.75fr)', render: (r) => <StocktakeStatusBadge summary={r} /> },
      { key: 'createdBy', header: t('stocktake.columns.createdBy'), width: 'minmax(120px, 1.5fr)', render: (r) => r.createdBy ?? none },
      { key: 'createdAt', header: t('stocktake.columns.createdAt'), width: '130px', render: (r) => formatDateTime(r.createdAt) },
      {
        key: 'progress',
        header: t('stocktake.columns.progress'),
        width: '170px',
        render: (r) =>
          r.status === 'joined' ? none : <ProgressBar counted={r.progress.counted} expected={r.progress.expected} label={t('stocktake.progress.of', { name: r.name })} compact />,
      },
      { key: 'counts', header: t('stocktake.columns.counts'), width: '80px', align: 'right', render: (r) => formatNumber(r.counts) },
    ],
    [t, none],
  );
  const rows = useMemo(() => list ?? [], [list]);
  const getRow = useCallback((i: number) => rows[i], [rows]);

  return (
    <div className="page-fill">
      <Group justify="space-between" align="center">
        <Title order={1} size="h3">
          {t('stocktake.listTitle')}
        </Title>
        <Text size="sm" fw={600} aria-live="polite" data-testid="stocktake-count">
          {list === null ? t('common.loading') : t('stocktake.listCount', { count: list.length })}
        </Text>
      </Group>
      <Text size="sm" maw={820}>
        {t('stocktake.listIntro')}
      </Text>
      <Group gap="sm">
        <Button onClick={() => setCreating(true)} autoFocus data-testid="stocktake-new">
          {t('stocktake.new')}
        </Button>
        <Button variant="default" onClick={() => stores.router.getState().navigate({ page: 'investigation' })} data-testid="stocktake-investigation-open">
          {t('stocktake.investigation.open')}
        </Button>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <div className="grow">
        <VirtualTable
          label={t('stocktake.listLabel')}
          columns={columns}
          rowCount={rows.length}
          getRow={getRow}
          getRowKey={(r) => r.id}
          onOpen={open}
          rowHeight={36}
          keyboardHelp={t('stocktake.listKeyboardHelp')}
          emptyText={list === null ? undefined : t('stocktake.listEmpty')}
          testId="stocktake-list"
        />
      </div>
      <CreateStocktakeDialog opened={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
