import { Alert, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticsStatus, SupportBundle } from '../../../shared/api/diagnostics';
import { useSession, useStores } from '../../app/context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { BackupsPanel } from './BackupsPanel';
import { formatBytes } from './format';

function Facts({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  return (
    <Table aria-label={label} variant="vertical" withTableBorder layout="fixed">
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th w="45%">{name}</Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title} data-testid={testId}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * Felsökning (issue 13 items 6 and 7): the version, the data directory, the database's size and
 * check, the sync state, the work not yet sent, the log's latest errors, a support bundle without
 * personal data, and the backups with their restore (store admins).
 */
export function DiagnosticsPage() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const roles = useSession((s) => s.status?.user?.roles ?? []);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState<DiagnosticsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [bundle, setBundle] = useState<SupportBundle | null>(null);
  const [writing, setWriting] = useState(false);
  const [backingUp, setBackingUp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await transport.invoke('diagnostics.status', {});
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    setError(null);
    setStatus(answer.value);
  }, [transport]);

  useEffect(() => {
    headingRef.current?.focus();
    void load();
  }, [load]);

  const check = async () => {
    setChecking(true);
    const answer = await transport.invoke('diagnostics.checkReplica', {});
    setChecking(false);
    if (!answer.ok) setError(answer.error.message);
    await load();
  };
  const writeBundle = async () => {
    setWriting(true);
    const answer = await transport.invoke('diagnostics.supportBundle', {});
    setWriting(false);
    if (!answer.ok) setError(answer.error.message);
    else setBundle(answer.value);
  };
  const backupNow = async () => {
    setBackingUp(true);
    const answer = await transport.invoke('backup.create', {});
    setBackingUp(false);
    if (!answer.ok) setError(answer.error.message);
    else setNotice(t('diagnostics.backupMade', { name: answer.value.name }));
    await load();
  };

  const when = (value: string | null) => (value ? formatDateTime(value) : t('diagnostics.never'));
  const s = status;
  const checkResult = s?.replica.check ?? null;

  return (
    <Stack gap="md" maw={1200} data-testid="diagnostics-page">
      <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
        {t('diagnostics.title')}
      </Title>
      <Text size="sm" maw={800}>
        {t('diagnostics.intro')}
      </Text>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error}
        </Alert>
      ) : null}
      {s === null ? null : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Section title={t('diagnostics.program')} testId="diagnostics-program">
              <Facts
                label={t('diagnostics.program')}
                rows={[
                  [t('diagnostics.version'), <span data-testid="diagnostics-version">{s.appVersion}</span>],
                  [t('diagnostics.dataDir'), <Code>{s.dataDir}</Code>],
                  [t('diagnostics.logDir'), <Code>{s.logDir}</Code>],
                ]}
              />
            </Section>
            <Section title={t('diagnostics.replica')} testId="diagnostics-replica">
              <Facts
                label={t('diagnostics.replica')}
                rows={[
                  [t('diagnostics.replicaFile'), <Code>{s.replica.file}</Code>],
                  [t('diagnostics.replicaSize'), formatBytes(s.replica.bytes)],
                  [t('diagnostics.walSize'), formatBytes(s.replica.walBytes)],
                  [t('diagnostics.schemaVersion'), String(s.replica.schemaVersion)],
                  [t('diagnostics.lastMutation'), formatNumber(s.replica.lastMutationId)],
                ]}
              />
              <Group gap="sm">
                <Button size="sm" variant="default" onClick={() => void check()} loading={checking} data-testid="diagnostics-check">
                  {t('diagnostics.check')}
                </Button>
                <Text size="sm" data-testid="diagnostics-check-result" c={checkResult && checkResult.result !== 'ok' ? 'red.8' : undefined}>
                  {checkResult === null
                    ? t('diagnostics.notChecked')
                    : checkResult.result === 'ok'
                      ? t('diagnostics.checkOk', { at: formatDateTime(checkResult.at), ms: checkResult.ms })
                      : t('diagnostics.checkFailed', { result: checkResult.result })}
                </Text>
              </Group>
            </Section>
            <Section title={t('diagnostics.sync')} testId="diagnostics-sync">
              {s.sync.configured ? (
                <Facts
                  label={t('diagnostics.sync')}
                  rows={[
                    [t('diagnostics.central'), <Code>{s.sync.centralUrl}</Code>],
                    [t('diagnostics.syncState'), t(`sync.states.${s.sync.state}`, { defaultValue: s.sync.state })],
                    [t('diagnostics.online'), s.sync.online ? t('diagnostics.onlineYes') : t('diagnostics.onlineNo')],
                    [t('diagnostics.lastSync'), when(s.sync.lastSyncAt)],
                    [t('diagnostics.lastAttempt'), when(s.sync.lastAttemptAt)],
                    [t('diagnostics.oldestPending'), s.sync.oldestPendingAt ? formatDateTime(s.sync.oldestPendingAt) : t('diagnostics.none')],
                    [t('diagnostics.syncError'), s.sync.error ?? t('diagnostics.none')],
                    [t('diagnostics.conflicts'), formatNumber(s.sync.conflicts)],
                  ]}
                />
              ) : (
                <Text size="sm">{t('diagnostics.syncOff')}</Text>
              )}
            </Section>
            <Section title={t('diagnostics.pending')} testId="diagnostics-pending">
              <Facts
                label={t('diagnostics.pending')}
                rows={[
                  [t('diagnostics.outbox'), <span data-testid="diagnostics-outbox">{formatNumber(s.pending.outbox)}</span>],
                  [t('diagnostics.receiptDrafts'), formatNumber(s.pending.receiptDrafts)],
                  [t('diagnostics.openStocktakes'), formatNumber(s.pending.openStocktakes)],
                ]}
              />
            </Section>
          </SimpleGrid>
          <Section title={t('diagnostics.lastErrors')} testId="diagnostics-errors">
            {s.lastErrors.length === 0 ? (
              <Text size="sm">{t('diagnostics.noErrors')}</Text>
            ) : (
              <Table striped withTableBorder layout="fixed" aria-label={t('diagnostics.lastErrors')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={150}>{t('diagnostics.at')}</Table.Th>
                    <Table.Th w={90}>{t('diagnostics.level')}</Table.Th>
                    <Table.Th>{t('diagnostics.text')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.lastErrors.map((e, i) => (
                    <Table.Tr key={`${e.at}-${i}`}>
                      <Table.Td>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td>{t(`diagnostics.levels.${e.level}`)}</Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} lineClamp={4}>
                          {e.text}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>
          <Section title={t('diagnostics.bundle')} testId="diagnostics-bundle">
            <Text size="sm">{t('diagnostics.bundleIntro')}</Text>
            <Group gap="sm">
              <Button size="sm" onClick={() => void writeBundle()} loading={writing} data-testid="diagnostics-bundle-write">
                {t('diagnostics.bundleWrite')}
              </Button>
              {bundle ? (
                <Text size="sm" role="status" data-testid="diagnostics-bundle-written">
                  {t('diagnostics.bundleWritten', { file: bundle.file, size: formatBytes(bundle.bytes) })}
                </Text>
              ) : null}
            </Group>
          </Section>
          <Section title={t('diagnostics.backups')} testId="diagnostics-backups">
            <Text size="sm">{t('diagnostics.backupsIntro', { dir: s.backups.dir, days: s.backups.keepDays })}</Text>
            <Group gap="sm">
              <Button size="sm" variant="default" onClick={() => void backupNow()} loading={backingUp} data-testid="diagnostics-backup-now">
                {t('diagnostics.backupNow')}
              </Button>
              {notice ? (
                <Text size="sm" role="status">
                  {notice}
                </Text>
              ) : null}
            </Group>
            {!roles.includes('storeAdmin') ? <Text size="sm">{t('diagnostics.restoreAdminOnly')}</Text> : null}
            <BackupsPanel list={s.backups} canRestore={roles.includes('storeAdmin')} onChanged={() => void load()} />
          </Section>
        </>
      )}
    </Stack>
  );
}
