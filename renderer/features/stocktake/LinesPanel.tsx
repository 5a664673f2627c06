import { Alert, Badge, Button, Chip, Group, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LINE_FILTERS, type LineView, type StocktakeView } from '../../../shared/api/stocktake';
import { useStocktake, useStores } from '../../app/context';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDateTime, formatKronor, formatNumber } from '../../i18n/format';
import { renderUiText } from '../../i18n/uiText';
import { useScanHandler } from '../scanner/useScanHandler';
import { Contributions } from './CountPanel';
import type { LineFilter } from './stocktakeStore';
import { OutcomeBadge, signed } from './stocktakeText';

/** The flags of a line, in words (the list's last column). */
function useFlags() {
  const { t } = useTranslation();
  return (l: LineView): string[] => {
    const flags: string[] = [];
    if (!l.counted) flags.push(t('stocktake.flags.uncounted'));
    if (l.needsDecision) flags.push(t('stocktake.flags.decision'));
    if (!l.inScope) flags.push(t('stocktake.flags.outOfScope'));
    if (l.recountedAt) flags.push(t('stocktake.flags.recounted'));
    if (l.individuals.some((i) => i.scans > 1)) flags.push(t('stocktake.flags.duplicate'));
    if (l.individuals.some((i) => i.outcome === 'missing')) flags.push(t('stocktake.flags.missing'));
    if (l.negative) flags.push(t('stocktake.flags.negative'));
    return flags;
  };
}

/**
 * Rader och differenser: every line of the stocktake as merged from all count events here,
 * filtered and searched, paged from the backend. The active row's details (who counted, its
 * individuals, the decision after movements) show below the list.
 */
export function LinesPanel({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const filter = useStocktake((s) => s.linesFilter);
  const textInput = useStocktake((s) => s.linesTextInput);
  const total = useStocktake((s) => s.linesTotal);
  const generation = useStocktake((s) => s.linesGeneration);
  const error = useStocktake((s) => s.linesError);
  // Re-render when pages arrive; rows are read through lineAt.
  useStocktake((s) => s.linesPages);
  const [active, setActive] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);
  const flags = useFlags();
  const show = view.showExpected;

  useEffect(() => {
    if (stocktake.getState().linesTotal === null) stocktake.getState().reloadLines();
  }, [stocktake, view.summary.id]);

  // A scanned code here searches the lines (an article number or an individual's number).
  useScanHandler(({ scan }) => {
    stocktake.getState().setLinesTextInput(scan.text.trim().slice(0, 100));
    stocktake.getState().applyLinesTextNow();
    return { tone: 'ok', message: t('stocktake.lines.scanSearch', { code: scan.text.trim().slice(0, 40) }) };
  });

  const none = t('common.none');
  const columns = useMemo<Column<LineView>[]>(
    () => [
      { key: 'articleNo', header: t('stocktake.columns.articleNo'), width: '80px', render: (l) => l.articleNo },
      { key: 'name', header: t('stocktake.columns.article'), width: 'minmax(200px, 3fr)', render: (l) => l.name },
      { key: 'expected', header: t('stocktake.columns.expected'), width: '70px', align: 'right', render: (l) => (l.expected === null ? none : formatNumber(l.expected)) },
      { key: 'counted', header: t('stocktake.columns.counted'), width: '70px', align: 'right', render: (l) => (l.quantity === null ? none : formatNumber(l.quantity)) },
      {
        key: 'difference',
        header: t('stocktake.columns.difference'),
        width: '80px',
        align: 'right',
        render: (l) => (l.difference === null ? none : <span className={l.difference < 0 ? 'negative' : undefined}>{signed(l.difference)}</span>),
      },
      { key: 'value', header: t('stocktake.columns.value'), width: '110px', align: 'right', render: (l) => (l.valueOre === null ? none : formatKronor(l.valueOre)) },
      {
        key: 'who',
        header: t('stocktake.columns.who'),
        width: 'minmax(140px, 2fr)',
        render: (l) =>
          l.tracked
            ? l.counted
              ? t('stocktake.lines.scanned', { count: l.individuals.filter((i) => i.outcome === 'found').length })
              : none
            : l.contributions.length > 0
              ? l.contributions.map((c) => `${c.user} ${c.quantity}${c.replaced ? ` (${t('stocktake.line.replaced')})` : ''}`).join(', ')
              : none,
      },
      { key: 'flags', header: t('stocktake.columns.flags'), width: 'minmax(140px, 2fr)', render: (l) => flags(l).join(', ') },
    ],
    [t, none, flags],
  );

  const getRow = useCallback((i: number) => stocktake.getState().lineAt(i), [stocktake]);
  const onRange = useCallback((start: number, end: number) => stocktake.getState().ensureLines(start, end), [stocktake]);
  const activeLine = total === null || total === 0 ? undefined : stocktake.getState().lineAt(active);

  return (
    <>
      <Group gap="md" align="flex-end" wrap="wrap" mb="xs">
        <TextInput
          label={t('stocktake.lines.search')}
          description={t('stocktake.lines.searchHelp')}
          value={textInput}
          onChange={(e) => stocktake.getState().setLinesTextInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') stocktake.getState().applyLinesTextNow();
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          w={300}
          autoFocus
          data-testid="stocktake-lines-search"
        />
        <div>
          <Text size="xs" fw={500} id="stocktake-filter-label" mb={4}>
            {t('stocktake.lines.filter')}
          </Text>
          <Chip.Group multiple={false} value={filter} onChange={(v) => stocktake.getState().setLinesFilter(v as LineFilter)}>
            <Group gap={6} role="radiogroup" aria-labelledby="stocktake-filter-label" data-testid="stocktake-filters">
              {LINE_FILTERS.map((f) => (
                <Chip key={f} value={f} size="xs" variant="outline">
                  {t(`stocktake.filters.${f}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <Text size="sm" fw={600} ml="auto" aria-live="polite" data-testid="stocktake-lines-count">
          {total === null ? t('common.loading') : t('stocktake.lines.count', { count: total, formatted: formatNumber(total) })}
        </Text>
      </Group>
      {!show ? (
        <Text size="sm" mb="xs">
          {t('stocktake.lines.blind')}
        </Text>
      ) : null}
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <VirtualTable
        key={generation}
        label={t('stocktake.lines.label')}
        columns={columns}
        rowCount={total ?? 0}
        getRow={getRow}
        getRowKey={(l) => l.articleId}
        onRangeChange={onRange}
        onActiveChange={setActive}
        onOpen={() => document.getElementById('stocktake-line-details')?.focus()}
        openOnClick={false}
        keyboardHelp={t('stocktake.lines.keyboardHelp')}
        gridRef={gridRef}
        emptyText={total === 0 ? t('stocktake.lines.empty') : undefined}
        testId="stocktake-lines"
      />
      {activeLine ? <LineDetails line={activeLine} view={view} /> : null}
    </>
  );
}

/** The active line: who counted, recounts, the decision after movements, its individuals. */
function LineDetails({ line, view }: { line: LineView; view: StocktakeView }) {
  const { t } = useTranslation();
  const counting = view.summary.status === 'counting';
  return (
    <Paper withBorder p="sm" mt="xs" className="stocktake-details" component="section" aria-labelledby="stocktake-line-details" data-testid="stocktake-line-details">
      <Group gap="sm" align="center" mb={4}>
        <Title order={2} size="h5" id="stocktake-line-details" tabIndex={-1}>
          {line.articleNo} {line.name}
        </Title>
        <Text size="sm">
          {t(`articleTypes.${line.articleType}`)}
          {line.tracked ? ` · ${t('stocktake.line.tracked')}` : ''}
        </Text>
      </Group>
      <dl className="facts stocktake-line-facts">
        <dt>{t('stocktake.line.counted')}</dt>
        <dd>{line.quantity === null ? t('stocktake.line.notCounted') : `${formatNumber(line.quantity)} ${line.unit}${line.countedAt ? ` (${formatDateTime(line.countedAt)})` : ''}`}</dd>
        {line.expected !== null ? (
          <>
            <dt>{t('stocktake.line.expected')}</dt>
            <dd>
              {formatNumber(line.expected)} {line.unit}
              {line.balanceNow !== null && line.balanceNow !== line.expected ? ` · ${t('stocktake.line.balanceNow', { n: formatNumber(line.balanceNow) })}` : ''}
            </dd>
          </>
        ) : null}
        {line.contributions.length > 0 ? (
          <>
            <dt>{t('stocktake.line.who')}</dt>
            <dd>{line.tracked ? line.contributions.map((c) => `${c.user} · ${c.workstation}`).join(', ') : <Contributions line={line} />}</dd>
          </>
        ) : null}
        {line.recountedAt ? (
          <>
            <dt>{t('stocktake.line.recount')}</dt>
            <dd data-testid="stocktake-recounted">{t('stocktake.line.recountedAt', { at: formatDateTime(line.recountedAt), count: line.supersededEvents })}</dd>
          </>
        ) : null}
        {line.keptAt ? (
          <>
            <dt>{t('stocktake.line.kept')}</dt>
            <dd>{formatDateTime(line.keptAt)}</dd>
          </>
        ) : null}
        {line.negative ? (
          <>
            <dt>{t('stocktake.line.negative')}</dt>
            <dd>{line.negative.text}</dd>
          </>
        ) : null}
      </dl>
      {counting ? <Decision line={line} /> : null}
      {line.tracked && line.individuals.length > 0 ? <Individuals line={line} /> : null}
    </Paper>
  );
}

/** "+2 mottaget efter räkning": Räkna om or Behåll räkningen, with what each gives; any line may be recounted. */
function Decision({ line }: { line: LineView }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const error = useStocktake((s) => s.lineErrors[line.articleId]);
  const busy = useStocktake((s) => s.counting);
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const moved = [
    line.inAfter > 0 ? t('stocktake.decision.inAfter', { n: formatNumber(line.inAfter) }) : null,
    line.outAfter > 0 ? t('stocktake.decision.outAfter', { n: formatNumber(line.outAfter) }) : null,
  ].filter((x): x is string => x !== null);
  const keepResult =
    line.quantity !== null && line.expected !== null && line.balanceNow !== null
      ? t('stocktake.decision.keepResult', { counted: line.quantity, expected: line.expected, result: line.balanceNow + (line.quantity - line.expected) })
      : t('stocktake.decision.keepBlind');
  const recountResult = line.tracked ? t('stocktake.decision.recountTracked') : line.balanceNow !== null ? t('stocktake.decision.recountResult', { now: line.balanceNow }) : t('stocktake.decision.recountBlind');

  const recount = async (event?: FormEvent) => {
    event?.preventDefault();
    const result = await stocktake.getState().count(line.articleId, 'recount', line.tracked ? '' : text);
    if (result.ok) {
      setAsking(false);
      setText('');
    }
  };

  return (
    <div className={line.needsDecision ? 'stocktake-decision stocktake-decision-needed' : 'stocktake-decision'} data-testid="stocktake-decision">
      {line.needsDecision ? (
        <>
          <Text size="sm" fw={700} data-testid="stocktake-moved">
            {moved.join(' · ')}
          </Text>
          <Text size="sm">{t('stocktake.decision.needed')}</Text>
        </>
      ) : null}
      <Group gap="sm" mt={6} align="flex-start" wrap="wrap">
        {line.needsDecision ? (
          <div>
            <Button size="xs" loading={busy === 'keep'} onClick={() => void stocktake.getState().count(line.articleId, 'keep')} data-testid="stocktake-keep">
              {t('stocktake.decision.keep')}
            </Button>
            <Text size="xs" mt={2} maw={320}>
              {keepResult}
            </Text>
          </div>
        ) : null}
        <div>
          {asking && !line.tracked ? (
            <form onSubmit={(e) => void recount(e)} aria-label={t('stocktake.decision.recountForm', { articleNo: line.articleNo })}>
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  aria-label={t('stocktake.decision.newQuantity')}
                  placeholder={t('stocktake.decision.newQuantity')}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                  error={error ? renderUiText(t, error) : undefined}
                  inputMode="numeric"
                  autoComplete="off"
                  autoFocus
                  w={160}
                  data-testid="stocktake-recount-quantity"
                />
                <Button type="submit" size="xs" loading={busy === 'recount'} data-testid="stocktake-recount-save">
                  {t('stocktake.decision.recountSave')}
                </Button>
                <Button variant="default" size="xs" onClick={() => setAsking(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </form>
          ) : (
            <Button size="xs" variant={line.needsDecision ? 'default' : 'light'} loading={busy === 'recount'} onClick={() => (line.tracked ? void recount() : setAsking(true))} data-testid="stocktake-recount">
              {t('stocktake.decision.recount')}
            </Button>
          )}
          <Text size="xs" mt={2} maw={320}>
            {recountResult}
          </Text>
        </div>
      </Group>
      {error && (line.tracked || !asking) ? (
        <Text size="sm" c="red.9" mt={4} role="alert">
          {renderUiText(t, error)}
        </Text>
      ) : null}
    </div>
  );
}

function Individuals({ line }: { line: LineView }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Table withTableBorder verticalSpacing={2} mt="xs" aria-label={t('stocktake.individuals.of', { articleNo: line.articleNo })} data-testid="stocktake-individuals">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={110}>{t('stocktake.individuals.no')}</Table.Th>
          <Table.Th w={300}>{t('stocktake.individuals.outcome')}</Table.Th>
          <Table.Th>{t('stocktake.individuals.location')}</Table.Th>
          <Table.Th className="num" w={80}>
            {t('stocktake.individuals.scans')}
          </Table.Th>
          <Table.Th className="num" w={120}>
            {t('stocktake.individuals.value')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {line.individuals.map((i) => (
          <Table.Tr key={i.id} data-testid="stocktake-individual">
            <Table.Td>{i.individualNo}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <OutcomeBadge outcome={i.outcome} />
                {i.scans > 1 ? (
                  <Badge size="sm" color="#7a4d00" variant="light" radius="sm" tt="none" maw="none" style={{ flexShrink: 0 }}>
                    {t('stocktake.individuals.duplicate', { n: i.scans })}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>{i.believed ?? i.location ?? none}</Table.Td>
            <Table.Td className="num">{i.scans}</Table.Td>
            <Table.Td className="num">{formatKronor(i.valueOre)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
