import { Alert, Anchor, Button, Checkbox, CloseButton, Group, List, NativeSelect, NumberInput, Radio, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useScanHandler } from '../scanner/useScanHandler';
import { useOrder, useStores } from '../../app/context';
import { formatNumber } from '../../i18n/format';
import { renderUiText } from '../../i18n/uiText';
import type { CartLine, CartSource, OrderKindChoice } from './orderStore';

const SOURCES: CartSource[] = ['suggestion', 'template', 'new'];
const KINDS: OrderKindChoice[] = ['replenishment', 'stockTransfer'];

/** Beställning: the order cart, started from the suggestion, a template or empty; registered in one go. */
export function CartPanel() {
  const { t } = useTranslation();
  const stores = useStores();
  const order = stores.order;
  const source = useOrder((s) => s.source);
  const kind = useOrder((s) => s.kind);
  const lines = useOrder((s) => s.lines);
  const registerError = useOrder((s) => s.registerError);
  const registering = useOrder((s) => s.registering);
  const created = useOrder((s) => s.created);

  // On "Ny", a scanned article number or GTIN adds the article to the cart (1 unit); other scans go on.
  useScanHandler(async ({ scan, meaning }) => {
    if (order.getState().source !== 'new' || (meaning.kind !== 'articleNo' && meaning.kind !== 'gs1')) return null;
    const added = await order.getState().addArticle(scan.text, 1);
    return added.ok
      ? { tone: 'ok', message: t('order.scanAdded', { no: added.value.articleNo, name: added.value.name }) }
      : { tone: 'refused', message: added.error.message };
  });

  // The suggestion is fetched whenever the cart is shown: levels may have changed meanwhile. Lines
  // already in the cart keep what the person did to them.
  useEffect(() => {
    const s = order.getState();
    if (s.source === 'suggestion' && !s.suggestionLoading) void s.loadSuggestion();
    if (s.templates === null) void s.loadTemplates();
  }, [order]);

  const ticked = lines.filter((l) => l.ticked);
  const suppliers = new Set(ticked.map((l) => l.article.supplierId)).size;
  const summary =
    ticked.length === 0
      ? ''
      : kind === 'stockTransfer'
        ? `${t('order.cart.summaryLines', { count: ticked.length })}: ${t('order.cart.summaryTransfer')}`
        : `${t('order.cart.summaryLines', { count: ticked.length })}, ${t('order.cart.summary', { count: suppliers })}`;

  return (
    <div className="panel-scroll">
      <Stack gap="sm" maw={1200}>
        <Text size="sm">{t('order.cart.intro')}</Text>
        <Group gap="md" align="flex-end" wrap="wrap">
          <div>
            <Text component="div" size="sm" fw={500} id="cart-source-label" mb={4}>
              {t('order.cart.source')}
            </Text>
            <SegmentedControl
              aria-labelledby="cart-source-label"
              value={source}
              onChange={(value) => order.getState().setSource(value as CartSource)}
              data={SOURCES.map((s) => ({ value: s, label: t(`order.cart.sources.${s}`) }))}
              data-testid="cart-source"
              aria-describedby="cart-source-help"
            />
            <Text size="xs" id="cart-source-help" mt={2}>
              {t('order.cart.sourceHelp')}
            </Text>
          </div>
          <SourceControls source={source} />
        </Group>
        <AddArticleForm />
        <CartTable lines={lines} />
        <Radio.Group
          label={t('order.cart.kind')}
          value={kind}
          onChange={(value) => order.getState().setKind(value as OrderKindChoice)}
          description={t(`order.cart.kindHelp.${kind}`)}
        >
          <Group gap="lg" mt={6}>
            {KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`order.cart.kinds.${k}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Group gap="sm" align="center">
          <Button onClick={() => void order.getState().register()} loading={registering} data-testid="cart-register">
            {t('order.cart.register')}
          </Button>
          <Button variant="default" onClick={() => order.getState().clearCart()} disabled={lines.length === 0}>
            {t('order.cart.clear')}
          </Button>
          <Text size="sm" data-testid="cart-summary" aria-live="polite">
            {summary}
          </Text>
        </Group>
        <div aria-live="polite">
          {registerError ? (
            <Alert color="red" variant="outline" role="alert" data-testid="cart-error">
              {renderUiText(t, registerError)}
            </Alert>
          ) : null}
          {created ? (
            <Alert color="green" variant="outline" title={t('order.cart.createdTitle')} data-testid="cart-created" withCloseButton closeButtonLabel={t('common.close')} onClose={() => order.getState().dismissCreated()}>
              <Stack gap={6}>
                <Text size="sm" data-testid="cart-created-message">
                  {created.message}
                </Text>
                <List size="sm" spacing={2}>
                  {created.orders.map((o) => (
                    <List.Item key={o.orderId}>
                      <Anchor
                        href={`#/replenishment/orders/${o.orderId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          stores.router.getState().navigate({ page: 'order', id: o.orderId });
                        }}
                      >
                        {t('order.cart.createdLine', { no: o.provisionalNo, supplier: o.supplierName ?? t('order.cart.noSupplier'), count: o.lines })}
                      </Anchor>{' '}
                      – {t('order.pendingCentral')}
                    </List.Item>
                  ))}
                </List>
                {created.warnings.map((w) => (
                  <Text key={w} size="sm" c="#a8410a">
                    {w}
                  </Text>
                ))}
                <div>
                  <Button size="xs" variant="light" onClick={() => stores.router.getState().navigate({ page: 'replenishment', tab: 'orders' })}>
                    {t('order.cart.showOrders')}
                  </Button>
                </div>
              </Stack>
            </Alert>
          ) : null}
        </div>
      </Stack>
    </div>
  );
}

/** What each way of starting the cart needs: reload the suggestion, pick a template, or nothing. */
function SourceControls({ source }: { source: CartSource }) {
  const { t } = useTranslation();
  const order = useStores().order;
  const days = useOrder((s) => s.suggestionDays);
  const loading = useOrder((s) => s.suggestionLoading);
  const loaded = useOrder((s) => s.suggestionLoaded);
  const suggested = useOrder((s) => s.lines.some((l) => l.suggestion !== null));
  const templates = useOrder((s) => s.templates);
  const [templateId, setTemplateId] = useState('');

  if (source === 'suggestion') {
    return (
      <Stack gap={4} style={{ flex: 1, minWidth: 320 }}>
        <Text size="sm">{t('order.cart.suggestionHelp', { days })}</Text>
        <Group gap="sm">
          <Button size="xs" variant="light" loading={loading} onClick={() => void order.getState().loadSuggestion()}>
            {t('order.cart.suggestionReload')}
          </Button>
          {loaded && !loading && !suggested ? (
            <Text size="sm" fw={500} data-testid="cart-suggestion-empty">
              {t('order.cart.suggestionEmpty')}
            </Text>
          ) : null}
        </Group>
      </Stack>
    );
  }
  if (source === 'template') {
    if (templates !== null && templates.length === 0) {
      return (
        <Text size="sm" fw={500} style={{ flex: 1 }}>
          {t('order.cart.templatesEmpty')}
        </Text>
      );
    }
    const chosen = templateId || templates?.[0]?.templateId || '';
    return (
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label={t('order.cart.template')}
          value={chosen}
          onChange={(e) => setTemplateId(e.currentTarget.value)}
          data={(templates ?? []).map((tpl) => ({ value: tpl.templateId, label: `${tpl.name} (${tpl.lines.length})` }))}
          w={300}
          data-testid="cart-template"
        />
        <Button variant="light" disabled={chosen === ''} onClick={() => order.getState().addTemplate(chosen)}>
          {t('order.cart.templateAdd')}
        </Button>
      </Group>
    );
  }
  return (
    <Text size="sm" style={{ flex: 1 }}>
      {t('order.cart.newHelp')}
    </Text>
  );
}

/** "Artikel" + "Antal": Enter adds (typed or scanned); the scan bus will call the same `addArticle`. */
function AddArticleForm() {
  const { t } = useTranslation();
  const order = useStores().order;
  const feedback = useOrder((s) => s.addFeedback);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | string>(1);
  const [adding, setAdding] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (adding) return;
    setAdding(true);
    const result = await order.getState().addArticle(code, typeof quantity === 'number' ? quantity : Number.NaN);
    setAdding(false);
    if (result.ok) {
      setCode('');
      setQuantity(1);
    }
    codeRef.current?.focus();
  };

  const refused = feedback?.kind === 'refused' ? renderUiText(t, feedback.message) : null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label={t('order.cart.add')} data-testid="cart-add">
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput
          ref={codeRef}
          label={t('order.cart.article')}
          placeholder={t('order.cart.articlePlaceholder')}
          description={t('order.cart.articleHelp')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={refused ?? undefined}
          w={380}
          autoComplete="off"
          spellCheck={false}
          data-testid="cart-article"
        />
        <NumberInput
          label={t('order.cart.quantity')}
          description={t('order.cart.quantityHelp')}
          value={quantity}
          onChange={setQuantity}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          data-testid="cart-quantity"
          // The button sits right beside the field, whatever is shown above or below it.
          inputContainer={(input) => (
            <Group gap="sm" wrap="nowrap">
              <div style={{ width: 100 }}>{input}</div>
              <Button type="submit" loading={adding} variant="light">
                {t('order.cart.add')}
              </Button>
            </Group>
          )}
        />
      </Group>
      <Text size="sm" mt={4} aria-live="polite" data-testid="cart-add-feedback" c={feedback?.kind === 'added' && feedback.warning ? '#a8410a' : undefined}>
        {feedback?.kind === 'added'
          ? `${t('order.cart.added', { articleNo: feedback.articleNo, name: feedback.name, total: formatNumber(feedback.total) })}${feedback.warning ? ` ${feedback.warning}` : ''}`
          : ''}
      </Text>
    </form>
  );
}

function CartTable({ lines }: { lines: CartLine[] }) {
  const { t } = useTranslation();
  const order = useStores().order;
  const days = useOrder((s) => s.suggestionDays);
  const lineErrors = useOrder((s) => s.lineErrors);
  const orderable = lines.filter((l) => l.article.refusal === null);
  const allTicked = orderable.length > 0 && orderable.every((l) => l.ticked);
  const someTicked = orderable.some((l) => l.ticked);

  if (lines.length === 0) {
    return (
      <Alert variant="outline" color="gray.8" data-testid="cart-empty">
        {t('order.cart.empty')}
      </Alert>
    );
  }
  const none = t('common.none');
  return (
    <Table striped withTableBorder verticalSpacing={4} className="cart-table" data-testid="cart-table">
      <caption className="visually-hidden">{t('order.cart.caption')}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={70}>
            <Checkbox
              aria-label={t('order.cart.tickAll')}
              checked={allTicked}
              indeterminate={someTicked && !allTicked}
              onChange={(e) => order.getState().setAllTicked(e.currentTarget.checked)}
            />
          </Table.Th>
          <Table.Th w={80}>{t('order.cart.columns.articleNo')}</Table.Th>
          <Table.Th>{t('order.cart.columns.name')}</Table.Th>
          <Table.Th>{t('order.cart.columns.supplier')}</Table.Th>
          <Table.Th className="num">{t('order.cart.columns.available')}</Table.Th>
          <Table.Th className="num">{t('order.cart.columns.onOrder')}</Table.Th>
          <Table.Th className="num">{t('order.cart.columns.min')}</Table.Th>
          <Table.Th className="num">{t('order.cart.columns.max')}</Table.Th>
          <Table.Th className="num">{t('order.cart.columns.issued', { days })}</Table.Th>
          <Table.Th w={120}>{t('order.cart.columns.quantity')}</Table.Th>
          <Table.Th w={40}>
            <span className="visually-hidden">{t('order.cart.remove')}</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l) => {
          const a = l.article;
          const error = lineErrors[a.articleId];
          return (
            <Table.Tr key={a.articleId} data-testid="cart-line" data-article={a.articleNo}>
              <Table.Td>
                <Checkbox
                  aria-label={t('order.cart.tick', { articleNo: a.articleNo })}
                  checked={l.ticked}
                  disabled={a.refusal !== null}
                  onChange={(e) => order.getState().setTicked(a.articleId, e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>{a.articleNo}</Table.Td>
              <Table.Td>
                <div>{a.name}</div>
                {a.refusal ? (
                  <Text size="xs" c="red.9" fw={600}>
                    {a.refusal}
                  </Text>
                ) : a.warning ? (
                  <Text size="xs" c="#a8410a">
                    {a.warning}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{a.supplierName ?? t('order.cart.noSupplier')}</Table.Td>
              <Table.Td className="num">{formatNumber(a.available)}</Table.Td>
              <Table.Td className="num">{l.suggestion ? formatNumber(l.suggestion.onOrder) : none}</Table.Td>
              <Table.Td className="num">{l.suggestion ? formatNumber(l.suggestion.minLevel) : none}</Table.Td>
              <Table.Td className="num">{l.suggestion ? formatNumber(l.suggestion.maxLevel) : none}</Table.Td>
              <Table.Td className="num">{l.suggestion ? formatNumber(l.suggestion.issuedLast90Days) : none}</Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={t('order.cart.quantityOf', { articleNo: a.articleNo })}
                  value={l.quantity ?? ''}
                  onChange={(v) => order.getState().setQuantity(a.articleId, typeof v === 'number' ? v : null)}
                  min={1}
                  allowDecimal={false}
                  allowNegative={false}
                  disabled={a.refusal !== null}
                  error={error ? renderUiText(t, error) : undefined}
                  size="xs"
                  w={100}
                />
              </Table.Td>
              <Table.Td>
                <CloseButton
                  aria-label={t('order.cart.removeOf', { articleNo: a.articleNo })}
                  title={t('order.cart.remove')}
                  onClick={() => order.getState().removeLine(a.articleId)}
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
