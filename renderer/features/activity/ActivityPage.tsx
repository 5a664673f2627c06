import { Alert, Anchor, Button, Checkbox, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityDetails, PartLookup } from '../../../shared/api/activity';
import { useSession, useStores } from '../../app/context';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { useScanHandler } from '../scanner/useScanHandler';
import { isStoreStaff } from '../session/permissions';
import { openPrintPreview } from '../print/printPreview';
import { AttachmentPanel } from '../attachment/AttachmentPanel';
import { ActivityStatusBadge } from './ActivityList';

/**
 * One activity (manual 003 "Mina aktiviteter", detaljvyn): artikel/individ, number and status on
 * top, then Mottagare, Aktivitet, Bilagor (added here later too; files central added are read
 * here), and Arbetstid och material (its reports). A buffer repair that is
 * not closed is reported back here by the store's staff: what was done, spare parts from the own
 * store (scanned or typed article numbers), working time, and "Avsluta aktivitet".
 */
export function ActivityPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { transport, router } = useStores();
  const staff = useSession((s) => isStoreStaff(s.status?.user));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [details, setDetails] = useState<ActivityDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await transport.invoke('activity.get', { id });
    if (r.ok) {
      setDetails(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [transport, id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => transport.on('data.changed', (e) => (e.tables.includes('activity') ? void load() : undefined)), [transport, load]);
  const shown = details?.id;
  useEffect(() => {
    if (shown !== undefined) headingRef.current?.focus();
  }, [shown]);

  const back = (
    <Anchor
      href="#/activities"
      size="sm"
      onClick={(e) => {
        e.preventDefault();
        router.getState().navigate({ page: 'activities' });
      }}
    >
      ← {t('activity.details.back')}
    </Anchor>
  );
  if (error && !details) {
    return (
      <div>
        {back}
        <Alert color="red" variant="outline" role="alert" mt="sm" maw={640}>
          {error}
        </Alert>
      </div>
    );
  }
  if (!details) return null;
  const none = t('common.none');
  const aid = details.individualNo ? `${details.individualNo} ${details.articleName ?? ''}` : details.articleNo ? `${details.articleNo} ${details.articleName ?? ''}` : none;

  return (
    <Stack gap="md" maw={1100} data-testid="activity-page">
      {back}
      <Group gap="md" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} data-testid="activity-heading">
          {t('activity.details.heading', { no: details.no })}
        </Title>
        <Text size="lg">{t(`activity.kinds.${details.kind}`)}</Text>
        <ActivityStatusBadge status={details.status} />
        <PrintWorkOrderButtons activityId={details.id} />
      </Group>
      <div aria-live="polite">
        {notice ? (
          <Alert color="green" variant="outline" data-testid="activity-notice">
            {notice}
          </Alert>
        ) : null}
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="activity-facts">
          <Title order={2} size="h4" id="activity-facts" mb="xs">
            {details.title}
          </Title>
          <dl className="facts" data-testid="activity-facts-list">
            <dt>{t('activity.details.aid')}</dt>
            <dd>
              {details.individualId ? (
                <Anchor
                  href={`#/individuals/${encodeURIComponent(details.individualId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    router.getState().navigate({ page: 'individual', id: details.individualId! });
                  }}
                >
                  {aid}
                </Anchor>
              ) : (
                aid
              )}
            </dd>
            <dt>{t('activity.details.recipient')}</dt>
            <dd>
              {details.recipientId ? (
                <Anchor
                  href={`#/recipients/${encodeURIComponent(details.recipientId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    router.getState().navigate({ page: 'recipient', id: details.recipientId!, tab: 'activities' });
                  }}
                >
                  {details.recipientName}
                </Anchor>
              ) : (
                none
              )}
            </dd>
            <dt>{t('activity.details.order')}</dt>
            <dd data-testid="activity-order">{details.orderNo ?? none}</dd>
            <dt>{t('activity.details.priority')}</dt>
            <dd>{t(`activity.priorities.${details.priority}`)}</dd>
            <dt>{t('activity.details.address')}</dt>
            <dd>
              {t(`activity.addressTypes.${details.addressType}`)}
              {details.address ? `: ${details.address}` : ''}
            </dd>
            <dt>{t('activity.details.contactPrescriber')}</dt>
            <dd>{details.contactPrescriber ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('activity.details.created')}</dt>
            <dd>
              {formatDateTime(details.createdAt)} {details.userName ?? ''}
            </dd>
            {details.closedAt ? (
              <>
                <dt>{t('activity.details.closedAt')}</dt>
                <dd>{formatDateTime(details.closedAt)}</dd>
              </>
            ) : null}
          </dl>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="activity-action">
          <Title order={2} size="h4" id="activity-action" mb="xs">
            {t('activity.details.requestedAction')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="activity-requested">
            {details.requestedAction}
          </Text>
          {details.description ? (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('activity.details.description')}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{details.description}</Text>
            </>
          ) : null}
        </Paper>
      </SimpleGrid>
      <AttachmentPanel ownerKind="activity" ownerId={details.id} />
      <Paper withBorder p="md" component="section" aria-labelledby="activity-reports">
        <Title order={2} size="h4" id="activity-reports" mb="xs">
          {t('activity.details.reports')}
        </Title>
        {details.reports.length === 0 ? (
          <Text size="sm">{t('activity.details.noReports')}</Text>
        ) : (
          <Table striped withTableBorder data-testid="activity-reports-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('activity.details.reportAt')}</Table.Th>
                <Table.Th>{t('activity.details.reportBy')}</Table.Th>
                <Table.Th>{t('activity.details.reportText')}</Table.Th>
                <Table.Th>{t('activity.details.reportMinutes')}</Table.Th>
                <Table.Th>{t('activity.details.reportParts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.reports.map((r, i) => (
                <Table.Tr key={`${r.at}-${i}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.at)}</Table.Td>
                  <Table.Td>{r.userName ?? t('activity.details.central')}</Table.Td>
                  <Table.Td>
                    {r.text}
                    {r.closed ? ` (${t('activity.details.closedMark')})` : ''}
                  </Table.Td>
                  <Table.Td>{t('activity.details.minutes', { count: r.minutes })}</Table.Td>
                  <Table.Td>{r.parts.map((p) => `${formatNumber(p.quantity)} × ${p.articleNo}`).join(', ') || none}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {details.reportable ? (
        staff ? (
          <ReportForm
            activityId={details.id}
            onSaved={(closed) => {
              setNotice(closed ? t('activity.report.closed') : t('activity.report.saved'));
              void load();
            }}
          />
        ) : (
          <Text size="sm">{t('activity.report.staffOnly')}</Text>
        )
      ) : details.status !== 'closed' ? (
        <Text size="sm" data-testid="activity-waiting-central">
          {t('activity.details.waitingCentral')}
        </Text>
      ) : null}
    </Stack>
  );
}

interface PartLine extends PartLookup {
  quantity: number;
}

function ReportForm({ activityId, onSaved }: { activityId: string; onSaved: (closed: boolean) => void }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [text, setText] = useState('');
  const [minutes, setMinutes] = useState<number | string>(0);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | string>(1);
  const [parts, setParts] = useState<PartLine[]>([]);
  const [close, setClose] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const addPart = async (partCode: string) => {
    const r = await transport.invoke('activity.lookupPart', { code: partCode });
    if (!r.ok) {
      setError(r.error.message);
      return r;
    }
    const q = typeof quantity === 'number' ? quantity : Number(quantity) || 1;
    setParts((ps) => [...ps.filter((p) => p.articleId !== r.value.articleId), { ...r.value, quantity: q }]);
    setCode('');
    setQuantity(1);
    setError(null);
    return r;
  };
  useScanHandler(async ({ scan, meaning }) => {
    if (meaning.kind !== 'articleNo' && meaning.kind !== 'gs1') return null;
    const r = await addPart(scan.text.trim());
    return r.ok ? { tone: 'ok', message: `${r.value.articleNo} ${r.value.name}` } : { tone: 'refused', message: r.error.message };
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await transport.invoke('activity.reportBack', {
      activityId,
      text,
      minutes: typeof minutes === 'number' ? minutes : Number(minutes),
      parts: parts.map((p) => ({ articleId: p.articleId, quantity: p.quantity })),
      close,
    });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setText('');
    setMinutes(0);
    setParts([]);
    onSaved(close);
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="report-title" data-testid="activity-report-form" noValidate>
      <Title order={2} size="h4" id="report-title" mb="xs">
        {t('activity.report.title')}
      </Title>
      <Stack gap="sm">
        <Textarea label={t('activity.report.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} required data-testid="report-text" />
        <NumberInput label={t('activity.report.minutes')} value={minutes} onChange={setMinutes} min={0} allowDecimal={false} maw={240} data-testid="report-minutes" />
        <Group align="flex-end" gap="sm">
          <TextInput label={t('activity.report.partCode')} value={code} onChange={(e) => setCode(e.currentTarget.value)} data-testid="report-part-code" />
          <NumberInput label={t('activity.report.partQuantity')} value={quantity} onChange={setQuantity} min={1} allowDecimal={false} maw={120} data-testid="report-part-quantity" />
          <Button variant="light" onClick={() => void addPart(code)} data-testid="report-add-part">
            {t('activity.report.addPart')}
          </Button>
        </Group>
        {parts.length > 0 ? (
          <Table withTableBorder data-testid="report-parts" aria-label={t('activity.report.partsCaption')}>
            <Table.Tbody>
              {parts.map((p) => (
                <Table.Tr key={p.articleId}>
                  <Table.Td>
                    {p.articleNo} {p.name}
                  </Table.Td>
                  <Table.Td>{formatNumber(p.quantity)}</Table.Td>
                  <Table.Td>{t('activity.report.available', { count: p.available })}</Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="xs" onClick={() => setParts((ps) => ps.filter((x) => x.articleId !== p.articleId))}>
                      {t('activity.report.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        <Checkbox label={t('activity.report.close')} checked={close} onChange={(e) => setClose(e.currentTarget.checked)} data-testid="report-close" />
        <div aria-live="polite">
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="report-error">
              {error}
            </Alert>
          ) : null}
        </div>
        <Group>
          <Button type="submit" data-testid="report-save">
            {t('activity.report.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Skriv ut (manual 003 "Aktivitet Taklyft"): the work order for the technician, and the supplier's copy without personal data. */
function PrintWorkOrderButtons({ activityId }: { activityId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [busy, setBusy] = useState<string | null>(null);
  const print = async (document: 'workOrder' | 'supplierCopy') => {
    setBusy(document);
    const r = await stores.transport.invoke('activity.pdf', { activityId, document });
    setBusy(null);
    if (!r.ok) {
      stores.session.getState().noteError(r.error);
      return;
    }
    openPrintPreview(r.value);
  };
  return (
    <Group gap="xs" ml="auto">
      <Button size="xs" variant="light" loading={busy === 'workOrder'} onClick={() => void print('workOrder')} data-testid="activity-pdf">
        {t('activity.details.pdf')}
      </Button>
      <Button size="xs" variant="default" loading={busy === 'supplierCopy'} onClick={() => void print('supplierCopy')} data-testid="activity-supplier-pdf">
        {t('activity.details.supplierPdf')}
      </Button>
    </Group>
  );
}
