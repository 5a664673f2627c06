import { Alert, Button, Center, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession, useStores } from '../../app/context';

/**
 * Shown instead of a blank window when the backend cannot start (corrupt or unreadable replica)
 * or cannot be reached: what happened, which file, what to do.
 */
export function StartupErrorPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const error = useSession((s) => s.error);
  const phase = useSession((s) => s.phase);
  const path = typeof error?.details?.path === 'string' ? error.details.path : null;
  const todo = typeof error?.details?.todo === 'string' ? error.details.todo : null;
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
              {t('startup.file')}: <Code>{path}</Code>
            </Text>
          ) : null}
          {todo ? (
            <Text size="sm">
              <strong>{t('startup.todo')}:</strong> {todo}
            </Text>
          ) : null}
          <div>
            <Button onClick={() => void stores.session.getState().start()}>{t('startup.retry')}</Button>
          </div>
        </Stack>
      </Paper>
    </Center>
  );
}
