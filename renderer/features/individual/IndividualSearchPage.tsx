import { Alert, Button, Group, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualSummary } from '../../../shared/api/schemas';
import { useIndividual, useSession, useStores } from '../../app/context';
import { IndividualStatusBadge } from '../../components/StatusBadge';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatNumber } from '../../i18n/format';
import { isStoreStaff } from '../session/permissions';
import { RegisterIndividualDialog } from './RegisterIndividualDialog';

/** Individer: search by individual or serial number (≥ 3 characters, or `12*` / `*12`). */
export function IndividualSearchPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.individual;
  const queryInput = useIndividual((s) => s.queryInput);
  const message = useIndividual((s) => s.message);
  const searching = useIndividual((s) => s.searching);
  const list = useIndividual((s) => s.list);
  const staff = useSession((s) => isStoreStaff(s.status?.user));
  // The region may leave registering to central (region setting individualRegistration).
  const [byCentral, setByCentral] = useState(false);
  useEffect(() => {
    let current = true;
    void stores.transport.invoke('regionSettings.get', {}).then((r) => {
      if (!current || !r.ok) return;
      setByCentral(r.value.settings.individualRegistration === 'central');
      store.getState().setSearchMode(r.value.settings.individualSearch);
    });
    return () => {
      current = false;
    };
  }, [stores, store]);
  const mayRegister = staff && !byCentral;
  const [registering, setRegistering] = useState(false);

  const gridRef = useRef<HTMLDivElement>(null);
  const open = useCallback((row: IndividualSummary) => stores.router.getState().navigate({ page: 'individual', id: row.id }), [stores]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const exact = await store.getState().search();
    if (exact) open(exact);
  };

  const columns = useMemo<Column<IndividualSummary>[]>(
    () => [
      { key: 'individualNo', header: t('individual.columns.individualNo'), width: '100px', render: (r) => r.individualNo },
      { key: 'articleNo', header: t('individual.columns.articleNo'), width: '80px', render: (r) => r.articleNo },
      { key: 'articleName', header: t('individual.columns.articleName'), width: 'minmax(200px, 3fr)', render: (r) => r.articleName },
      { key: 'serialNo', header: t('individual.columns.serialNo'), width: '150px', render: (r) => r.serialNo ?? t('common.none') },
      { key: 'status', header: t('individual.columns.status'), width: '130px', render: (r) => <IndividualStatusBadge status={r.status} size="xs" /> },
      {
        key: 'storeStatus',
        header: t('individual.columns.storeStatus'),
        width: '120px',
        render: (r) => (r.storeId === null ? t('individual.storeStatus.none') : t('individual.storeStatus.inStore', { id: r.storeId })),
      },
    ],
    [t],
  );

  const rows = useMemo(() => list?.rows ?? [], [list]);
  const getRow = useCallback((index: number) => rows[index], [rows]);

  let countText: string | null = null;
  if (list) {
    countText =
      list.total === 0
        ? t('individual.search.noMatches', { query: list.query })
        : list.totalCapped
          ? t('individual.search.moreThan', { formatted: formatNumber(list.total) })
          : t('individual.search.matches', { count: list.total, formatted: formatNumber(list.total) });
  }

  return (
    <div className="page-fill">
      <Group justify="space-between" align="center" wrap="nowrap">
        <Title order={1} size="h3">
          {t('individual.search.title')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          {mayRegister ? null : (
            <Text size="sm" id="register-not-allowed">
              {t(byCentral ? 'individual.register.byCentral' : 'individual.register.notAllowed')}
            </Text>
          )}
          <Button
            variant="light"
            onClick={() => setRegistering(true)}
            disabled={!mayRegister}
            aria-describedby={mayRegister ? undefined : 'register-not-allowed'}
            data-testid="register-open"
          >
            {t('individual.register.open')}
          </Button>
        </Group>
      </Group>
      <RegisterIndividualDialog opened={registering} onClose={() => setRegistering(false)} />
      <form onSubmit={(e) => void onSubmit(e)} role="search" aria-label={t('individual.search.title')}>
        <TextInput
          label={t('individual.search.label')}
          placeholder={t('individual.search.placeholder')}
          description={t('individual.search.help')}
          value={queryInput}
          onChange={(e) => store.getState().setQueryInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Arrow Down goes from the search field into the result list.
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          error={message ?? undefined}
          maw={620}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          data-testid="individual-search-input"
          // The button sits right beside the field, whatever is shown above or below it.
          inputContainer={(input) => (
            <Group gap="sm" wrap="nowrap">
              <div style={{ flex: 1 }}>{input}</div>
              <Button type="submit" loading={searching} data-testid="individual-search-button">
                {t('individual.search.button')}
              </Button>
            </Group>
          )}
        />
      </form>
      <div aria-live="polite">
        {countText ? (
          <Text size="sm" fw={600} data-testid="individual-search-count">
            {countText}
            {list && (list.rows.length < list.total || list.totalCapped) ? ` ${t('individual.search.showingFirst', { formatted: formatNumber(list.rows.length) })}` : ''}
          </Text>
        ) : null}
      </div>
      {list ? (
        list.rows.length > 0 ? (
          <div className="grow">
            <VirtualTable
              key={list.seq}
              label={t('individual.search.listLabel')}
              columns={columns}
              rowCount={rows.length}
              getRow={getRow}
              getRowKey={(r) => r.id}
              onOpen={open}
              gridRef={gridRef}
              testId="individual-search-list"
            />
          </div>
        ) : null
      ) : message === null ? (
        <Alert variant="outline" color="gray.8" maw={640}>
          {t('individual.search.intro')}
        </Alert>
      ) : null}
    </div>
  );
}
