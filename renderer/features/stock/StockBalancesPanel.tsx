import { Alert, Button, Group, Input, NativeSelect, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockBalanceRow } from '../../../shared/api/schemas';
import { STOCK_ARTICLE_TYPE_FILTERS, STOCK_BALANCE_FILTERS, type StockArticleTypeFilter, type StockBalanceFilter } from '../../../shared/domain/model';
import { useSession, useStock, useStores } from '../../app/context';
import { useRegionSettings } from '../settings/useRegionSettings';
import { ArticleStatusText } from '../../components/StatusBadge';
import { openPrintPreview } from '../print/printPreview';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatIsoCode, formatNumber } from '../../i18n/format';
import { isStoreAdmin } from '../session/permissions';
import { AdjustStockDialog } from './AdjustStockDialog';

/** How long the active row must stay before its article is checked (tracked or not). */
const CHECK_SETTLE_MS = 150;

/** Whether the active row's article is tracked individually (its balance then follows the individuals). */
function useTrackedCheck(articleNo: string | undefined): { articleNo: string; tracked: boolean } | null {
  const stock = useStores().stock;
  const [checked, setChecked] = useState<{ articleNo: string; tracked: boolean } | null>(null);
  useEffect(() => {
    if (articleNo === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      void stock
        .getState()
        .lookupArticle(articleNo)
        .then((result) => {
          if (current && result.ok) setChecked({ articleNo, tracked: result.value.trackedIndividually });
        });
    }, CHECK_SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [stock, articleNo]);
  return checked !== null && checked.articleNo === articleNo ? checked : null;
}

const quantity = (n: number) => <span className={n < 0 ? 'negative' : undefined}>{formatNumber(n)}</span>;

/** Lagersaldorapport: the store's balances as PDF, with the list's filters. */
function StockReportButton() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const filters = useStock((s) => s.filters);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const print = async () => {
    setBusy(true);
    setError(null);
    const result = await transport.invoke('stock.report', { articleType: filters.articleType, balance: filters.balance, text: filters.text, individuals: true });
    setBusy(false);
    if (result.ok) openPrintPreview(result.value);
    else setError(result.error.message);
  };
  return (
    <>
      <Button variant="default" loading={busy} onClick={() => void print()} title={t('stock.report.help')} style={{ flexShrink: 0 }} data-testid="stock-report">
        {t('stock.report.button')}
      </Button>
      {error ? (
        <Text size="sm" c="red.9" role="alert">
          {error}
        </Text>
      ) : null}
    </>
  );
}

export function StockBalancesPanel() {
  const { t } = useTranslation();
  const stock = useStores().stock;
  const filters = useStock((s) => s.filters);
  const textInput = useStock((s) => s.textInput);
  const textError = useStock((s) => s.textError);
  const total = useStock((s) => s.total);
  const error = useStock((s) => s.error);
  const generation = useStock((s) => s.generation);
  // Re-render when pages arrive; rows are read through rowAt.
  useStock((s) => s.pages);
  const admin = useSession((s) => isStoreAdmin(s.status?.user));
  const [activeIndex, setActiveIndex] = useState(0);
  const activeRow = total === null || total === 0 ? undefined : stock.getState().rowAt(activeIndex);
  const check = useTrackedCheck(admin ? activeRow?.articleNo : undefined);
  const [adjusting, setAdjusting] = useState<StockBalanceRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mayAdjust = admin && activeRow !== undefined && check?.tracked !== true;

  useEffect(() => {
    if (stock.getState().generation === 0) stock.getState().reload();
  }, [stock]);
  // The region's article type to start with (region setting stockListType).
  const region = useRegionSettings();
  useEffect(() => {
    if (region) stock.getState().applyRegionDefault(region.stockListType);
  }, [region, stock]);

  const columns = useMemo<Column<StockBalanceRow>[]>(
    () => [
      { key: 'articleNo', header: t('stock.columns.articleNo'), width: '80px', render: (r) => r.articleNo },
      { key: 'name', header: t('stock.columns.name'), width: 'minmax(220px, 3fr)', render: (r) => r.name },
      { key: 'type', header: t('stock.columns.type'), width: '130px', render: (r) => t(`articleTypes.${r.articleType}`) },
      { key: 'status', header: t('stock.columns.status'), width: '100px', render: (r) => <ArticleStatusText status={r.articleStatus} /> },
      { key: 'iso', header: t('stock.columns.iso'), width: '80px', render: (r) => formatIsoCode(r.isoCode) },
      { key: 'onHand', header: t('stock.columns.onHand'), width: '70px', align: 'right', render: (r) => quantity(r.onHand) },
      { key: 'reserved', header: t('stock.columns.reserved'), width: '90px', align: 'right', render: (r) => quantity(r.reserved) },
      { key: 'available', header: t('stock.columns.available'), width: '100px', align: 'right', render: (r) => quantity(r.available) },
    ],
    [t],
  );

  const gridRef = useRef<HTMLDivElement>(null);
  const getRow = useCallback((index: number) => stock.getState().rowAt(index), [stock]);
  const onRange = useCallback((start: number, end: number) => stock.getState().ensureRows(start, end), [stock]);
  const openAdjust = useCallback((row: StockBalanceRow) => {
    setNotice(null);
    setAdjusting(row);
  }, []);

  let adjustHint: string;
  if (!admin) adjustHint = t('stock.adjust.onlyAdmins');
  else if (activeRow === undefined) adjustHint = t('stock.adjust.noSelection');
  else if (check?.tracked) adjustHint = t('stock.adjust.tracked', { articleNo: activeRow.articleNo });
  else adjustHint = t('stock.adjust.selected', { articleNo: activeRow.articleNo, name: activeRow.name });

  return (
    <>
      <Group gap="md" align="flex-start" wrap="nowrap" mb="xs">
        <TextInput
          label={t('stock.search.label')}
          placeholder={t('stock.search.placeholder')}
          description={t('stock.search.help')}
          value={textInput}
          onChange={(e) => stock.getState().setTextInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') stock.getState().applyTextNow();
            // Arrow Down goes from the search field into the list.
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          error={textError ?? undefined}
          w={340}
          autoFocus
          data-testid="stock-search"
        />
        <NativeSelect
          label={t('stock.articleType.label')}
          value={filters.articleType}
          onChange={(e) => stock.getState().setArticleType(e.currentTarget.value as StockArticleTypeFilter)}
          data={STOCK_ARTICLE_TYPE_FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('stock.articleType.all') : t(`articleTypes.${f}`) }))}
          w={200}
          data-testid="stock-article-type"
        />
        <div>
          <Input.Label id="stock-balance-label" labelElement="div" size="xs" display="block">
            {t('stock.balance.label')}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="stock-balance-label"
            value={filters.balance}
            onChange={(value) => stock.getState().setBalance(value as StockBalanceFilter)}
            data={STOCK_BALANCE_FILTERS.map((f) => ({ value: f, label: t(`stock.balance.${f}`) }))}
            size="xs"
            data-testid="stock-balance"
          />
        </div>
        <Text size="sm" fw={600} mt={26} ml="auto" aria-live="polite" data-testid="stock-count">
          {total === null ? t('common.loading') : t('stock.count', { count: total, formatted: formatNumber(total) })}
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap" mb="xs">
        <Button
          variant="light"
          disabled={!mayAdjust}
          onClick={() => activeRow && openAdjust(activeRow)}
          aria-describedby="stock-adjust-hint"
          data-testid="stock-adjust-open"
        >
          {t('stock.adjust.open')}
        </Button>
        <Text size="sm" id="stock-adjust-hint" truncate data-testid="stock-adjust-hint">
          {adjustHint}
        </Text>
        <StockReportButton />
        <Text size="sm" c="#1f6f33" fw={600} ml="auto" aria-live="polite" data-testid="stock-adjust-notice">
          {notice ?? ''}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <VirtualTable
        // A new filter is a new list: it starts at its top with the first row active.
        key={generation}
        label={t('stock.listLabel')}
        columns={columns}
        rowCount={total ?? 0}
        getRow={getRow}
        getRowKey={(r) => r.articleId}
        onRangeChange={onRange}
        onActiveChange={setActiveIndex}
        // Enter (or a double click) adjusts the active row's balance; a click only selects it.
        onOpen={admin ? openAdjust : undefined}
        openOnClick={false}
        keyboardHelp={admin ? t('stock.adjust.keyboardHelp') : undefined}
        gridRef={gridRef}
        emptyText={total === 0 ? t('stock.empty') : undefined}
        testId="stock-list"
      />
      <AdjustStockDialog row={adjusting} onClose={() => setAdjusting(null)} onSaved={setNotice} />
    </>
  );
}
