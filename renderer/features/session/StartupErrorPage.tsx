import { Alert, Button, Center, Code, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupList } from '../../../shared/api/diagnostics';
import { useSession, useStores } from '../../app/context';
import { BackupsPanel } from '../diagnostics/BackupsPanel';

interface MissingRange {
  from: number;
  to: number;
  count: number;
}

function missingRangeOf(details: Record<string, unknown> | undefined): MissingRange | null {
  const m = details?.missing as Record<string, unknown> | undefined;
  return typeof m?.from === 'number' && typeof m.to === 'number' && typeof m.count === 'number' ? { from: m.from, to: m.to, count: m.count } : null;
}

function tracesOf(details: Record<string, unknown> | undefined): string[] {
  const traces = details?.traces;
  return Array.isArray(traces) ? traces.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * Shown instead of a blank window when the backend cannot start (corrupt or unreadable replica)
 * or cannot be reached: what happened, which file, what to do; for a replica that lacks confirmed
 * changes which ones, for a missing main file the files still beside it.
 */
export function StartupErrorPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const error = useSession((s) => s.error);
  const phase = useSession((s) => s.phase);
  const path = typeof error?.details?.path === 'string' ? error.details.path : null;
  const todo = typeof error?.details?.todo === 'string' ? error.details.todo : null;
  // A replica behind its high-water mark, or the files left beside a missing main file.
  const missing = missingRangeOf(error?.details);
  const traces = tracesOf(error?.details);
  // The backups this host can restore from here (the web host answers without a backend).
  const [backups, setBackups] = useState<BackupList | null>(null);
  const loadBackups = useCallback(async () => {
    const answer = await stores.transport.invoke('backup.list', {});
    setBackups(answer.ok && answer.value.backups.length > 0 ? answer.value : null);
  }, [stores]);
  useEffect(() => {
    if (phase === 'startupError') void loadBackups();
  }, [phase, loadBackups]);
  // The message also carries the path and the advice; they get their own lines below.
  let summary = error?.message ?? '';
  if (path) summary = summary.replace(`Fil: ${path}.`, '');
  if (todo) summary = summary.replace(todo, '');
  summary = summary.replace(/\s+/g, ' ').trim() || (error?.message ?? t('common.error'));
  return (
    <Center component="main" h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="lg" maw={680} data-testid="startup-error">
        <Stack gap="sm">
          <Title order={1} size="h2">
            {phase === 'startupError' ? t('startup.title') : t('common.error')}
          </Title>
          <Alert color="red" variant="outline" role="alert">
            {summary}
          </Alert>
          {path ? (
            <Text size="sm">
              {error?.details?.reason === 'machine-config' ? t('startup.configFile') : t('startup.file')}: <Code>{path}</Code>
            </Text>
          ) : null}
          {missing ? (
            <Text size="sm" data-testid="startup-missing">
              {t('startup.missing')}:{' '}
              {missing.count === 1 ? t('startup.missingOne', { number: missing.to }) : t('startup.missingRange', { from: missing.from, to: missing.to, n: missing.count })}
            </Text>
          ) : null}
          {traces.length > 0 ? (
            <div data-testid="startup-traces">
              <Text size="sm">{t('startup.traces')}:</Text>
              <List size="sm">
                {traces.map((name) => (
                  <List.Item key={name}>
                    <Code>{name}</Code>
                  </List.Item>
                ))}
              </List>
            </div>
          ) : null}
          {todo ? (
            <Text size="sm">
              <strong>{t('startup.todo')}:</strong> {todo}
            </Text>
          ) : null}
          {backups ? (
            <Stack gap="xs" data-testid="startup-backups">
              <Title order={2} size="h4">
                {t('diagnostics.startupBackups')}
              </Title>
              <BackupsPanel list={backups} canRestore onChanged={() => void loadBackups()} />
            </Stack>
          ) : null}
          <div>
            <Button onClick={() => void stores.session.getState().start()}>{t('startup.retry')}</Button>
          </div>
        </Stack>
      </Paper>
    </Center>
  );
}
