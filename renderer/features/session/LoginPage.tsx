import { Alert, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useStores } from '../../app/context';

/** Demo login: pick who you are (SITHS card + PIN replaces this in a later issue). */
export function LoginPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const users = useSession((s) => s.demoUsers);
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const busy = useSession((s) => s.busy);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [users.length]);

  // Arrow keys move between the users; Enter or Space logs in (the buttons' own behaviour).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
    next?.focus();
    event.preventDefault();
  };

  return (
    <Center component="main" h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="lg" w={440}>
        <Stack gap="sm">
          <Title order={1} size="h2">
            {t('app.name')} – {t('session.loginTitle')}
          </Title>
          {status ? (
            <Text size="sm" data-testid="login-store">
              {t('session.store', { id: status.store.id, name: status.store.name })}
            </Text>
          ) : null}
          <Text size="sm">{t('session.demoIntro')}</Text>
          {error ? (
            <Alert color="red" variant="outline" role="alert">
              {error.message}
            </Alert>
          ) : null}
          <Text id="demo-users-label" fw={600} size="sm">
            {t('session.usersLabel')}
          </Text>
          <div ref={listRef} role="group" aria-labelledby="demo-users-label" onKeyDown={onKeyDown}>
            <Stack gap={6}>
              {users.length === 0 ? <Text size="sm">{t('session.noUsers')}</Text> : null}
              {users.map((user) => (
                <Button
                  key={user.id}
                  variant="default"
                  justify="space-between"
                  fullWidth
                  disabled={busy}
                  aria-label={t('session.loginAs', { name: user.name })}
                  rightSection={
                    <Text span size="xs" c="gray.7">
                      {user.roles.map((r) => t(`roles.${r}`)).join(', ')}
                    </Text>
                  }
                  onClick={() => void stores.session.getState().login(user.id)}
                >
                  {user.name}
                </Button>
              ))}
            </Stack>
          </div>
        </Stack>
      </Paper>
    </Center>
  );
}
