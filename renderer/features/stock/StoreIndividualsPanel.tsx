import { Alert, Group, NativeSelect, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualSummary } from '../../../shared/api/schemas';
import { INDIVIDUAL_STATUSES, type IndividualStatus } from '../../../shared/domain/model';
import { useStock, useStores } from '../../app/context';
import { IndividualStatusBadge } from '../../components/StatusBadge';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatNumber } from '../../i18n/format';

/** The individuals in the own store, filtered by status; pages load as the list scrolls. */
export function StoreIndividualsPanel() {
  const { t } = useTranslation();
  const stores = useStores();
  const stock = stores.stock;
  const status = useStock((s) => s.individualsStatus);
  const rows = useStock((s) => s.individuals);
  const hasMore = useStock((s) => s.individualsHasMore);
  const loaded = useStock((s) => s.individualsLoaded);
  const error = useStock((s) => s.individualsError);

  useEffect(() => {
    if (!stock.getState().individualsLoaded) stock.getState().loadMoreIndividuals();
  }, [stock]);

  const columns = useMemo<Column<IndividualSummary>[]>(
    () => [
      { key: 'individualNo', header: t('individual.columns.individualNo'), width: '100px', render: (r) => r.individualNo },
      { key: 'articleNo', header: t('individual.columns.articleNo'), width: '80px', render: (r) => r.articleNo },
      { key: 'articleName', header: t('individual.columns.articleName'), width: 'minmax(220px, 3fr)', render: (r) => r.articleName },
      { key: 'serialNo', header: t('individual.columns.serialNo'), width: '150px', render: (r) => r.serialNo ?? t('common.none') },
      { key: 'status', header: t('individual.columns.status'), width: '130px', render: (r) => <IndividualStatusBadge status={r.status} size="xs" /> },
    ],
    [t],
  );

  const getRow = useCallback((index: number) => rows[index], [rows]);
  const onEnd = useCallback(() => {
    if (hasMore) stock.getState().loadMoreIndividuals();
  }, [stock, hasMore]);

  return (
    <>
      <Group gap="md" align="flex-end" wrap="nowrap" mb="xs">
        <NativeSelect
          label={t('stock.individuals.status')}
          value={status}
          onChange={(e) => stock.getState().setIndividualsStatus(e.currentTarget.value as IndividualStatus | 'all')}
          data={[
            { value: 'all', label: t('stock.individuals.allStatuses') },
            ...INDIVIDUAL_STATUSES.map((s) => ({ value: s, label: t(`individualStatuses.${s}`) })),
          ]}
          w={200}
          autoFocus
          data-testid="store-individuals-status"
        />
        <Text size="sm" fw={600} ml="auto" aria-live="polite" data-testid="store-individuals-count">
          {!loaded
            ? t('common.loading')
            : `${t('stock.individuals.shown', { count: rows.length, formatted: formatNumber(rows.length) })}${hasMore ? ` – ${t('stock.individuals.more')}` : ''}`}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <VirtualTable
        label={t('stock.individuals.listLabel')}
        columns={columns}
        rowCount={rows.length}
        getRow={getRow}
        getRowKey={(r) => r.id}
        onEndReached={onEnd}
        onOpen={(row) => stores.router.getState().navigate({ page: 'individual', id: row.id })}
        emptyText={loaded && rows.length === 0 ? t('stock.individuals.empty') : undefined}
        testId="store-individuals-list"
      />
    </>
  );
}
