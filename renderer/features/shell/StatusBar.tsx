import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/context';
import { formatDateTime } from '../../i18n/format';

/** Always visible: who is working, in which store, whether the central server is reachable, what waits. */
export function StatusBar() {
  const { t } = useTranslation();
  const status = useSession((s) => s.status);
  if (!status) return <footer className="shell-status" aria-label={t('status.label')} />;

  const connection =
    status.centralUrl === null
      ? { text: t('status.noCentral'), color: 'var(--mantine-color-gray-6)' }
      : status.online
        ? { text: t('status.online'), color: 'var(--mantine-color-green-7)' }
        : { text: t('status.offline'), color: 'var(--mantine-color-orange-7)' };

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
      <span data-testid="status-pending">
        {status.pendingChanges === 0 ? t('status.noPending') : t('status.pending', { count: status.pendingChanges })}
      </span>
      {status.centralUrl !== null ? (
        <span>{status.lastSyncAt ? t('status.lastSync', { at: formatDateTime(status.lastSyncAt) }) : t('status.neverSynced')}</span>
      ) : null}
    </footer>
  );
}
