import { Alert, Button, Group, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalCheck } from '../../../shared/api/stocktake';
import type { StocktakeUncounted } from '../../../shared/domain/model';
import { useStocktake, useStores } from '../../app/context';
import { formatDateTime, formatKronor, formatNumber } from '../../i18n/format';

/**
 * Godkänn inventeringen (store admins): what the approval will do now (from `stocktake.approvalCheck`),
 * the choice for uncounted lines with both consequences, and whose counts may still be missing.
 * The approval carries the digest of the counts shown; central refuses it if it holds others.
 */
export function ApproveDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('stocktake.approve.title')} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="stocktake-approve-dialog">
      {opened ? <ApproveContent onClose={onClose} /> : null}
    </Modal>
  );
}

function ApproveContent({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const check = useStocktake((s) => s.approvalCheck);
  const error = useStocktake((s) => s.approvalError);
  const approving = useStocktake((s) => s.approving);
  const [uncounted, setUncounted] = useState<StocktakeUncounted>('keep');
  const [done, setDone] = useState(false);

  useEffect(() => {
    void stocktake.getState().loadApprovalCheck();
  }, [stocktake]);

  if (done) {
    return (
      <Stack gap="sm">
        <Alert color="green" variant="outline" role="status" data-testid="stocktake-approved">
          {t('stocktake.approve.done')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );
  }
  if (!check) {
    return error ? (
      <Alert color="red" variant="outline" role="alert">
        {error.message}
      </Alert>
    ) : (
      <Loader size="sm" aria-label={t('common.loading')} />
    );
  }

  const approve = async () => {
    const result = await stocktake.getState().approve(uncounted);
    if (result.ok) setDone(true);
  };

  return (
    <Stack gap="sm" data-testid="stocktake-approval-check">
      <Totals check={check} />
      <Radio.Group label={t('stocktake.approve.uncounted', { count: check.totals.uncountedLines })} value={uncounted} onChange={(v) => setUncounted(v as StocktakeUncounted)}>
        <Stack gap={6} mt={4}>
          <Radio
            value="keep"
            label={t('stocktake.approve.keep')}
            description={t('stocktake.approve.consequence', { adjustments: check.adjustments, individuals: check.toInvestigation, value: formatKronor(check.valueOre) })}
            data-testid="stocktake-uncounted-keep"
          />
          <Radio
            value="zero"
            label={t('stocktake.approve.zero')}
            description={t('stocktake.approve.consequence', { adjustments: check.zero.adjustments, individuals: check.zero.toInvestigation, value: formatKronor(check.zero.valueOre) })}
            data-testid="stocktake-uncounted-zero"
          />
        </Stack>
      </Radio.Group>
      <Workstations check={check} />
      {check.blocked ? (
        <Alert color="orange" variant="outline" role="alert" data-testid="stocktake-approve-blocked">
          {check.blocked}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" variant="outline" role="alert" data-testid="stocktake-approve-error">
          {error.message}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void approve()} loading={approving} disabled={check.blocked !== null} data-autofocus data-testid="stocktake-approve">
          {t('stocktake.approve.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

function Totals({ check }: { check: ApprovalCheck }) {
  const { t } = useTranslation();
  const x = check.totals;
  const rows: [string, string][] = [
    [t('stocktake.approve.lines'), t('stocktake.approve.linesValue', { lines: formatNumber(x.lines), counted: formatNumber(x.countedLines), uncounted: formatNumber(x.uncountedLines) })],
    [t('stocktake.approve.differences'), formatNumber(x.linesWithDifference)],
    [t('stocktake.approve.plusMinus'), `+${formatKronor(x.plusOre)} / −${formatKronor(Math.abs(x.minusOre))}`],
    [t('stocktake.approve.missing'), formatNumber(x.missing)],
    [t('stocktake.approve.wrongPlace'), formatNumber(x.wrongPlace)],
    [t('stocktake.approve.unknown'), formatNumber(x.unknown)],
    [t('stocktake.approve.duplicates'), formatNumber(x.duplicates)],
    [t('stocktake.approve.negative'), formatNumber(x.negative)],
    [t('stocktake.approve.counts'), formatNumber(check.counts)],
  ];
  return (
    <dl className="facts stocktake-approve-facts" data-testid="stocktake-approve-totals">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Workstations({ check }: { check: ApprovalCheck }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="stocktake-ws-title">
      <Text size="sm" fw={600} id="stocktake-ws-title" mb={4}>
        {t('stocktake.approve.workstations')}
      </Text>
      {check.workstations.length === 0 ? (
        <Text size="sm">{t('stocktake.approve.noCounts')}</Text>
      ) : (
        <Table withTableBorder verticalSpacing={2} data-testid="stocktake-workstations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stocktake.approve.workstation')}</Table.Th>
              <Table.Th className="num">{t('stocktake.approve.wsCounts')}</Table.Th>
              <Table.Th>{t('stocktake.approve.wsLast')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {check.workstations.map((w) => (
              <Table.Tr key={w.clientId}>
                <Table.Td>
                  {w.workstation}
                  {w.self ? ` (${t('stocktake.approve.thisWorkstation')})` : ''}
                </Table.Td>
                <Table.Td className="num">{formatNumber(w.counts)}</Table.Td>
                <Table.Td>{formatDateTime(w.lastAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" mt={6} data-testid="stocktake-unsynced">
        {check.unsynced > 0
          ? t('stocktake.approve.unsynced', { count: check.unsynced, at: check.lastSyncAt ? formatDateTime(check.lastSyncAt) : t('stocktake.approve.never') })
          : t('stocktake.approve.allSynced', { at: check.lastSyncAt ? formatDateTime(check.lastSyncAt) : t('stocktake.approve.never') })}
      </Text>
      <Alert color="orange" variant="light" mt={6} p="xs" data-testid="stocktake-sync-warning">
        {t('stocktake.approve.syncWarning')}
      </Alert>
    </section>
  );
}
