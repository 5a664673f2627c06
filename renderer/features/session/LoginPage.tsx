import { Alert, Button, Center, Group, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SecretInput } from './SecretInput';
import type { LoginUser } from '../../../shared/api/session';
import { useSession, useStores } from '../../app/context';
import { useStore } from 'zustand';

/** Arrow keys move between the buttons of a group (the users); Enter or Space presses one. */
function arrowKeys(event: KeyboardEvent<HTMLDivElement>, list: HTMLDivElement | null) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = [...(list?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  buttons[(index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
  event.preventDefault();
}

/** The secret's name for this person: their offline credential's kind, else the region's method. */
export function secretLabelKey(user: LoginUser | undefined, method: 'password' | 'siths'): 'session.password' | 'session.pin' {
  const kind = user?.offline?.kind ?? (method === 'siths' ? 'pin' : 'password');
  return kind === 'pin' ? 'session.pin' : 'session.password';
}

/** Choose who you are, then type the password (or the offline PIN); or use the SITHS card. */
export function UserAndSecret({ onSubmit, submitLabel, excludeUserId }: { onSubmit: (userId: string, secret: string) => Promise<boolean>; submitLabel: string; excludeUserId?: string }) {
  const { t } = useTranslation();
  const screen = useSession((s) => s.screen);
  const busy = useSession((s) => s.busy);
  const [userId, setUserId] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const users = (screen?.users ?? []).filter((u) => u.id !== excludeUserId);
  const chosen = users.find((u) => u.id === userId);

  useEffect(() => {
    if (chosen) secretRef.current?.focus();
    else listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [chosen, users.length]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || secret === '') return;
    const done = await onSubmit(chosen.id, secret);
    if (!done) setSecret('');
  };

  if (chosen) {
    return (
      <form onSubmit={(e) => void submit(e)} aria-label={t('session.secretFor', { name: chosen.name })}>
        <Stack gap="xs">
          <Text fw={600}>{chosen.name}</Text>
          <SecretInput
            ref={secretRef}
            label={t(secretLabelKey(chosen, screen?.method ?? 'password'))}
            value={secret}
            autoComplete="off"
            onChange={(e) => setSecret(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setUserId(null);
            }}
            data-testid="login-secret"
          />
          {chosen.offline?.locked ? (
            <Text size="sm" c="red.8">
              {t('session.offlineLocked')}
            </Text>
          ) : null}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setUserId(null)}>
              {t('session.otherUser')}
            </Button>
            <Button type="submit" loading={busy} disabled={secret === ''}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }
  // While the first sync runs and no one is in yet, the progress above says when they come.
  if (users.length === 0 && screen?.firstSync) return null;
  return (
    <>
      <Text id="login-users-label" fw={600} size="sm">
        {t('session.usersLabel')}
      </Text>
      <div ref={listRef} role="group" aria-labelledby="login-users-label" onKeyDown={(e) => arrowKeys(e, listRef.current)}>
        <Stack gap={6}>
          {users.length === 0 && !screen?.firstSync ? <Text size="sm">{t('session.noUsers')}</Text> : null}
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
              onClick={() => {
                setSecret('');
                setUserId(user.id);
              }}
            >
              {user.name}
            </Button>
          ))}
        </Stack>
      </div>
    </>
  );
}

function FirstSync() {
  const { t } = useTranslation();
  const stores = useStores();
  const progress = useStore(stores.sync, (s) => s.progress);
  return (
    <Paper withBorder p="sm" data-testid="login-first-sync" role="status">
      <Group gap="xs" mb={6} wrap="nowrap" align="flex-start">
        <Loader size="xs" mt={3} style={{ flexShrink: 0 }} />
        <Text size="sm" fw={600}>
          {t('session.firstSync')}
        </Text>
      </Group>
      <Progress value={progress?.percent ?? 100} animated={progress?.percent === null || progress === null} aria-label={t('sync.progress.label')} />
      <Text size="xs" mt={4} c="gray.7">
        {progress && progress.percent !== null ? t('session.firstSyncRows', { rows: progress.rows, percent: progress.percent }) : t('session.firstSyncWait')}
      </Text>
    </Paper>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const busy = useSession((s) => s.busy);
  const stores = useStores();
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      aria-label={t('session.changePasswordTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        if (next !== again) {
          setMismatch(true);
          return;
        }
        void stores.session.getState().changePassword(next);
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('session.changePasswordTitle')}
        </Title>
        <Text size="sm">{t('session.passwordRule')}</Text>
        <SecretInput label={t('session.newPassword')} value={next} onChange={(e) => setNext(e.currentTarget.value)} autoFocus data-testid="new-password" />
        <SecretInput
          label={t('session.newPasswordAgain')}
          value={again}
          onChange={(e) => {
            setAgain(e.currentTarget.value);
            setMismatch(false);
          }}
          error={mismatch ? t('session.passwordsDiffer') : undefined}
          data-testid="new-password-again"
        />
        <Group justify="space-between">
          <Button variant="default" onClick={() => stores.session.getState().skipPending()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} disabled={next === '' || again === ''}>
            {t('session.changeAndLogin')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** After an online SITHS login: the PIN that logs in and unlocks without the network. */
export function ChooseOfflinePin() {
  const { t } = useTranslation();
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const stores = useStores();
  const [pin, setPin] = useState('');
  return (
    <Center component="main" h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="lg" w={440}>
        <form
          aria-label={t('session.choosePinTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void stores.session.getState().setOfflinePin(pin);
          }}
        >
          <Stack gap="xs">
            <Title order={1} size="h3">
              {t('session.choosePinTitle')}
            </Title>
            <Text size="sm">{t('session.choosePinIntro')}</Text>
            {error ? (
              <Alert color="red" variant="outline" role="alert">
                {error.message}
              </Alert>
            ) : null}
            <SecretInput label={t('session.pin')} value={pin} inputMode="numeric" maxLength={8} onChange={(e) => setPin(e.currentTarget.value)} autoFocus />
            <Group justify="space-between">
              <Button variant="default" onClick={() => stores.session.getState().skipPending()}>
                {t('session.notNow')}
              </Button>
              <Button type="submit" loading={busy} disabled={pin.length < 6}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/**
 * The login screen: on a new workstation first the first sync's progress, then who may log in.
 * Password regions type the password; SITHS regions use the card (online) or the offline PIN.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const status = useSession((s) => s.status);
  const screen = useSession((s) => s.screen);
  const error = useSession((s) => s.error);
  const busy = useSession((s) => s.busy);
  const pending = useSession((s) => s.pending);

  return (
    <Center component="main" h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="lg" w={460}>
        <Stack gap="sm">
          <Title order={1} size="h2">
            {t('app.name')} – {t('session.loginTitle')}
          </Title>
          {status ? (
            <Text size="sm" data-testid="login-store">
              {/* Before the first sync has brought the store's name, only its number. */}
              {status.store.name ? t('session.store', { id: status.store.id, name: status.store.name }) : t('session.storeNoName', { id: status.store.id })}
            </Text>
          ) : null}
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="login-error">
              {error.message}
            </Alert>
          ) : null}
          {screen === null ? <Loader size="sm" aria-label={t('common.loading')} /> : null}
          {screen?.firstSync ? <FirstSync /> : null}
          {pending?.kind === 'changePassword' ? (
            <ChangePassword />
          ) : screen ? (
            <>
              {screen.sithsAvailable && !screen.firstSync ? (
                <>
                  <Button size="md" loading={busy} onClick={() => void stores.session.getState().loginWithCard()} data-testid="login-siths">
                    {t('session.loginWithCard')}
                  </Button>
                  <Text size="xs" c="gray.7">
                    {t('session.cardHint')}
                  </Text>
                </>
              ) : null}
              <UserAndSecret onSubmit={(userId, secret) => stores.session.getState().login(userId, secret)} submitLabel={t('session.login')} />
              {screen.demoSecret ? (
                <Text size="xs" c="gray.7" data-testid="login-demo">
                  {t('session.demoIntro', { secret: screen.demoSecret })}
                </Text>
              ) : null}
            </>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
