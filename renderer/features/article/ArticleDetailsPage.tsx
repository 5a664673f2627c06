import { Anchor, Badge, Group, Loader, Paper, SimpleGrid, Table, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleComponentView, ArticlePage } from '../../../shared/api/article';
import { useArticles, useStores } from '../../app/context';
import { ArticleStatusText } from '../../components/StatusBadge';
import { formatIsoCode, formatKronor, formatNumber } from '../../i18n/format';
import { availabilityText } from './ArticleSearchPage';
import { BackLink, PageError } from '../../components/DetailPage';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function ArticleLink({ articleNo }: { articleNo: string }) {
  const stores = useStores();
  return (
    <Anchor
      href={`#/articles/${encodeURIComponent(articleNo)}`}
      size="sm"
      onClick={(e) => {
        e.preventDefault();
        stores.router.getState().navigate({ page: 'article', articleNo });
      }}
    >
      {articleNo}
    </Anchor>
  );
}

function ComponentTable({ rows, testId }: { rows: ArticleComponentView[]; testId: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Text size="sm">{t('articles.page.noComponents')}</Text>;
  return (
    <Table striped withTableBorder data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('articles.columns.articleNo')}</Table.Th>
          <Table.Th>{t('articles.columns.name')}</Table.Th>
          <Table.Th>{t('articles.columns.type')}</Table.Th>
          <Table.Th>{t('articles.columns.status')}</Table.Th>
          <Table.Th ta="right">{t('articles.page.quantity')}</Table.Th>
          <Table.Th ta="right">{t('articles.columns.own')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((c) => (
          <Table.Tr key={c.articleId}>
            <Table.Td>
              <ArticleLink articleNo={c.articleNo} />
            </Table.Td>
            <Table.Td>{c.name}</Table.Td>
            <Table.Td>{t(`articleTypes.${c.articleType}`)}</Table.Td>
            <Table.Td>
              <ArticleStatusText status={c.articleStatus} />
            </Table.Td>
            <Table.Td ta="right">{formatNumber(c.quantity)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.ownAvailable)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Details({ page }: { page: ArticlePage }) {
  const { t } = useTranslation();
  const standard = page.components.filter((c) => c.kind === 'standard');
  const other = page.components.filter((c) => c.kind === 'other');
  return (
    <>
      <Paper withBorder p="sm" mb="sm">
        <SimpleGrid cols={4} spacing="sm" verticalSpacing="xs">
          <Field label={t('articles.page.type')} testId="article-type-field">{t(`articleTypes.${page.articleType}`)}</Field>
          <Field label={t('articles.page.status')}>
            <ArticleStatusText status={page.articleStatus} />
          </Field>
          <Field label={t('articles.page.unit')}>{page.unit}</Field>
          <Field label={t('articles.page.packSize')} testId="article-pack-size">{formatNumber(page.packSize)}</Field>
          <Field label={t('articles.page.iso')} testId="article-iso">
            {page.isoPath.map((c) => `${formatIsoCode(c.code)} ${c.name}`).join(' › ') || formatIsoCode(page.isoCode)}
          </Field>
          <Field label={t('articles.page.productName')}>{page.productName ?? '–'}</Field>
          <Field label={t('articles.page.supplier')}>{page.supplier?.name ?? '–'}</Field>
          <Field label={t('articles.page.supplierArticleNo')}>{page.supplierArticleNo ?? '–'}</Field>
          <Field label={t('articles.page.price')} testId="article-price">{formatKronor(page.priceOre)}</Field>
          <Field label={t('articles.page.category')}>{t(`articles.page.category${page.aidCategory}`)}</Field>
          <Field label={t('articles.page.tracked')}>{page.trackedIndividually ? t('articles.page.yes') : t('articles.page.no')}</Field>
          <Field label={t('articles.page.gtin')}>{page.gtins.join(', ') || '–'}</Field>
          <Field label={t('articles.columns.own')} testId="article-own">{formatNumber(page.ownAvailable)}</Field>
          <Field label={t('articles.columns.central')} testId="article-central">{availabilityText(page.centralAvailable)}</Field>
        </SimpleGrid>
      </Paper>
      <Tabs defaultValue="components" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="components">{t('articles.page.components', { count: page.components.length })}</Tabs.Tab>
          <Tabs.Tab value="replacements" data-testid="tab-replacements">{t('articles.page.replacementGroup')}</Tabs.Tab>
          <Tabs.Tab value="stock" data-testid="tab-stock">{t('articles.page.stock')}</Tabs.Tab>
          <Tabs.Tab value="documents" data-testid="tab-documents">{t('articles.page.documents', { count: page.documents.length })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="components" pt="xs">
          <Text fw={600} size="sm" mb={4}>
            {t('articles.page.standardComponents')}
          </Text>
          <ComponentTable rows={standard} testId="components-standard" />
          <Text fw={600} size="sm" mt="sm" mb={4}>
            {t('articles.page.otherComponents')}
          </Text>
          <ComponentTable rows={other} testId="components-other" />
        </Tabs.Panel>
        <Tabs.Panel value="replacements" pt="xs">
          {page.replacementGroup ? (
            <>
              <Text size="sm" mb={4}>
                {t('articles.page.groupIntro', { name: page.replacementGroup.name })}
              </Text>
              <Table striped withTableBorder data-testid="replacement-group">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('articles.page.rank')}</Table.Th>
                    <Table.Th>{t('articles.columns.articleNo')}</Table.Th>
                    <Table.Th>{t('articles.columns.name')}</Table.Th>
                    <Table.Th>{t('articles.columns.status')}</Table.Th>
                    <Table.Th ta="right">{t('articles.columns.own')}</Table.Th>
                    <Table.Th ta="right">{t('articles.columns.central')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.replacementGroup.members.map((m) => (
                    <Table.Tr key={m.articleId} fw={m.current ? 700 : undefined} aria-current={m.current ? 'true' : undefined}>
                      <Table.Td>{m.rank}</Table.Td>
                      <Table.Td>{m.current ? m.articleNo : <ArticleLink articleNo={m.articleNo} />}</Table.Td>
                      <Table.Td>
                        {m.name}
                        {m.current ? (
                          <Badge size="xs" ml="xs" variant="light">
                            {t('articles.page.thisArticle')}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <ArticleStatusText status={m.articleStatus} />
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(m.ownAvailable)}</Table.Td>
                      <Table.Td ta="right">{availabilityText(m.centralAvailable)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Text size="sm">{t('articles.page.noGroup')}</Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="stock" pt="xs">
          {page.stock.length === 0 ? (
            <Text size="sm">{t('articles.page.noStock')}</Text>
          ) : (
            <Table striped withTableBorder maw={720} data-testid="article-stock">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('articles.page.store')}</Table.Th>
                  <Table.Th ta="right">{t('articles.page.onHand')}</Table.Th>
                  <Table.Th ta="right">{t('articles.page.reserved')}</Table.Th>
                  <Table.Th ta="right">{t('articles.page.available')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.stock.map((s) => (
                  <Table.Tr key={s.storeId}>
                    <Table.Td>
                      {s.storeId} {s.storeName}
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(s.onHand)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(s.reserved)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(s.available)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="xs">
          {page.documents.length === 0 ? (
            <Text size="sm">{t('articles.page.noDocuments')}</Text>
          ) : (
            <ul data-testid="article-documents">
              {page.documents.map((d) => (
                <li key={d.id}>
                  <Anchor href={d.url} target="_blank" rel="noreferrer" size="sm">
                    {d.name}
                  </Anchor>
                </li>
              ))}
            </ul>
          )}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** Artikelinformation: one article with its individmall, replacement group, stock and documents. */
export function ArticleDetailsPage({ articleNo }: { articleNo: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const page = useArticles((s) => (s.page?.articleNo === articleNo ? s.page : null));
  const error = useArticles((s) => s.pageError);
  const loading = useArticles((s) => s.pageLoading);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void stores.articles.getState().openArticle(articleNo);
  }, [stores, articleNo]);
  const shown = page?.id;
  useEffect(() => {
    if (shown !== undefined) headingRef.current?.focus();
  }, [shown]);

  const back = <BackLink to={{ page: 'articles' }}>{t('articles.page.back')}</BackLink>;
  if (error && !loading) {
    return (
      <PageError back={back} testId="article-error" message={error.message} />
    );
  }
  if (!page) return <Loader size="sm" aria-label={t('common.loading')} />;
  return (
    <div data-testid="article-page">
      {back}
      <Group gap="sm" mt="xs" mb="sm" align="baseline">
        <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
          {page.articleNo} {page.name}
        </Title>
      </Group>
      <Details page={page} />
    </div>
  );
}
