import type { TFunction } from 'i18next';
import type { SyncProgress, SyncStatus } from '../../../shared/api/schemas';
import { formatNumber } from '../../i18n/format';

/** Time left as people say it: "45 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number, t: TFunction): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('sync.duration.seconds', { count: s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('sync.duration.minutes', { count: minutes });
  return t('sync.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** "12 345 av 50 000 rader · 24,7 % · cirka 3 min kvar". */
export function describeProgress(progress: SyncProgress, t: TFunction): string {
  const rows = formatNumber(progress.rows);
  const total = progress.total === null ? null : formatNumber(progress.total);
  const push = progress.phase === 'push';
  const parts = [
    total === null
      ? t(push ? 'sync.progress.changesNoTotal' : 'sync.progress.rowsNoTotal', { rows })
      : t(push ? 'sync.progress.changes' : 'sync.progress.rows', { rows, total }),
  ];
  if (progress.percent !== null) parts.push(t('sync.progress.percent', { percent: formatPercent(progress.percent) }));
  parts.push(progress.secondsLeft === null ? t('sync.progress.timeUnknown') : t('sync.progress.timeLeft', { time: formatDuration(progress.secondsLeft, t) }));
  return parts.join(' · ');
}

const percentFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
export const formatPercent = (value: number): string => percentFormat.format(value);

export type SyncErrorKind = 'offline' | 'version' | 'auth' | 'other';

/** Which kind of trouble the status describes, for the heading and the advice beside the message. */
export function errorKind(status: SyncStatus): SyncErrorKind | null {
  if (status.state === 'version-not-supported' || status.error?.code === 'version-not-supported') return 'version';
  if (status.error === null || status.state === 'failsafe') return null;
  if (status.state === 'offline') return 'offline';
  if (status.error.code === 'unauthenticated' || status.error.code === 'forbidden') return 'auth';
  return 'other';
}
