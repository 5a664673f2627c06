import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupList, RestorePlan } from '../../../shared/api/diagnostics';
import { useStores } from '../../app/context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { formatBytes } from './format';

/**
 * The backups and their restore, on Felsökning and on the startup-error screen (where the web host
 * answers these calls without a backend). A restore is confirmed in a dialog that says what the
 * backup lacks (backup.plan); then the host restarts the backend and the page reloads.
 */
export function BackupsPanel({ list, canRestore, onChanged }: { list: BackupList; canRestore: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const ask = async (name: string) => {
    setBusy(name);
    const answer = await transport.invoke('backup.plan', { name });
    setBusy(null);
    if (!answer.ok) {
      setError(answer.error.message);
      onChanged();
      return;
    }
    setError(null);
    setPlan(answer.value);
  };
  const restore = async () => {
    if (!plan) return;
    setRestoring(true);
    const answer = await transport.invoke('backup.restore', { name: plan.backup.name });
    if (!answer.ok) {
      setRestoring(false);
      setPlan(null);
      setError(answer.error.message);
      return;
    }
    // The host swaps the backend (web host) or restarts the app (Electron): start the page afresh.
    setTimeout(() => window.location.reload(), 1500);
  };

  return (
    <Stack gap="xs" data-testid="backups">
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error}
        </Alert>
      ) : null}
      {restoring ? (
        <Alert color="blue" variant="light" role="status" data-testid="restoring">
          {t('diagnostics.restoring')}
        </Alert>
      ) : null}
      {list.lastError ? (
        <Alert color="red" variant="outline">
          {t('diagnostics.backupError', { message: list.lastError })}
        </Alert>
      ) : null}
      {list.backups.length === 0 ? (
        <Text size="sm">{t('diagnostics.noBackups')}</Text>
      ) : (
        <Table striped withTableBorder aria-label={t('diagnostics.backups')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('diagnostics.createdAt')}</Table.Th>
              <Table.Th>{t('diagnostics.size')}</Table.Th>
              <Table.Th>{t('diagnostics.changeNo')}</Table.Th>
              {canRestore ? <Table.Th>{t('diagnostics.restore')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.backups.map((b) => (
              <Table.Tr key={b.name} data-testid="backup-row">
                <Table.Td>{formatDateTime(b.createdAt)}</Table.Td>
                <Table.Td>{formatBytes(b.bytes)}</Table.Td>
                <Table.Td>{formatNumber(b.lastMutationId)}</Table.Td>
                {canRestore ? (
                  <Table.Td>
                    <Button size="xs" variant="default" loading={busy === b.name} disabled={restoring} onClick={() => void ask(b.name)} aria-label={`${t('diagnostics.restore')} ${formatDateTime(b.createdAt)}`}>
                      {t('diagnostics.restore')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={plan !== null && !restoring}
        onClose={() => setPlan(null)}
        title={plan ? t('diagnostics.restoreTitle', { at: formatDateTime(plan.backup.createdAt) }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {plan ? (
          <Stack gap="sm" data-testid="restore-dialog">
            <Text size="sm">{plan.lostChanges > 0 ? t('diagnostics.restoreLost', { count: plan.lostChanges }) : t('diagnostics.restoreNothingLost')}</Text>
            {plan.lostChanges > 0 ? (
              <Text size="sm">{plan.unsyncedChanges ? t('diagnostics.restoreUnsynced', { count: plan.unsyncedChanges }) : t('diagnostics.restoreAllSynced')}</Text>
            ) : null}
            <Text size="sm">{t('diagnostics.restoreKept')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPlan(null)}>
                {t('diagnostics.restoreCancel')}
              </Button>
              <Button color="red" onClick={() => void restore()} data-testid="restore-confirm">
                {t('diagnostics.restoreConfirm')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
