import { Alert, Anchor, Badge, Button, Group, List, Loader, Modal, NumberInput, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CentralDeliveryView } from '../../../shared/api/goods-receipt';
import { classifyScan } from '../../../shared/scan';
import { useCentralCheck, useStores } from '../../app/context';
import { i18n } from '../../i18n';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { renderUiText } from '../../i18n/uiText';
import { useScanHandler } from '../scanner/useScanHandler';
import { DEVIATION_TEXT_MAX, differingLines } from './centralCheckStore';
import { ScanFeedbackArea as SharedFeedback, ScanForm as SharedScanForm } from './ScanPanel';
import { BackLink, PageError } from '../../components/DetailPage';

type Line = CentralDeliveryView['lines'][number];

/**
 * Kontroll av leverans från centrallagret. The delivery arrives confirmed; the technician counts
 * what came by scanning (each scan of a line's article number or GTIN counts one) and reports a
 * difference to central as a deviation. Scans of codes on no line are refused with the reason.
 */
export function CentralDeliveryPage({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const view = useCentralCheck((s) => (s.orderId === orderId ? s.view : null));
  const error = useCentralCheck((s) => (s.orderId === orderId ? s.viewError : null));

  useEffect(() => {
    void stores.centralCheck.getState().open(orderId);
  }, [stores, orderId]);
  // A number of an order with no purchase order that central has not shipped yet (a replenishment
  // just registered here): nothing has arrived to check, so its order is shown instead.
  const notShipped = view !== null && view.shippedAt === null;
  useEffect(() => {
    if (notShipped) stores.router.getState().navigate({ page: 'order', id: orderId }, { replace: true });
  }, [stores, notShipped, orderId]);

  useScanHandler(({ meaning }) => {
    const feedback = stores.centralCheck.getState().scan(meaning);
    if (!feedback) return null;
    return { tone: feedback.outcome === 'ok' ? 'ok' : feedback.outcome === 'over' ? 'attention' : 'refused', message: renderUiText(i18n.t, feedback.message) };
  });

  const back = <BackLink to={{ page: 'goodsReceipt' }}>{t('centralDelivery.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.message} />
    );
  }
  if (!view || notShipped) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  }

  return (
    <div data-testid="central-delivery-page">
      <Group gap="md" justify="space-between">
        {back}
        <Anchor
          href={`#/replenishment/orders/${encodeURIComponent(view.orderId)}`}
          size="sm"
          onClick={(e) => {
            e.preventDefault();
            stores.router.getState().navigate({ page: 'order', id: view.orderId });
          }}
          data-testid="central-show-order"
        >
          {t('centralDelivery.showOrder')}
        </Anchor>
      </Group>
      <Title order={1} size="h3" mt="xs" mb="sm" data-testid="central-title">
        {t('centralDelivery.title', { no: view.orderNo ?? view.provisionalNo ?? '' })}
      </Title>
      <Header view={view} />
      <Stack gap="sm">
        <ReportedNotice />
        <ScanFeedbackArea />
        <ScanForm />
        <LinesTable view={view} />
        <Summary view={view} />
        <Deviations view={view} />
      </Stack>
    </div>
  );
}

function Header({ view }: { view: CentralDeliveryView }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Paper withBorder p="sm" mb="sm" component="section" aria-label={t('centralDelivery.facts')}>
      <dl className="facts receipt-facts" data-testid="central-facts">
        <dt>{t('centralDelivery.orderNo')}</dt>
        <dd>{view.orderNo ?? none}</dd>
        <dt>{t('centralDelivery.provisionalNo')}</dt>
        <dd>{view.provisionalNo ?? none}</dd>
        <dt>{t('centralDelivery.shippedAt')}</dt>
        <dd>{view.shippedAt ? formatDate(view.shippedAt) : t('centralDelivery.notShipped')}</dd>
      </dl>
      <Text size="sm" fw={700} mt="xs" data-testid="central-confirmed">
        {t('centralDelivery.confirmed')}
      </Text>
      <Text size="sm">{t('centralDelivery.confirmedHelp')}</Text>
    </Paper>
  );
}

function ReportedNotice() {
  const { t } = useTranslation();
  const reported = useCentralCheck((s) => s.reported);
  return (
    <div role="status" aria-live="polite">
      {reported ? (
        <Alert color="green" variant="outline" data-testid="central-reported">
          {t('centralDelivery.report.sent')}
        </Alert>
      ) : null}
    </div>
  );
}

function ScanFeedbackArea() {
  const { t } = useTranslation();
  const lastScan = useCentralCheck((s) => s.lastScan);
  const title = `${t('centralDelivery.scanTitle')}${lastScan?.lineNo ? ` – ${t('centralDelivery.scanLine', { lineNo: lastScan.lineNo })}` : ''}`;
  return <SharedFeedback lastScan={lastScan} title={title} message={lastScan ? renderUiText(t, lastScan.message) : t('centralDelivery.scanIdle')} testId="central-feedback" />;
}

function ScanForm() {
  const { t } = useTranslation();
  const centralCheck = useStores().centralCheck;
  return (
    <SharedScanForm
      label={t('centralDelivery.code')}
      help={t('centralDelivery.codeHelp')}
      send={t('centralDelivery.send')}
      testId="central-code"
      onCode={(text) => centralCheck.getState().scan(classifyScan(text))}
    />
  );
}

function LinesTable({ view }: { view: CentralDeliveryView }) {
  const { t } = useTranslation();
  const lastScan = useCentralCheck((s) => s.lastScan);
  const counted = useCentralCheck((s) => s.counted);
  const tableRef = useRef<HTMLTableElement>(null);
  const hit = lastScan && lastScan.outcome !== 'refused' ? lastScan.lineNo : null;

  // The line the scan counted comes into view.
  useEffect(() => {
    if (hit === null) return;
    tableRef.current?.querySelector(`tr[data-line="${hit}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [hit, lastScan?.seq]);

  return (
    <Table ref={tableRef} withTableBorder verticalSpacing={4} className="receipt-table" maw={1000} data-testid="central-lines">
      <caption className="visually-hidden">{t('centralDelivery.linesCaption')}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th className="num" w={50}>{t('centralDelivery.columns.lineNo')}</Table.Th>
          <Table.Th w={80}>{t('centralDelivery.columns.articleNo')}</Table.Th>
          <Table.Th>{t('centralDelivery.columns.name')}</Table.Th>
          <Table.Th className="num" w={100}>{t('centralDelivery.columns.expected')}</Table.Th>
          <Table.Th w={120}>{t('centralDelivery.columns.counted')}</Table.Th>
          <Table.Th w={110}>{t('centralDelivery.columns.check')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {view.lines.map((l) => {
          const n = counted[l.lineNo] ?? 0;
          const differs = n !== l.quantity;
          const className = [hit === l.lineNo ? 'receipt-hit' : '', differs ? 'central-differs' : ''].filter(Boolean).join(' ') || undefined;
          return (
            <Table.Tr key={l.lineNo} data-line={l.lineNo} data-differs={differs} className={className} data-testid="central-line">
              <Table.Td className="num">{l.lineNo}</Table.Td>
              <Table.Td>{l.articleNo}</Table.Td>
              <Table.Td>
                {l.name}
                {l.trackedIndividually ? (
                  <Text span size="xs" ml="xs">
                    ({t('centralDelivery.tracked')})
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td className="num" data-testid="central-line-expected">
                {formatNumber(l.quantity)}
              </Table.Td>
              <Table.Td>
                <CountedField line={l} counted={n} />
              </Table.Td>
              <Table.Td>
                {differs ? (
                  <Badge color="#7a4d00" variant="outline" size="sm" radius="sm" tt="none" data-testid="central-line-check">
                    {t('centralDelivery.lineDiffers')}
                  </Badge>
                ) : (
                  <Badge color="#1f6f33" variant="filled" size="sm" radius="sm" tt="none" data-testid="central-line-check">
                    ✓ {t('centralDelivery.lineOk')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** The counted quantity, typed by hand; a scan replaces what it shows. */
function CountedField({ line, counted }: { line: Line; counted: number }) {
  const { t } = useTranslation();
  const centralCheck = useStores().centralCheck;
  const [text, setText] = useState<string | number>(counted);
  useEffect(() => setText(counted), [counted]);
  return (
    <NumberInput
      aria-label={t('centralDelivery.countedOf', { lineNo: line.lineNo })}
      value={text}
      onChange={(v) => {
        setText(v);
        if (typeof v === 'number') centralCheck.getState().setCounted(line.lineNo, v);
      }}
      onBlur={() => {
        if (typeof text !== 'number') setText(counted);
      }}
      min={0}
      max={10_000}
      allowDecimal={false}
      allowNegative={false}
      size="xs"
      w={90}
      data-testid="central-counted"
    />
  );
}

function Summary({ view }: { view: CentralDeliveryView }) {
  const { t } = useTranslation();
  const counted = useCentralCheck((s) => s.counted);
  const differing = differingLines(view, counted);
  const [reporting, setReporting] = useState(false);
  return (
    <>
      <Group gap="sm" align="center">
        <Text size="lg" fw={700} c={differing.length === 0 ? '#1f6f33' : '#7a4d00'} aria-live="polite" data-testid="central-summary">
          {differing.length === 0 ? t('centralDelivery.allMatch') : t('centralDelivery.linesDiffer', { count: differing.length })}
        </Text>
        <span style={{ flex: 1 }} />
        <Button onClick={() => setReporting(true)} variant={differing.length === 0 ? 'default' : 'filled'} data-testid="central-report">
          {t('centralDelivery.report.open')}
        </Button>
      </Group>
      <ReportDialog view={view} opened={reporting} onClose={() => setReporting(false)} />
    </>
  );
}

function ReportDialog({ view, opened, onClose }: { view: CentralDeliveryView; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('centralDelivery.report.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened ? <ReportForm view={view} onClose={onClose} /> : null}
    </Modal>
  );
}

function ReportForm({ view, onClose }: { view: CentralDeliveryView; onClose: () => void }) {
  const { t } = useTranslation();
  const centralCheck = useStores().centralCheck;
  const counted = useCentralCheck((s) => s.counted);
  const reportError = useCentralCheck((s) => s.reportError);
  const busy = useCentralCheck((s) => s.reporting);
  const [text, setText] = useState('');
  const differing = differingLines(view, counted);

  useEffect(() => () => centralCheck.getState().clearReportError(), [centralCheck]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const result = await centralCheck.getState().report(text);
    if (result.ok) onClose();
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="central-report-form">
      <Stack gap="sm">
        <Text size="sm">{t('centralDelivery.report.intro')}</Text>
        <div>
          <Text size="sm" fw={600} id="central-report-differing">
            {t('centralDelivery.report.differing')}
          </Text>
          {differing.length === 0 ? (
            <Text size="sm">{t('centralDelivery.report.noneDiffering')}</Text>
          ) : (
            <List size="sm" spacing={2} aria-labelledby="central-report-differing" data-testid="central-report-lines">
              {differing.map((l) => (
                <List.Item key={l.lineNo}>
                  {t('centralDelivery.report.differingLine', { lineNo: l.lineNo, articleNo: l.articleNo, name: l.name, expected: l.quantity, counted: counted[l.lineNo] ?? 0 })}
                </List.Item>
              ))}
            </List>
          )}
        </div>
        <Textarea
          label={t('centralDelivery.report.text')}
          description={t('centralDelivery.report.textHelp', { max: DEVIATION_TEXT_MAX })}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            centralCheck.getState().clearReportError();
          }}
          error={reportError ? renderUiText(t, reportError) : undefined}
          maxLength={DEVIATION_TEXT_MAX}
          required
          autosize
          minRows={3}
          data-autofocus
          data-testid="central-report-text"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="central-report-submit">
            {t('centralDelivery.report.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Deviations({ view }: { view: CentralDeliveryView }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="central-deviations-title" maw={1000} data-testid="central-deviations">
      <Title order={2} size="h5" id="central-deviations-title">
        {t('centralDelivery.deviations.title')}
      </Title>
      {view.deviations.length === 0 ? (
        <Text size="sm">{t('centralDelivery.deviations.none')}</Text>
      ) : (
        <List size="sm" spacing={4}>
          {view.deviations.map((d, i) => (
            <List.Item key={`${d.at}-${i}`}>
              <Text size="xs" fw={600} span>
                {t('centralDelivery.deviations.entry', { at: formatDateTime(d.at), user: d.userName ?? none })}
              </Text>
              <Text size="sm">{d.text}</Text>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
