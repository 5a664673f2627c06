import { Alert, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SecretInput } from './SecretInput';
import { useSession, useStores } from '../../app/context';
import { secretLabelKey, UserAndSecret } from './LoginPage';

/**
 * Minutes without a key, a click or a scan lock the workstation (the backend refuses everything
 * but unlocking until then). Nothing is lost: saved work is in the replica and syncs on.
 */
export function useInactivityLock(minutes: number, active: boolean, lock: () => void): void {
  const lockRef = useRef(lock);
  lockRef.current = lock;
  useEffect(() => {
    if (!active || minutes <= 0) return;
    let timer = setTimeout(() => lockRef.current(), minutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => lockRef.current(), minutes * 60_000);
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, reset, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, reset, { capture: true });
    };
  }, [minutes, active]);
}

/** Covers the whole window while locked: the page behind it (and its patient data) is not shown. */
export function LockScreen() {
  const { t } = useTranslation();
  const stores = useStores();
  const screen = useSession((s) => s.screen);
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const busy = useSession((s) => s.busy);
  const lockReason = useSession((s) => s.lockReason);
  const [other, setOther] = useState(false);
  const [secret, setSecret] = useState('');
  const user = screen?.lockedUser ?? status?.user ?? null;
  const me = screen?.users.find((u) => u.id === user?.id);

  return (
    <Center component="main" h="100vh" bg="gray.2" data-testid="lock-screen">
      <Paper withBorder shadow="sm" p="lg" w={460}>
        <Stack gap="sm">
          <Title order={1} size="h2">
            {t('session.lockedTitle')}
          </Title>
          {lockReason === 'card-removed' ? (
            <Alert color="blue" variant="light" data-testid="lock-card-removed">
              {t('session.lockedCardRemoved')}
            </Alert>
          ) : null}
          {user ? <Text size="sm">{t('session.lockedBy', { name: user.name })}</Text> : null}
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="login-error">
              {error.message}
            </Alert>
          ) : null}
          {other || !user ? (
            <>
              <UserAndSecret
                excludeUserId={user?.id}
                submitLabel={t('session.unlockAsOther')}
                onSubmit={(userId, typed) => stores.session.getState().unlock(userId, typed)}
              />
              <Button variant="subtle" onClick={() => setOther(false)}>
                {t('common.back')}
              </Button>
            </>
          ) : (
            <form
              aria-label={t('session.unlock')}
              onSubmit={(e) => {
                e.preventDefault();
                void stores.session
                  .getState()
                  .unlock(user.id, secret)
                  .then((done) => !done && setSecret(''));
              }}
            >
              <Stack gap="xs">
                <SecretInput
                  label={t(secretLabelKey(me, screen?.method ?? 'password'))}
                  value={secret}
                  autoFocus
                  autoComplete="off"
                  onChange={(e) => setSecret(e.currentTarget.value)}
                  data-testid="unlock-secret"
                />
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setOther(true)}>
                    {t('session.otherUser')}
                  </Button>
                  <Button type="submit" loading={busy} disabled={secret === ''}>
                    {t('session.unlock')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          <Text size="xs" c="gray.7">
            {t('session.lockedSafe')}
          </Text>
          <Button variant="outline" color="red" onClick={() => void stores.session.getState().logout()}>
            {t('session.logout')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
