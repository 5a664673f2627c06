import { Alert, Anchor, Breadcrumbs, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleSearchRow } from '../../../shared/api/article';
import { ARTICLE_TYPES } from '../../../shared/domain/model';
import { useArticles, useStores } from '../../app/context';
import { ArticleStatusText } from '../../components/StatusBadge';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatIsoCode, formatNumber } from '../../i18n/format';
import { useRegionSettings } from '../settings/useRegionSettings';
import type { ArticleTypeFilter } from './articleStore';

/** Availability: a number, or "–" when this workstation does not know it (central not synced). */
export const availabilityText = (n: number | null) => (n === null ? '–' : formatNumber(n));

/** ISO 9999 browsing (sortimentskatalog): 2 → 4 → 6 digits; a class's articles fill the list. */
function IsoBrowser() {
  const { t } = useTranslation();
  const articles = useStores().articles;
  const iso = useArticles((s) => s.iso);
  const isoError = useArticles((s) => s.isoError);
  const code = useArticles((s) => s.filters.isoCode);
  useEffect(() => {
    if (articles.getState().iso === null) articles.getState().browseIso(articles.getState().filters.isoCode);
  }, [articles]);
  const go = (c: string | null) => articles.getState().browseIso(c);
  return (
    <Paper withBorder p="xs" w={250} style={{ flexShrink: 0, overflowY: 'auto' }} data-testid="iso-browser" aria-label={t('articles.iso.title')} component="nav">
      <Text fw={600} size="sm" mb={4}>
        {t('articles.iso.title')}
      </Text>
      <Breadcrumbs separator="›" mb="xs" style={{ flexWrap: 'wrap' }} data-testid="iso-path">
        <Anchor component="button" type="button" size="sm" onClick={() => go(null)}>
          {t('articles.iso.all')}
        </Anchor>
        {(iso?.path ?? []).map((c) => (
          <Anchor key={c.code} component="button" type="button" size="sm" onClick={() => go(c.code)} title={c.name}>
            {formatIsoCode(c.code)}
          </Anchor>
        ))}
      </Breadcrumbs>
      {code !== null && iso?.path.length ? (
        <Text size="xs" c="dimmed" mb="xs">
          {iso.path[iso.path.length - 1]!.name} · {t('articles.iso.articles', { count: iso.articles, formatted: formatNumber(iso.articles) })}
        </Text>
      ) : null}
      {isoError ? (
        <Text size="sm" c="red.9" role="alert">
          {isoError.message}
        </Text>
      ) : null}
      <Stack gap={2}>
        {(iso?.children ?? [])
          .filter((c) => c.articles > 0)
          .map((c) => (
            <Button
              key={c.code}
              variant="subtle"
              size="compact-sm"
              justify="space-between"
              fullWidth
              onClick={() => go(c.code)}
              rightSection={<Text size="xs">{formatNumber(c.articles)}</Text>}
              h="auto"
              py={4}
              styles={{ inner: { alignItems: 'flex-start' }, label: { whiteSpace: 'normal', textAlign: 'left', height: 'auto', lineHeight: 1.3 } }}
              data-testid={`iso-${c.code}`}
            >
              {formatIsoCode(c.code)} {c.name}
            </Button>
          ))}
        {iso && code !== null && code.length === 6 ? (
          <Text size="xs" c="dimmed">
            {t('articles.iso.lowest')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Artiklar: search as you type over the whole catalogue, with availability, and ISO browsing. */
export function ArticleSearchPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const articles = stores.articles;
  const textInput = useArticles((s) => s.textInput);
  const ignored = useArticles((s) => s.ignoredTerms);
  const filters = useArticles((s) => s.filters);
  const total = useArticles((s) => s.total);
  const error = useArticles((s) => s.error);
  const generation = useArticles((s) => s.generation);
  const firstPage = useArticles((s) => s.pages.get(0));
  const firstHasMore = useArticles((s) => s.firstHasMore);
  useArticles((s) => s.pages);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (articles.getState().generation === 0) articles.getState().reload();
  }, [articles]);
  // The region's article search (region setting articleSearch): per term or the whole text.
  const searchMode = useArticles((s) => s.searchMode);
  const region = useRegionSettings();
  useEffect(() => {
    if (region) articles.getState().setSearchMode(region.articleSearch);
  }, [articles, region]);

  const columns = useMemo<Column<ArticleSearchRow>[]>(
    () => [
      { key: 'articleNo', header: t('articles.columns.articleNo'), width: '80px', render: (r) => r.articleNo },
      { key: 'name', header: t('articles.columns.name'), width: 'minmax(200px, 3fr)', render: (r) => r.name },
      // Availability next to the name: what a person scans the list for.
      { key: 'own', header: t('articles.columns.own'), width: '100px', align: 'right', render: (r) => formatNumber(r.ownAvailable) },
      { key: 'central', header: t('articles.columns.central'), width: '120px', align: 'right', render: (r) => availabilityText(r.centralAvailable) },
      { key: 'type', header: t('articles.columns.type'), width: '125px', render: (r) => t(`articleTypes.${r.articleType}`) },
      { key: 'status', header: t('articles.columns.status'), width: '95px', render: (r) => <ArticleStatusText status={r.articleStatus} /> },
      { key: 'iso', header: t('articles.columns.iso'), width: '80px', render: (r) => formatIsoCode(r.isoCode) },
      { key: 'supplier', header: t('articles.columns.supplier'), width: 'minmax(120px, 1.8fr)', render: (r) => r.supplierName ?? '' },
      { key: 'supplierNo', header: t('articles.columns.supplierArticleNo'), width: '100px', render: (r) => r.supplierArticleNo ?? '' },
    ],
    [t],
  );
  const getRow = useCallback((index: number) => articles.getState().rowAt(index), [articles]);
  const onRange = useCallback((start: number, end: number) => articles.getState().ensureRows(start, end), [articles]);
  const open = useCallback((row: ArticleSearchRow) => stores.router.getState().navigate({ page: 'article', articleNo: row.articleNo }), [stores]);
  const rowCount = total ?? (firstPage ? firstPage.length : 0);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Title order={1} size="h2" mb="xs">
        {t('articles.title')}
      </Title>
      <Group gap="md" align="flex-start" wrap="nowrap" mb="xs">
        <TextInput
          label={t('articles.search.label')}
          placeholder={t('articles.search.placeholder')}
          description={ignored.length > 0 ? t('articles.search.ignored', { terms: ignored.join(', ') }) : t(`articles.search.help.${searchMode}`)}
          value={textInput}
          onChange={(e) => articles.getState().setTextInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
            // Enter opens the first article found.
            if (e.key === 'Enter') {
              const first = articles.getState().rowAt(0);
              if (first) open(first);
            }
          }}
          w={420}
          autoFocus
          data-testid="article-search"
        />
        <NativeSelect
          label={t('articles.articleType')}
          value={filters.articleType}
          onChange={(e) => articles.getState().setArticleType(e.currentTarget.value as ArticleTypeFilter)}
          data={[{ value: 'all', label: t('articles.allTypes') }, ...ARTICLE_TYPES.map((a) => ({ value: a, label: t(`articleTypes.${a}`) }))]}
          w={190}
          data-testid="article-type"
        />
        <Text size="sm" fw={600} mt={26} ml="auto" aria-live="polite" data-testid="article-count">
          {total === null
            ? firstPage
              ? t('articles.countAtLeast', { formatted: formatNumber(firstPage.length) + (firstHasMore ? '+' : '') })
              : t('common.loading')
            : t('articles.count', { count: total, formatted: formatNumber(total) })}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <Group align="stretch" wrap="nowrap" gap="sm" style={{ flex: 1, minHeight: 420 }}>
        <IsoBrowser />
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <VirtualTable
            key={generation}
            label={t('articles.listLabel')}
            columns={columns}
            rowCount={rowCount}
            getRow={getRow}
            getRowKey={(r) => r.articleId}
            onRangeChange={onRange}
            onOpen={open}
            openOnClick
            gridRef={gridRef}
            emptyText={total === 0 ? t('articles.empty') : undefined}
            testId="article-list"
          />
        </div>
      </Group>
    </div>
  );
}
