import { Anchor } from '@mantine/core';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useStores, useSync } from '../../app/context';
import { routeToHash } from '../../app/router';
import { formatDateTime } from '../../i18n/format';
import { isRunning } from '../sync/syncStore';
import { formatPercent } from '../sync/syncText';

/** Always visible: who is working, in which store, whether the central server is reachable, what waits. */
export function StatusBar() {
  const { t } = useTranslation();
  const stores = useStores();
  const status = useSession((s) => s.status);
  const sync = useSync((s) => s.status);
  const progress = useSync((s) => s.progress);
  if (!status) return <footer className="shell-status" aria-label={t('status.label')} />;

  // The sync status (handler + events) is the newer word; app.status covers the time before it.
  const centralUrl = sync ? sync.centralUrl : status.centralUrl;
  const online = sync ? sync.online : status.online;
  const pending = sync ? sync.pendingChanges : status.pendingChanges;
  const lastSyncAt = sync ? sync.lastSyncAt : status.lastSyncAt;

  const connection =
    centralUrl === null
      ? { text: t('status.noCentral'), color: 'var(--mantine-color-gray-6)' }
      : online
        ? { text: t('status.online'), color: 'var(--mantine-color-green-7)' }
        : { text: t('status.offline'), color: 'var(--mantine-color-orange-7)' };

  let state: { text: string; alert: boolean } | null = null;
  if (sync && isRunning(sync)) {
    state = {
      text: progress?.percent != null ? t('status.syncingPercent', { percent: formatPercent(progress.percent) }) : t('status.syncing'),
      alert: false,
    };
  } else if (sync?.state === 'failsafe') state = { text: t('status.failsafe'), alert: true };
  else if (sync?.state === 'version-not-supported') state = { text: t('status.versionNotSupported'), alert: true };
  else if (sync?.state === 'error') state = { text: t('status.syncError'), alert: true };

  const toMessages = (event: MouseEvent) => {
    event.preventDefault();
    stores.router.getState().navigate({ page: 'messages' });
  };
  const toSync = (event: MouseEvent) => {
    event.preventDefault();
    stores.router.getState().navigate({ page: 'sync' });
  };

  return (
    <footer className="shell-status" aria-label={t('status.label')} data-testid="status-bar">
      <span data-testid="status-user">
        {t('status.user')}: <strong>{status.user?.name ?? t('common.none')}</strong>
      </span>
      <span data-testid="status-store">
        {t('status.store')}: <strong>{status.store.id}</strong> {status.store.name}
      </span>
      <span data-testid="status-connection">
        <span className="status-dot" style={{ background: connection.color }} aria-hidden="true" />
        {connection.text}
      </span>
      {state ? (
        <span data-testid="status-sync-state" className={state.alert ? 'status-alert' : undefined}>
          {state.text}
        </span>
      ) : null}
      <span data-testid="status-pending">{pending === 0 ? t('status.noPending') : t('status.pending', { count: pending })}</span>
      {sync && sync.conflicts > 0 ? (
        <Anchor href={routeToHash({ page: 'sync' })} onClick={toSync} size="xs" className="status-alert" data-testid="status-conflicts">
          {t('status.conflicts', { count: sync.conflicts })}
        </Anchor>
      ) : null}
      {status.user ? (
        <Anchor
          href={routeToHash({ page: 'messages' })}
          onClick={toMessages}
          size="xs"
          fw={status.unreadMessages > 0 ? 700 : undefined}
          data-testid="status-messages"
        >
          {status.unreadMessages > 0 ? t('status.unread', { count: status.unreadMessages }) : t('status.noUnread')}
        </Anchor>
      ) : null}
      {status.cardLock && !status.cardLock.watching ? (
        <span className="status-alert" data-testid="status-card-lock" title={status.cardLock.reason ?? undefined}>
          {t('session.cardLockOff', { reason: status.cardLock.reason ?? '' })}
        </span>
      ) : null}
      {centralUrl !== null ? (
        <span>{lastSyncAt ? t('status.lastSync', { at: formatDateTime(lastSyncAt) }) : t('status.neverSynced')}</span>
      ) : null}
    </footer>
  );
}
