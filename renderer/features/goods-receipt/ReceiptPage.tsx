import { Alert, Badge, Button, Group, List, Loader, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Fragment, memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/goods-receipt';
import { receiptPrice } from '../../../shared/domain/goods-receipt/draft';
import { useReceipt, useStores } from '../../app/context';
import { useScanHandler } from '../scanner/useScanHandler';
import { LinkGtin } from './LinkGtin';
import { ReceiptDocuments } from './ReceiptDocuments';
import { ScanFeedbackArea as SharedFeedback, ScanForm as SharedScanForm } from './ScanPanel';
import { formatDate, formatDateTime, formatKronor, formatNumber } from '../../i18n/format';
import { renderUiText } from '../../i18n/uiText';
import { PurchaseOrderStatusBadge } from '../order/orderText';
import { CancelReceiptDialog } from './CancelReceiptDialog';
import { fieldKey, type ReceiptField } from './receiptStore';
import { BackLink, PageError } from '../../components/DetailPage';

type Line = ReceiptView['lines'][number];

/**
 * Kvittens: scanner first. Every scan (and a code typed into "Skanna/skriv kod") goes through
 * `receiptStore.scan`; the big feedback area says what it did, the line it ticked lights up.
 */
export function ReceiptPage({ purchaseOrderId }: { purchaseOrderId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const view = useReceipt((s) => (s.purchaseOrderId === purchaseOrderId ? s.view : null));
  const error = useReceipt((s) => (s.purchaseOrderId === purchaseOrderId ? s.viewError : null));
  const approved = useReceipt((s) => (s.purchaseOrderId === purchaseOrderId ? s.approved : null));

  useEffect(() => {
    void stores.receipt.getState().open(purchaseOrderId);
  }, [stores, purchaseOrderId]);

  // Every scan on this screen goes into the receipt (the backend resolves it in the replica and
  // says what it did); the tone follows its answer.
  useScanHandler(async ({ scan }) => {
    await stores.receipt.getState().scan(scan.text, scan.symbology);
    const last = stores.receipt.getState().lastScan;
    return last ? { tone: last.outcome === 'ok' ? 'ok' : 'refused', message: last.message } : null;
  });

  const back = <BackLink to={{ page: 'goodsReceipt' }}>{t('receipt.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.message} />
    );
  }
  if (!view) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  }

  return (
    <div data-testid="receipt-page">
      {back}
      <Group gap="md" mt="xs" mb="sm" align="center">
        <Title order={1} size="h3" data-testid="receipt-title">
          {t('receipt.title', { no: view.purchaseOrderNo })}
        </Title>
        <PurchaseOrderStatusBadge status={view.status} />
      </Group>
      <Header view={view} />
      {approved ? <ApprovedNotice /> : null}
      {view.closed?.outcome !== 'cancelled' ? <ReceiptDocuments purchaseOrderId={view.purchaseOrderId} approved={view.closed?.outcome === 'approved'} /> : null}
      {view.closed ? <ClosedReceipt view={view} /> : <OpenReceipt view={view} />}
    </div>
  );
}

function Header({ view }: { view: ReceiptView }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Paper withBorder p="sm" mb="sm" component="section" aria-label={t('receipt.facts')}>
      <dl className="facts receipt-facts" data-testid="receipt-facts">
        <dt>{t('receipt.purchaseOrderNo')}</dt>
        <dd>{view.purchaseOrderNo}</dd>
        <dt>{t('receipt.orderNo')}</dt>
        <dd>{view.orderNo ?? none}</dd>
        <dt>{t('receipt.provisionalNo')}</dt>
        <dd>{view.provisionalNo ?? none}</dd>
        <dt>{t('receipt.supplier')}</dt>
        <dd>{view.supplierName ?? none}</dd>
        <dt>{t('receipt.store')}</dt>
        <dd>
          {view.storeId} {view.storeName}
        </dd>
        <dt>{t('receipt.deliveredAt')}</dt>
        <dd>{view.deliveredAt ? formatDate(view.deliveredAt) : t('receipt.notDelivered')}</dd>
      </dl>
    </Paper>
  );
}

/** "Kvittensen är godkänd" and the individuals the receipt created. */
function ApprovedNotice() {
  const { t } = useTranslation();
  const approved = useReceipt((s) => s.approved);
  if (!approved) return null;
  const individuals = approved.individuals.filter((i) => i.individualNo !== '');
  return (
    <Alert color="green" variant="outline" title={t('receipt.approvedTitle')} mb="sm" role="status" data-testid="receipt-approved">
      <Text size="sm">{t('receipt.approvedText', { no: approved.purchaseOrderNo, amount: formatKronor(approved.totalOre) })}</Text>
      {individuals.length > 0 ? (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('receipt.approvedIndividuals')}
          </Text>
          <List size="sm" spacing={2} data-testid="receipt-approved-individuals">
            {individuals.map((i) => (
              <List.Item key={i.individualNo}>
                {i.individualNo} – {i.articleNo} {i.name}
                {i.serialNo ? `, ${t('receipt.serialNo').toLowerCase()} ${i.serialNo}` : ''}
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
    </Alert>
  );
}

/** A receipt that is approved or cancelled: who, when, why; the purchase order's lines read-only. */
function ClosedReceipt({ view }: { view: ReceiptView }) {
  const { t } = useTranslation();
  const closed = view.closed!;
  const user = closed.userName ?? t('common.none');
  const scanned = useReceipt((s) => s.lastScan !== null);
  return (
    <Stack gap="sm">
      {/* A scan into a closed receipt (from the scan bus) is refused: the refusal is shown. */}
      {scanned ? <ScanFeedbackArea /> : null}
      <Alert color={closed.outcome === 'approved' ? 'green' : 'gray.8'} variant="outline" data-testid="receipt-closed">
        <Text size="sm">
          {closed.outcome === 'approved'
            ? t('receipt.closedApproved', { at: formatDateTime(closed.at), user })
            : t('receipt.closedCancelled', { at: formatDateTime(closed.at), user })}
        </Text>
        {closed.reason ? <Text size="sm">{t('receipt.closedReason', { reason: closed.reason })}</Text> : null}
      </Alert>
      <Table striped withTableBorder verticalSpacing={4} maw={900}>
        <caption className="visually-hidden">{t('receipt.closedLines')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th className="num" w={50}>{t('receipt.columns.lineNo')}</Table.Th>
            <Table.Th w={80}>{t('receipt.columns.articleNo')}</Table.Th>
            <Table.Th>{t('receipt.columns.name')}</Table.Th>
            <Table.Th className="num">{t('receipt.ordered')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.lines.map((l) => (
            <Table.Tr key={l.lineNo}>
              <Table.Td className="num">{l.lineNo}</Table.Td>
              <Table.Td>{l.articleNo}</Table.Td>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td className="num">{formatNumber(l.ordered)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function OpenReceipt({ view }: { view: ReceiptView }) {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  const actionError = useReceipt((s) => s.actionError);
  const busy = useReceipt((s) => s.busy);
  const [cancelling, setCancelling] = useState(false);
  const waitingForNumbers = view.lines.some((l) => l.units.some((u) => u.individualNo === null));

  return (
    <Stack gap="sm">
      <ScanFeedbackArea />
      <LinkGtin view={view} />
      <ScanForm />
      <LinesTable view={view} />
      <Text size="lg" fw={700} data-testid="receipt-total">
        {t('receipt.total', { amount: formatKronor(view.totalOre) })}
      </Text>
      {view.ready ? (
        <Text size="sm" c="#1f6f33" fw={600} data-testid="receipt-ready">
          {t('receipt.ready')}
        </Text>
      ) : (
        <Paper withBorder p="sm" component="section" aria-labelledby="receipt-missing-title" data-testid="receipt-missing">
          <Text id="receipt-missing-title" size="sm" fw={600}>
            {t('receipt.missingTitle')}
          </Text>
          <List size="sm" spacing={2}>
            {view.missing.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Paper>
      )}
      <div aria-live="polite">
        {actionError ? (
          <Alert color="red" variant="outline" role="alert" data-testid="receipt-action-error">
            {renderUiText(t, actionError)}
          </Alert>
        ) : null}
      </div>
      <Group gap="sm" align="center">
        <Button
          variant="light"
          onClick={() => void receipt.getState().takeNumbers()}
          loading={busy === 'takeNumbers'}
          disabled={!waitingForNumbers}
          aria-describedby="receipt-numbers-left"
          data-testid="receipt-take-numbers"
        >
          {t('receipt.takeNumbers')}
        </Button>
        <Text size="sm" id="receipt-numbers-left" data-testid="receipt-numbers-left">
          {t('receipt.numbersLeft', { count: view.numbersLeft, formatted: formatNumber(view.numbersLeft) })}
        </Text>
        <span style={{ flex: 1 }} />
        <Button variant="default" color="red" onClick={() => setCancelling(true)} data-testid="receipt-cancel">
          {t('receipt.cancel')}
        </Button>
        {/* Not disabled when something is missing: the backend's refusal (a partial line…) is shown. */}
        <Button onClick={() => void receipt.getState().approve()} loading={busy === 'approve'} data-testid="receipt-approve">
          {t('receipt.approve')}
        </Button>
      </Group>
      <CancelReceiptDialog opened={cancelling} onClose={() => setCancelling(false)} />
    </Stack>
  );
}

function ScanFeedbackArea() {
  const { t } = useTranslation();
  const lastScan = useReceipt((s) => s.lastScan);
  const title = `${t('receipt.scanTitle')}${lastScan?.lineNo ? ` – ${t('receipt.scanLine', { lineNo: lastScan.lineNo })}` : ''}`;
  return <SharedFeedback lastScan={lastScan} title={title} message={lastScan?.message ?? t('receipt.scanIdle')} testId="receipt-feedback" />;
}

function ScanForm() {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  return <SharedScanForm label={t('receipt.code')} help={t('receipt.codeHelp')} send={t('receipt.send')} testId="receipt-code" onCode={(text) => void receipt.getState().scan(text)} />;
}

function LinesTable({ view }: { view: ReceiptView }) {
  const { t } = useTranslation();
  const lastScan = useReceipt((s) => s.lastScan);
  const tableRef = useRef<HTMLTableElement>(null);
  const hit = lastScan?.outcome === 'ok' ? lastScan.lineNo : null;

  // The line the scan ticked comes into view.
  useEffect(() => {
    if (hit === null) return;
    tableRef.current?.querySelector(`tr[data-line="${hit}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [hit, lastScan?.seq]);

  return (
    <Table ref={tableRef} withTableBorder verticalSpacing={4} className="receipt-table" data-testid="receipt-lines">
      <caption className="visually-hidden">{t('receipt.linesCaption')}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th className="num" w={50}>{t('receipt.columns.lineNo')}</Table.Th>
          <Table.Th w={80}>{t('receipt.columns.articleNo')}</Table.Th>
          <Table.Th>{t('receipt.columns.name')}</Table.Th>
          <Table.Th w={260}>{t('receipt.columns.received')}</Table.Th>
          <Table.Th w={210}>{t('receipt.columns.price')}</Table.Th>
          <Table.Th className="num" w={130}>{t('receipt.columns.total')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {view.lines.map((l) => (
          <LineRows key={l.lineNo} line={l} hit={hit === l.lineNo} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * One line of the receipt (and its units). A scan changes one line, but the answer carries all of
 * them as new objects: a line is drawn again only when its content changed, so a scan into a long
 * receipt redraws one row, not a hundred rows of inputs.
 */
const LineRows = memo(
  function LineRows({ line: l, hit }: { line: Line; hit: boolean }) {
    const { t } = useTranslation();
    return (
      <Fragment key={l.lineNo}>
        <Table.Tr data-line={l.lineNo} className={hit ? 'receipt-hit' : undefined} data-testid="receipt-line">
          <Table.Td className="num">{l.lineNo}</Table.Td>
          <Table.Td>{l.articleNo}</Table.Td>
          <Table.Td>{l.name}</Table.Td>
          <Table.Td>
            <Group gap="xs" wrap="nowrap">
              {l.tracked ? (
                <Text size="sm" fw={600} data-testid="receipt-line-count">
                  {t('receipt.receivedOf', { received: l.received, ordered: l.ordered })}
                </Text>
              ) : (
                <QuantityField line={l} />
              )}
              {l.complete ? (
                <Badge color="#1f6f33" variant="filled" size="sm" radius="sm" tt="none" style={{ flexShrink: 0 }} data-testid="receipt-line-complete">
                  ✓ {t('receipt.complete')}
                </Badge>
              ) : null}
            </Group>
          </Table.Td>
          <Table.Td>
            <PriceField line={l} />
          </Table.Td>
          <Table.Td className="num">{formatKronor(l.received * receiptPrice(l))}</Table.Td>
        </Table.Tr>
        {l.tracked ? (
          <Table.Tr className="receipt-units">
            <Table.Td colSpan={6}>
              <Units line={l} />
            </Table.Td>
          </Table.Tr>
        ) : null}
      </Fragment>
    );
  },
  (a, b) => a.hit === b.hit && JSON.stringify(a.line) === JSON.stringify(b.line),
);

/** A field that saves with Enter (and when left, if changed); its refusal is shown beside it. */
function useSavedField(field: ReceiptField, saved: string) {
  const receipt = useStores().receipt;
  const [text, setText] = useState(saved);
  const error = useReceipt((s) => s.fieldErrors[fieldKey(field)]);
  // A new value from the backend (a scan, another edit) replaces what the field shows.
  useEffect(() => setText(saved), [saved]);
  return {
    text,
    setText: (value: string) => {
      setText(value);
      receipt.getState().clearFieldError(field);
    },
    error,
    changed: text.trim() !== saved,
  };
}

const onEnter = (save: () => void) => (event: KeyboardEvent<HTMLInputElement>) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    save();
  }
};

function PriceField({ line }: { line: Line }) {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  const saved = String(receiptPrice(line) / 100);
  const f = useSavedField({ kind: 'price', lineNo: line.lineNo }, saved);
  const save = () => {
    if (f.changed || f.error) void receipt.getState().setPrice(line.lineNo, f.text);
  };
  return (
    <TextInput
      aria-label={t('receipt.priceOf', { lineNo: line.lineNo })}
      title={t('receipt.priceHelp')}
      value={f.text}
      onChange={(e) => f.setText(e.currentTarget.value)}
      onKeyDown={onEnter(save)}
      onBlur={() => {
        if (f.changed) save();
      }}
      error={f.error ? renderUiText(t, f.error) : undefined}
      size="xs"
      inputMode="numeric"
      autoComplete="off"
      rightSection={<Text size="xs">kr</Text>}
      data-testid="receipt-price"
    />
  );
}

function QuantityField({ line }: { line: Line }) {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  const f = useSavedField({ kind: 'quantity', lineNo: line.lineNo }, String(line.received));
  const save = () => {
    if (!f.changed) return;
    void receipt.getState().setQuantity(line.lineNo, f.text.trim() === '' ? Number.NaN : Number(f.text));
  };
  return (
    <Group gap={6} wrap="nowrap" align="center">
      <NumberInput
        aria-label={t('receipt.receivedOfLabel', { lineNo: line.lineNo })}
        value={f.text}
        onChange={(v) => f.setText(String(v))}
        onKeyDown={onEnter(save)}
        onBlur={save}
        min={0}
        max={line.ordered}
        allowDecimal={false}
        allowNegative={false}
        error={f.error ? renderUiText(t, f.error) : undefined}
        size="xs"
        w={80}
        data-testid="receipt-quantity"
      />
      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="receipt-line-count">
        / {line.ordered}
      </Text>
    </Group>
  );
}

/** A tracked line's units: serial number and individual number editable, a unit removable. */
function Units({ line }: { line: Line }) {
  const { t } = useTranslation();
  if (line.units.length === 0) {
    return <Text size="sm">{t('receipt.noUnits')}</Text>;
  }
  return (
    <Table verticalSpacing={2} withRowBorders={false} maw={820} aria-label={t('receipt.unitsOf', { lineNo: line.lineNo })} data-testid="receipt-units">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={60}>{t('receipt.unit')}</Table.Th>
          <Table.Th>{t('receipt.serialNo')}</Table.Th>
          <Table.Th>{t('receipt.individualNo')}</Table.Th>
          <Table.Th w={130}>{t('receipt.numberSource')}</Table.Th>
          <Table.Th w={90}>
            <span className="visually-hidden">{t('receipt.removeUnit')}</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {line.units.map((u, i) => (
          <UnitRow key={u.individualId} line={line} unit={u} n={i + 1} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function UnitRow({ line, unit, n }: { line: Line; unit: Line['units'][number]; n: number }) {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  const serial = useSavedField({ kind: 'serialNo', individualId: unit.individualId }, unit.serialNo ?? '');
  const number = useSavedField({ kind: 'individualNo', individualId: unit.individualId }, unit.individualNo ?? '');
  const saveSerial = () => {
    if (serial.changed) void receipt.getState().setSerialNo(line.lineNo, unit.individualId, serial.text);
  };
  const saveNumber = () => {
    if (number.changed) void receipt.getState().setIndividualNo(line.lineNo, unit.individualId, number.text);
  };
  return (
    <Table.Tr data-testid="receipt-unit">
      <Table.Td>{n}</Table.Td>
      <Table.Td>
        <TextInput
          aria-label={t('receipt.serialOf', { lineNo: line.lineNo, n })}
          value={serial.text}
          onChange={(e) => serial.setText(e.currentTarget.value)}
          onKeyDown={onEnter(saveSerial)}
          onBlur={saveSerial}
          error={serial.error ? renderUiText(t, serial.error) : undefined}
          size="xs"
          autoComplete="off"
          spellCheck={false}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={t('receipt.individualNoOf', { lineNo: line.lineNo, n })}
          value={number.text}
          onChange={(e) => number.setText(e.currentTarget.value)}
          onKeyDown={onEnter(saveNumber)}
          onBlur={saveNumber}
          error={number.error ? renderUiText(t, number.error) : undefined}
          size="xs"
          autoComplete="off"
          spellCheck={false}
        />
      </Table.Td>
      <Table.Td>
        <Text size="xs">{unit.numberSource ? t(`receipt.numberSources.${unit.numberSource}`) : t('common.none')}</Text>
      </Table.Td>
      <Table.Td>
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          aria-label={t('receipt.removeUnitOf', { lineNo: line.lineNo, n })}
          onClick={() => void receipt.getState().removeUnit(line.lineNo, unit.individualId)}
        >
          {t('receipt.removeUnit')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
