import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { openPrintPreview } from '../print/printPreview';
import { useIssue, useStores } from '../../app/context';
import { formatDateTime } from '../../i18n/format';
import { useScanHandler } from '../scanner/useScanHandler';
import { allPicked, openLines, pickedLines } from './newOrderStore';

/**
 * An order to a recipient. A direct order (from the own store) waits here for its utleverans:
 * print the pick list, scan each individual and article that goes out (untracked lines may be
 * counted by hand), then "Utleverera": stock, individuals and the recipient's aids change together.
 */
export function RecipientOrderPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.issue;
  const view = useIssue((s) => (s.orderId === id ? s.view : null));
  const error = useIssue((s) => (s.orderId === id ? s.error : null));
  const picked = useIssue((s) => s.picked);
  const feedback = useIssue((s) => s.feedback);
  const issuing = useIssue((s) => s.issuing);
  const issueError = useIssue((s) => s.issueError);
  const issued = useIssue((s) => s.issued);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [code, setCode] = useState('');

  useEffect(() => {
    void store.getState().open(id);
  }, [store, id]);

  useScanHandler(({ scan }) => {
    const fb = store.getState().scan(scan.text);
    return fb ? { tone: fb.tone, message: fb.message } : null;
  });

  if (error) {
    return (
      <Alert color="red" variant="outline" role="alert" maw={640}>
        {error.message}
      </Alert>
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
  const open = view.direct && (view.status === 'registered' || view.status === 'picking');
  const all = allPicked(view, picked);
  const toIssue = pickedLines(view, picked).length;
  const stillOpen = openLines(view).length;
  const h = view.header;
  const printPickList = async () => {
    setPdfError(null);
    const r = await store.getState().pickList();
    if (r.ok) openPrintPreview(r.value);
    else setPdfError(r.error.message);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() === '') return;
    store.getState().scan(code);
    setCode('');
  };

  return (
    <Stack gap="md" maw={1200} data-testid="recipient-order-page">
      <Group gap="sm" align="center">
        <Title order={1} size="h3" data-testid="recipient-order-title">
          {t(`orderKinds.${view.kind}`)} {view.orderNo ?? view.provisionalNo}
        </Title>
        <Badge variant="light" color={view.status === 'shipped' || view.status === 'delivered' ? 'green' : view.status === 'cancelled' ? 'gray' : view.status === 'picking' ? 'orange' : 'blue'} data-testid="recipient-order-status">
          {t(`orderStatuses.${view.status}`)}
        </Badge>
        {view.orderNo === null ? (
          <Badge variant="outline" color="orange">
            {t('recipientOrder.waitingForCentral')}
          </Badge>
        ) : null}
      </Group>
      <Paper withBorder p="sm" component="section" aria-label={t('recipientOrder.facts')}>
        <dl className="facts" data-testid="recipient-order-facts">
          <dt>{t('recipientOrder.recipient')}</dt>
          <dd>
            {view.recipient.name} ({view.recipient.idLine})
          </dd>
          <dt>{t('recipientOrder.orderNo')}</dt>
          <dd>{view.orderNo ?? t('recipientOrder.noOrderNo')}</dd>
          <dt>{t('recipientOrder.provisionalNo')}</dt>
          <dd>{view.provisionalNo ?? '–'}</dd>
          <dt>{t('recipientOrder.registered')}</dt>
          <dd>
            {formatDateTime(view.createdAt)} {view.userName ?? ''}
          </dd>
          {view.shippedAt ? (
            <>
              <dt>{t('recipientOrder.shippedAt')}</dt>
              <dd>{formatDateTime(view.shippedAt)}</dd>
            </>
          ) : null}
          {h.otherInformation ? (
            <>
              <dt>{t('recipientOrder.otherInformation')}</dt>
              <dd>{h.otherInformation}</dd>
            </>
          ) : null}
          {h.manual ? (
            <>
              <dt>{t('recipientOrder.manual')}</dt>
              <dd>{h.manualComment}</dd>
            </>
          ) : null}
        </dl>
      </Paper>
      {open ? (
        <Paper withBorder p="sm" component="section" aria-labelledby="issue-title">
          <Title order={2} size="h5" id="issue-title" mb="xs">
            {t('recipientOrder.issueTitle')}
          </Title>
          <Text size="sm" mb="xs">
            {t('recipientOrder.issueHelp')}
          </Text>
          <Group gap="sm" align="flex-end">
            <Button variant="light" onClick={() => void printPickList()} data-testid="pick-list">
              {t('recipientOrder.pickList')}
            </Button>
            <form onSubmit={submit}>
              <Group gap="xs" align="flex-end">
                <TextInput label={t('recipientOrder.scanLabel')} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={240} data-testid="issue-code" autoComplete="off" />
                <Button type="submit" variant="default">
                  {t('recipientOrder.tick')}
                </Button>
              </Group>
            </form>
          </Group>
          {pdfError ? (
            <Alert color="red" variant="outline" mt="xs" role="alert">
              {pdfError}
            </Alert>
          ) : null}
          <div role="status" aria-live="polite">
            {feedback ? (
              <Text size="sm" mt="xs" c={feedback.tone === 'refused' ? 'red.9' : undefined} fw={500} data-testid="issue-feedback">
                {feedback.message}
              </Text>
            ) : null}
          </div>
        </Paper>
      ) : null}
      {issued ? (
        <Alert color="green" variant="outline" role="status" data-testid="issued">
          {issued.left === 0 ? t('recipientOrder.issued', { name: view.recipient.name }) : t('recipientOrder.issuedPartly', { count: issued.count, left: issued.left, name: view.recipient.name })}
        </Alert>
      ) : null}
      <Table striped withTableBorder data-testid="recipient-order-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recipientOrder.col.no')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.article')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.name')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.individual')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.location')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.quantity')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.payer')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.status')}</Table.Th>
            {open ? <Table.Th>{t('recipientOrder.col.picked')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.lines.map((l) => (
            <Table.Tr key={l.lineNo} data-picked={(picked[l.lineNo] ?? 0) === l.quantity ? 'yes' : 'no'}>
              <Table.Td>{l.lineNo}</Table.Td>
              <Table.Td>{l.articleNo}</Table.Td>
              <Table.Td>
                {l.name}
                {l.note ? (
                  <Text size="xs" c="dimmed">
                    {l.note}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{l.individualNo ?? '–'}</Table.Td>
              <Table.Td>{l.location ?? '–'}</Table.Td>
              <Table.Td>
                {l.quantity} {l.unit}
              </Table.Td>
              <Table.Td>{l.payerId ?? '–'}</Table.Td>
              <Table.Td>{view.direct && l.status === 'shipped' ? t('recipientOrder.lineIssued') : t(`orderLineStatuses.${l.status}`)}</Table.Td>
              {open ? (
                <Table.Td>
                  {l.status !== 'registered' ? (
                    <Badge color="gray" variant="light" data-testid="line-issued">
                      {t('recipientOrder.lineIssued')}
                    </Badge>
                  ) : l.tracked ? (
                    (picked[l.lineNo] ?? 0) === 1 ? (
                      <Badge color="green" variant="light">
                        {t('recipientOrder.scanned')}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('recipientOrder.scanIndividual')}
                      </Text>
                    )
                  ) : (
                    <NumberInput
                      aria-label={t('recipientOrder.pickedOf', { no: l.articleNo })}
                      value={picked[l.lineNo] ?? 0}
                      min={0}
                      max={l.quantity}
                      allowDecimal={false}
                      w={80}
                      onChange={(v) => store.getState().setPicked(l.lineNo, typeof v === 'number' ? Math.min(l.quantity, Math.max(0, v)) : 0)}
                    />
                  )}
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open ? (
        <Group gap="sm">
          <Button onClick={() => void store.getState().issue()} loading={issuing} disabled={toIssue === 0} data-testid="issue">
            {all || toIssue === 0 ? t('recipientOrder.issue') : t('recipientOrder.issuePicked', { count: toIssue, open: stillOpen })}
          </Button>
          {issueError ? (
            <Alert color="red" variant="outline" role="alert" py={6}>
              {issueError.message}
            </Alert>
          ) : toIssue === 0 ? (
            <Text size="sm" c="dimmed">
              {t('recipientOrder.nothingPicked')}
            </Text>
          ) : !all ? (
            <Text size="sm" c="dimmed" data-testid="issue-partly">
              {t('recipientOrder.partlyPicked')}
            </Text>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
