import { Alert, Badge, Button, Group, Paper, Radio, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryDifference, DeviationDetails, DeviationItemLookup, DeviationList, DeviationRow } from '../../../shared/api/deviation';
import {
  DEVIATION_CATEGORIES,
  DEVIATION_DESCRIPTION_MAX,
  DEVIATION_EVENT_TYPES,
  DEVIATION_STATUSES,
  type DeviationCategory,
  type DeviationEventType,
  type DeviationStatus,
} from '../../../shared/domain/deviation/mutations';
import { useStores } from '../../app/context';
import { routeToHash, type DeviationSource } from '../../app/router';
import { BackLink, PageError } from '../../components/DetailPage';
import { formatDateTime } from '../../i18n/format';
import { AttachmentPanel } from '../attachment/AttachmentPanel';

type StatusFilter = 'open' | 'all' | DeviationStatus;
const STATUS_COLORS: Record<DeviationStatus, string> = { registered: '#1864ab', investigating: '#a8410a', closed: '#343a40' };

function StatusBadge({ status }: { status: DeviationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="outline" radius="sm" tt="none" data-testid="deviation-status">
      {t(`deviationStatuses.${status}`)}
    </Badge>
  );
}

const itemsText = (d: DeviationRow) => d.items.map((i) => (i.individualNo ? `${i.individualNo} (${i.articleNo})` : i.articleNo)).join(', ');

/**
 * Avvikelser (manual 003 "Avvikelse/reklamation"): the store's deviations and complaints with
 * status, searched by number, article or individual number or words; open or all; by event type.
 */
export function DeviationsPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const { transport } = stores;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('open');
  const [eventType, setEventType] = useState<DeviationEventType | null>(null);
  const [list, setList] = useState<DeviationList | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (q: { text: string; status: StatusFilter; eventType: DeviationEventType | null }) => {
      const result = await transport.invoke('deviation.search', q);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setList(result.value);
    },
    [transport],
  );
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    void load({ text: '', status, eventType });
    return transport.on('data.changed', ({ tables }) => {
      if (tables.includes('deviation')) void load({ text, status, eventType });
    });
    // Text is searched on submit only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load, status, eventType, transport]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load({ text, status, eventType });
  };

  return (
    <Stack gap="md" maw={1200}>
      <Group justify="space-between">
        <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
          {t('deviation.title')}
        </Title>
        <Button onClick={() => stores.router.getState().navigate({ page: 'newDeviation', from: null })} data-testid="deviation-new">
          {t('deviation.new')}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('deviation.intro')}
      </Text>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput label={t('deviation.searchLabel')} value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={100} w={320} data-testid="deviation-search" />
          <Select
            label={t('deviation.status')}
            value={status}
            onChange={(v) => setStatus((v as StatusFilter | null) ?? 'open')}
            data={(['open', 'all', ...DEVIATION_STATUSES] as const).map((s) => ({ value: s, label: t(`deviation.statusFilter.${s}`) }))}
            allowDeselect={false}
            w={200}
            data-testid="deviation-status-filter"
          />
          <Select
            label={t('deviation.eventTypeLabel')}
            value={eventType ?? ''}
            onChange={(v) => setEventType(v ? (v as DeviationEventType) : null)}
            data={[{ value: '', label: t('deviation.eventTypeAll') }, ...DEVIATION_EVENT_TYPES.map((e) => ({ value: e, label: t(`deviationEventTypes.${e}`) }))]}
            allowDeselect={false}
            w={220}
          />
          <Button type="submit" variant="default">
            {t('deviation.search')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error}
        </Alert>
      ) : null}
      {list && list.deviations.length === 0 ? <Text size="sm">{t('deviation.none')}</Text> : null}
      {list && list.deviations.length > 0 ? <DeviationTable deviations={list.deviations} /> : null}
      {list?.truncated ? <Text size="sm">{t('deviation.truncated')}</Text> : null}
    </Stack>
  );
}


/** Deviations with their status; the number opens one. */
function DeviationTable({ deviations, label }: { deviations: DeviationRow[]; label?: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const open = (id: string) => stores.router.getState().navigate({ page: 'deviation', id });
  return (
    <Table striped verticalSpacing={4} data-testid="deviation-list" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('deviation.columns.no')}</Table.Th>
          <Table.Th>{t('deviation.columns.at')}</Table.Th>
          <Table.Th>{t('deviation.columns.eventType')}</Table.Th>
          <Table.Th>{t('deviation.columns.category')}</Table.Th>
          <Table.Th>{t('deviation.columns.items')}</Table.Th>
          <Table.Th className="num">{t('deviation.columns.attachments')}</Table.Th>
          <Table.Th>{t('deviation.columns.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deviations.map((d) => (
          <Table.Tr key={d.id} data-testid="deviation-row" data-deviation-no={d.deviationNo}>
            <Table.Td>
              <a
                href={routeToHash({ page: 'deviation', id: d.id })}
                onClick={(e) => {
                  e.preventDefault();
                  open(d.id);
                }}
              >
                {d.deviationNo}
              </a>
            </Table.Td>
            <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
            <Table.Td>{t(`deviationEventTypes.${d.eventType}`)}</Table.Td>
            <Table.Td>{t(`deviationCategories.${d.category}`)}</Table.Td>
            <Table.Td>{itemsText(d) || t('common.none')}</Table.Td>
            <Table.Td className="num">{d.attachments}</Table.Td>
            <Table.Td>
              <StatusBadge status={d.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The recipient card's Avvikelser tab: the deviations registered for this recipient, open and closed, newest first. */
export function RecipientDeviations({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [list, setList] = useState<DeviationList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await transport.invoke('deviation.search', { recipientId, status: 'all' });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setList(r.value);
  }, [transport, recipientId]);
  useEffect(() => {
    void load();
    return transport.on('data.changed', ({ tables }) => (tables.includes('deviation') ? void load() : undefined));
  }, [load, transport]);
  if (error)
    return (
      <Alert color="red" variant="outline" role="alert">
        {error}
      </Alert>
    );
  if (list === null) return null;
  if (list.deviations.length === 0)
    return (
      <Text size="sm" data-testid="recipient-deviations-empty">
        {t('recipient.empty.deviations')}
      </Text>
    );
  return (
    <Stack gap="xs">
      <DeviationTable deviations={list.deviations} label={t('recipient.tabs.deviations', { count: list.deviations.length })} />
      {list.truncated ? <Text size="sm">{t('deviation.truncated')}</Text> : null}
    </Stack>
  );
}

/**
 * Ny avvikelse: event type, category, description, the aids (scanned or typed individual or article
 * numbers), optionally the goods-receipt difference it reports. Started from an individual or a
 * difference, that one is filled in. After registering, its page takes the attachments.
 */
export function NewDeviationPage({ from }: { from: DeviationSource | null }) {
  const { t } = useTranslation();
  const stores = useStores();
  const { transport } = stores;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [eventType, setEventType] = useState<DeviationEventType | null>(null);
  const [category, setCategory] = useState<DeviationCategory | null>(null);
  const [description, setDescription] = useState('');
  // An aid picked on the recipient's list keeps its row (aidId); typed or scanned ones have none.
  const [items, setItems] = useState<(DeviationItemLookup & { aidId?: string })[]>([]);
  const recipientId = from?.kind === 'aid' ? from.recipientId : null;
  const [code, setCode] = useState('');
  const [differences, setDifferences] = useState<DeliveryDifference[]>([]);
  const [deliveryId, setDeliveryId] = useState<string | null>(from?.kind === 'delivery' ? from.id : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    void transport.invoke('deviation.deliveryDifferences', {}).then((r) => {
      if (r.ok) setDifferences(r.value);
    });
  }, [transport]);
  useEffect(() => {
    if (from?.kind !== 'aid') return;
    void transport.invoke('recipient.aids', { recipientId: from.recipientId, tab: 'aids' }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      const a = r.value.find((x) => x.id === from.id);
      if (!a) return setError(t('deviation.aidGone'));
      setItems([{ articleId: a.articleId, articleNo: a.articleNo, name: a.articleName, individualId: a.individualId, individualNo: a.individualNo, aidId: a.id }]);
    });
  }, [from, transport, t]);
  useEffect(() => {
    if (from?.kind !== 'individual') return;
    void transport.invoke('individual.get', { id: from.id }).then(async (r) => {
      if (!r.ok) return;
      const found = await transport.invoke('deviation.lookupItem', { code: r.value.individualNo });
      if (found.ok) setItems([found.value]);
    });
  }, [from, transport]);
  // A receipt difference brings its articles (delivery category) unless the person chose otherwise.
  const chooseDelivery = (id: string | null) => {
    setDeliveryId(id);
    const d = differences.find((x) => x.id === id);
    if (!d) return;
    if (category === null) setCategory('delivery');
    if (eventType === null) setEventType('negativeEvent');
    setItems((now) => [...now, ...d.lines.filter((l) => !now.some((i) => i.articleId === l.articleId && i.individualId === null)).map((l) => ({ articleId: l.articleId, articleNo: l.articleNo, name: l.name, individualId: null, individualNo: null }))]);
  };
  useEffect(() => {
    if (from?.kind === 'delivery' && differences.some((d) => d.id === from.id)) chooseDelivery(from.id);
    // Once, when the differences have arrived.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [differences]);

  const addItem = async () => {
    setError(null);
    const r = await transport.invoke('deviation.lookupItem', { code });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    if (items.some((i) => i.articleId === r.value.articleId && i.individualId === r.value.individualId)) return;
    setItems([...items, r.value]);
    setCode('');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (eventType === null) return setError(t('deviation.chooseEventType'));
    if (category === null) return setError(t('deviation.chooseCategory'));
    setBusy(true);
    const r = await transport.invoke('deviation.register', {
      eventType,
      category,
      description,
      recipientId,
      deliveryDeviationId: deliveryId,
      items: items.map((i) => ({ articleId: i.articleId, individualId: i.individualId, aidId: i.aidId ?? null })),
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    stores.router.getState().navigate({ page: 'deviation', id: r.value.id });
  };

  return (
    <Stack gap="md" maw={820}>
      {recipientId ? (
        <BackLink to={{ page: 'recipient', id: recipientId, tab: 'aids' }}>{t('recipient.card.toCard')}</BackLink>
      ) : (
        <BackLink to={{ page: 'deviations' }}>{t('deviation.back')}</BackLink>
      )}
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('deviation.new')}
      </Title>
      {recipientId ? (
        <Text size="sm" data-testid="deviation-for-recipient">
          {t('deviation.forRecipient')}
        </Text>
      ) : null}
      <form onSubmit={(e) => void submit(e)} data-testid="deviation-form">
        <Stack gap="sm">
          <Radio.Group label={t('deviation.eventTypeLabel')} value={eventType ?? ''} onChange={(v) => setEventType(v as DeviationEventType)} withAsterisk>
            <Group mt={4}>
              {DEVIATION_EVENT_TYPES.map((e) => (
                <Radio key={e} value={e} label={t(`deviationEventTypes.${e}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Select
            label={t('deviation.categoryLabel')}
            placeholder={t('deviation.categoryPlaceholder')}
            value={category}
            onChange={(v) => setCategory(v as DeviationCategory | null)}
            data={DEVIATION_CATEGORIES.map((c) => ({ value: c, label: t(`deviationCategories.${c}`) }))}
            withAsterisk
            w={380}
            data-testid="deviation-category"
          />
          <Select
            label={t('deviation.delivery')}
            value={deliveryId ?? ''}
            onChange={(v) => chooseDelivery(v ? v : null)}
            data={[
              { value: '', label: t('deviation.deliveryNone') },
              ...differences.map((d) => ({
                value: d.id,
                label: `${t('deviation.deliveryOption', { orderNo: d.orderNo ?? d.orderId, at: formatDateTime(d.at) })}${d.reportedAs ? ` (${t('deviation.deliveryReported', { no: d.reportedAs })})` : ''}`,
                disabled: d.reportedAs !== null,
              })),
            ]}
            allowDeselect={false}
            w={380}
            data-testid="deviation-delivery"
          />
          <Textarea
            label={t('deviation.description')}
            description={t('deviation.descriptionHint')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            maxLength={DEVIATION_DESCRIPTION_MAX}
            autosize
            minRows={3}
            withAsterisk
            data-testid="deviation-description"
          />
          <Paper withBorder p="sm">
            <Text fw={600} size="sm" mb={4}>
              {t('deviation.items')}
            </Text>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('deviation.noItems')}
              </Text>
            ) : (
              <Stack gap={4} data-testid="deviation-items">
                {items.map((i) => (
                  <Group key={`${i.articleId}|${i.individualId ?? ''}`} gap="xs">
                    <Text size="sm">
                      {i.individualNo ? `${i.individualNo} · ` : ''}
                      {i.articleNo} {i.name}
                    </Text>
                    <Button variant="subtle" size="compact-xs" color="red" onClick={() => setItems(items.filter((x) => x !== i))}>
                      {t('deviation.removeItem')}
                    </Button>
                  </Group>
                ))}
              </Stack>
            )}
            <Group mt="xs" align="flex-end">
              <TextInput
                label={t('deviation.itemCode')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void addItem();
                  }
                }}
                maxLength={40}
                data-testid="deviation-item-code"
              />
              <Button variant="default" onClick={() => void addItem()} disabled={code.trim() === ''}>
                {t('deviation.addItem')}
              </Button>
            </Group>
          </Paper>
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="deviation-error">
              {error}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={busy} data-testid="deviation-register">
              {t('deviation.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** One deviation: its facts and status, the aids it concerns, and its attachments. */
export function DeviationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [details, setDetails] = useState<DeviationDetails | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const load = useCallback(async () => {
    const r = await transport.invoke('deviation.get', { id });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDetails(r.value);
  }, [transport, id]);
  useEffect(() => {
    void load();
    return transport.on('data.changed', ({ tables }) => {
      if (tables.includes('deviation') || tables.includes('attachment')) void load();
    });
  }, [load, transport]);
  useEffect(() => {
    if (details) headingRef.current?.focus();
  }, [details?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const back = <BackLink to={{ page: 'deviations' }}>{t('deviation.back')}</BackLink>;
  if (error) return <PageError back={back} message={error.code === 'not-found' ? t('deviation.notFound') : error.message} testId="deviation-error" />;
  if (!details) return <Text size="sm">{t('common.loading')}</Text>;
  const none = t('common.none');
  return (
    <div data-testid="deviation-details">
      {back}
      <Group gap="md" mt="xs" mb="md">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} data-testid="deviation-title">
          {t(`deviationEventTypes.${details.eventType}`)} {details.deviationNo}
        </Title>
        <StatusBadge status={details.status} />
        {details.pendingCentral ? (
          <Badge color="#8a5a00" variant="outline" radius="sm" tt="none" data-testid="deviation-pending">
            {t('deviation.pendingCentral')}
          </Badge>
        ) : null}
      </Group>
      <Paper withBorder p="md" mb="md" component="section" aria-labelledby="deviation-facts" maw={760}>
        <Title order={2} size="h4" id="deviation-facts" mb="xs">
          {t('deviation.details')}
        </Title>
        <dl className="facts">
          <dt>{t('deviation.eventTypeLabel')}</dt>
          <dd>{t(`deviationEventTypes.${details.eventType}`)}</dd>
          <dt>{t('deviation.categoryLabel')}</dt>
          <dd>{t(`deviationCategories.${details.category}`)}</dd>
          <dt>{t('deviation.status')}</dt>
          <dd>
            {t(`deviationStatuses.${details.status}`)}
            {details.statusChangedAt ? ` (${t('deviation.statusChangedAt').toLowerCase()} ${formatDateTime(details.statusChangedAt)})` : ''}
          </dd>
          <dt>{t('deviation.by')}</dt>
          <dd>
            {details.createdByName ?? none}, {formatDateTime(details.createdAt)}
          </dd>
          <dt>{t('deviation.recipient')}</dt>
          <dd>{details.recipient?.name ?? none}</dd>
          <dt>{t('deviation.fromDelivery')}</dt>
          <dd>{details.deliveryDeviation ? `${t('deviation.deliveryOption', { orderNo: details.deliveryDeviation.orderNo ?? details.deliveryDeviation.orderId, at: formatDateTime(details.deliveryDeviation.at) })}: ${details.deliveryDeviation.text}` : none}</dd>
          <dt>{t('deviation.items')}</dt>
          <dd data-testid="deviation-detail-items">{itemsText(details) || none}</dd>
          <dt>{t('deviation.description')}</dt>
          <dd style={{ whiteSpace: 'pre-wrap' }} data-testid="deviation-description-text">
            {details.description}
          </dd>
        </dl>
      </Paper>
      <AttachmentPanel ownerKind="deviation" ownerId={details.id} />
    </div>
  );
}
