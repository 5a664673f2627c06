import { Alert, Button, Checkbox, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConflict, SyncStatus } from '../../../shared/api/schemas';
import { useStores, useSync } from '../../app/context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { isRunning } from './syncStore';
import { describeProgress, errorKind } from './syncText';

/**
 * Synk: whether this workstation reaches the central server, what waits to be sent, the first
 * sync's progress, what stopped it (errors, the fail-safe's question) and the changes the central
 * server refused, with what to do about each.
 */
export function SyncPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const sync = stores.sync;
  const status = useSync((s) => s.status);
  const progress = useSync((s) => s.progress);
  const starting = useSync((s) => s.starting);
  const error = useSync((s) => s.error);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    void sync.getState().loadStatus();
    void sync.getState().loadConflicts();
  }, [sync]);

  const running = isRunning(status);
  const disabled = status === null || status.state === 'disabled';

  return (
    <Stack gap="md" maw={1200} data-testid="sync-page">
      <Group justify="space-between" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
          {t('sync.title')}
        </Title>
        <Group gap="sm">
          {disabled || running ? (
            <Text size="sm" id="sync-now-why">
              {disabled ? t('sync.syncNowDisabled') : t('sync.syncNowRunning')}
            </Text>
          ) : null}
          <Button
            onClick={() => void sync.getState().syncNow()}
            loading={starting}
            disabled={disabled || running}
            aria-describedby={disabled || running ? 'sync-now-why' : undefined}
            data-testid="sync-now"
          >
            {t('sync.syncNow')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" maw={800}>
        {t('sync.intro')}
      </Text>
      {error ? (
        <Alert color="red" variant="outline" role="alert" data-testid="sync-action-error">
          {error.message}
        </Alert>
      ) : null}
      {status?.notice ? (
        <Alert color="blue" variant="light" role="status" title={t('sync.notice.title')} data-testid="sync-notice">
          <Text size="sm" mb="xs">
            {status.notice.message}
          </Text>
          <Button size="xs" variant="default" onClick={() => void sync.getState().dismissNotice(status.notice!.id)}>
            {t('sync.notice.dismiss')}
          </Button>
        </Alert>
      ) : null}
      {status?.state === 'failsafe' && status.failsafe ? <FailsafeQuestion failsafe={status.failsafe} busy={starting} /> : null}
      {status ? <SyncTrouble status={status} /> : null}
      {running && progress ? (
        <Paper withBorder p="md" component="section" aria-labelledby="sync-progress-title" data-testid="sync-progress">
          <Title order={2} size="h4" id="sync-progress-title" mb="xs">
            {t(`sync.progress.phases.${progress.phase}`)}
          </Title>
          <Progress.Root
            size="lg"
            mb="xs"
            role="progressbar"
            aria-label={t('sync.progress.label')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress.percent ?? undefined}
            aria-valuetext={describeProgress(progress, t)}
          >
            {/* Without a total the bar is indeterminate: a moving stripe, no value. */}
            <Progress.Section value={progress.percent ?? 100} animated={progress.percent === null} withAria={false} />
          </Progress.Root>
          <Text size="sm" aria-live="polite" data-testid="sync-progress-text">
            {describeProgress(progress, t)}
          </Text>
          {progress.phase === 'bootstrap' ? (
            <Text size="sm" mt={4}>
              {t('sync.progress.waitToSave')}
            </Text>
          ) : null}
        </Paper>
      ) : null}
      {status ? <StatusFacts status={status} /> : null}
      <Conflicts />
    </Stack>
  );
}

function StatusFacts({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const none = t('sync.never');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sync-status-title">
      <Title order={2} size="h4" id="sync-status-title" mb="xs">
        {t('sync.statusSection')}
      </Title>
      <dl className="facts" data-testid="sync-status">
        <dt>{t('sync.centralServer')}</dt>
        <dd>{status.centralUrl ?? t('sync.noCentral')}</dd>
        {status.centralUrl !== null ? (
          <>
            <dt>{t('sync.connection')}</dt>
            <dd>{status.online ? t('status.online') : t('status.offline')}</dd>
          </>
        ) : null}
        <dt>{t('sync.state')}</dt>
        <dd>{t(`sync.states.${status.state}`)}</dd>
        <dt>{t('sync.pending')}</dt>
        <dd data-testid="sync-pending">{formatNumber(status.pendingChanges)}</dd>
        <dt>{t('sync.lastSync')}</dt>
        <dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt) : none}</dd>
        {status.lastAttemptAt ? (
          <>
            <dt>{t('sync.lastAttempt')}</dt>
            <dd>{formatDateTime(status.lastAttemptAt)}</dd>
          </>
        ) : null}
        {status.nextRetryAt ? (
          <>
            <dt>{t('sync.nextRetry')}</dt>
            <dd>{formatDateTime(status.nextRetryAt)}</dd>
          </>
        ) : null}
        <dt>{t('sync.conflicts')}</dt>
        <dd>{formatNumber(status.conflicts)}</dd>
      </dl>
      {status.centralUrl === null ? (
        <Text size="sm" mt="xs" maw={800}>
          {t('sync.noCentralText')}
        </Text>
      ) : null}
    </Paper>
  );
}

/** Errors the person should know about: no contact, an unsupported version, refused credentials. */
function SyncTrouble({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const kind = errorKind(status);
  if (kind === null || status.error === null) return null;
  const color = kind === 'offline' ? 'orange' : 'red';
  return (
    <Alert
      color={color}
      variant="outline"
      role={kind === 'offline' ? 'status' : 'alert'}
      title={t(`sync.errors.${kind}`)}
      data-testid="sync-error"
    >
      <Stack gap={4}>
        <Text size="sm">{status.error.message}</Text>
        <Text size="sm">
          {status.nextRetryAt ? t('sync.errors.retryAt', { at: formatDateTime(status.nextRetryAt) }) : t('sync.errors.noRetry')}
        </Text>
      </Stack>
    </Alert>
  );
}

/** The fail-safe: a pull would delete most of the store's rows; nothing happens until a person confirms. */
function FailsafeQuestion({ failsafe, busy }: { failsafe: NonNullable<SyncStatus['failsafe']>; busy: boolean }) {
  const { t } = useTranslation();
  const stores = useStores();
  return (
    <Alert color="red" variant="light" role="alert" title={t('sync.failsafe.title')} data-testid="sync-failsafe">
      <Stack gap="xs">
        <Text size="sm">{failsafe.message}</Text>
        <Text size="sm" fw={600}>
          {t('sync.failsafe.question')}
        </Text>
        <div>
          <Button color="red" loading={busy} onClick={() => void stores.sync.getState().confirmDeletion()} data-testid="sync-failsafe-confirm">
            {t('sync.failsafe.confirm')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}

function Conflicts() {
  const { t } = useTranslation();
  const stores = useStores();
  const conflicts = useSync((s) => s.conflicts);
  const loaded = useSync((s) => s.conflictsLoaded);
  const includeDismissed = useSync((s) => s.includeDismissed);
  const dismissing = useSync((s) => s.dismissing);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sync-conflicts-title" data-testid="sync-conflicts">
      <Group justify="space-between" align="center" mb="xs">
        <Title order={2} size="h4" id="sync-conflicts-title">
          {t('sync.conflictList.title')}
        </Title>
        <Checkbox
          size="xs"
          label={t('sync.conflictList.showDismissed')}
          checked={includeDismissed}
          onChange={(e) => stores.sync.getState().setIncludeDismissed(e.currentTarget.checked)}
        />
      </Group>
      <Text size="sm" mb="xs" maw={800}>
        {t('sync.conflictList.intro')}
      </Text>
      {!loaded ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : conflicts.length === 0 ? (
        <Text size="sm" data-testid="sync-conflicts-empty">
          {t('sync.conflictList.empty')}
        </Text>
      ) : (
        <Table withTableBorder striped fz="sm" verticalSpacing={4} aria-label={t('sync.conflictList.caption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.conflictList.at')}</Table.Th>
              <Table.Th>{t('sync.conflictList.what')}</Table.Th>
              <Table.Th>{t('sync.conflictList.why')}</Table.Th>
              <Table.Th>{t('sync.conflictList.todo')}</Table.Th>
              <Table.Th>{t('sync.conflictList.user')}</Table.Th>
              <Table.Th>{t('sync.conflictList.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conflicts.map((c) => (
              <ConflictRow key={c.id} conflict={c} busy={dismissing.has(c.id)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function ConflictRow({ conflict, busy }: { conflict: SyncConflict; busy: boolean }) {
  const { t } = useTranslation();
  const stores = useStores();
  return (
    <Table.Tr data-testid="sync-conflict">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(conflict.rejectedAt)}</Table.Td>
      <Table.Td>{conflict.summary}</Table.Td>
      <Table.Td>{conflict.message}</Table.Td>
      <Table.Td>{t(`sync.advice.${conflict.code}`, { defaultValue: t('sync.advice.default') })}</Table.Td>
      <Table.Td>{conflict.userName ?? t('common.none')}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {conflict.dismissedAt ? (
          t('sync.conflictList.dismissedAt', { at: formatDateTime(conflict.dismissedAt) })
        ) : (
          <Button
            variant="default"
            loading={busy}
            aria-label={t('sync.conflictList.dismissLabel', { summary: conflict.summary })}
            onClick={() => void stores.sync.getState().dismiss(conflict.id)}
          >
            {t('sync.conflictList.dismiss')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
