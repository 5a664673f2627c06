import { Alert, Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ActivityRow } from '../../../shared/api/activity';
import type { ActivityStatus } from '../../../shared/domain/activity/mutations';
import { useRecipient, useStores } from '../../app/context';
import { formatDate } from '../../i18n/format';

// Dark enough for small text on white (WCAG AA), as the individual status badges.
const STATUS_COLOR: Record<ActivityStatus, string> = { registered: '#1864ab', reported: '#a8410a', closed: '#343a40' };

export function ActivityStatusBadge({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="outline" radius="sm" tt="none" style={{ flexShrink: 0 }} styles={{ label: { overflow: 'visible' } }} data-testid="activity-status">
      {t(`activity.statuses.${status}`)}
    </Badge>
  );
}

/** A link that opens an activity (the activity number, provisional until central has numbered it). */
export function ActivityLink({ id, no, provisional }: { id: string; no: string; provisional: boolean }) {
  const { t } = useTranslation();
  const stores = useStores();
  return (
    <Anchor
      href={`#/activities/${encodeURIComponent(id)}`}
      onClick={(e) => {
        e.preventDefault();
        stores.router.getState().navigate({ page: 'activity', id });
      }}
      data-testid="activity-link"
    >
      {no}
      {provisional ? ` (${t('activity.provisional')})` : ''}
    </Anchor>
  );
}

/** Activities as a table, newest first: the Aktiviteter page and the recipient card's tab. */
export function ActivityTable({ rows, showRecipient }: { rows: ActivityRow[]; showRecipient: boolean }) {
  const { t } = useTranslation();
  return (
    <Table striped withTableBorder highlightOnHover data-testid="activity-list" aria-label={t('activity.caption')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('activity.columns.no')}</Table.Th>
          <Table.Th>{t('activity.columns.kind')}</Table.Th>
          <Table.Th>{t('activity.columns.title')}</Table.Th>
          <Table.Th>{t('activity.columns.aid')}</Table.Th>
          {showRecipient ? <Table.Th>{t('activity.columns.recipient')}</Table.Th> : null}
          <Table.Th>{t('activity.columns.order')}</Table.Th>
          <Table.Th>{t('activity.columns.created')}</Table.Th>
          <Table.Th>{t('activity.columns.user')}</Table.Th>
          <Table.Th>{t('activity.columns.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.id} data-testid="activity-row" data-activity-no={a.no} data-status={a.status}>
            <Table.Td>
              <ActivityLink id={a.id} no={a.no} provisional={a.provisional} />
            </Table.Td>
            <Table.Td>{t(`activity.kinds.${a.kind}`)}</Table.Td>
            <Table.Td>{a.title}</Table.Td>
            <Table.Td>{a.individualNo ? `${a.individualNo} ${a.articleName ?? ''}` : a.articleNo ? `${a.articleNo} ${a.articleName ?? ''}` : t('common.none')}</Table.Td>
            {showRecipient ? <Table.Td>{a.recipientName ?? t('common.none')}</Table.Td> : null}
            <Table.Td>{a.orderNo ?? ''}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.createdAt)}</Table.Td>
            <Table.Td>{a.userName ?? ''}</Table.Td>
            <Table.Td>
              <ActivityStatusBadge status={a.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The recipient card's Aktiviteter tab (manual 002 "Registrerade AO": the newest first). */
export function RecipientActivities() {
  const { t } = useTranslation();
  const rows = useRecipient((s) => s.activities);
  const tabError = useRecipient((s) => s.tabError);
  if (tabError)
    return (
      <Alert color="red" variant="outline" role="alert">
        {tabError}
      </Alert>
    );
  if (rows === null) return null;
  if (rows.length === 0)
    return (
      <Text size="sm" data-testid="recipient-activities-empty">
        {t('recipient.empty.activities')}
      </Text>
    );
  return <ActivityTable rows={rows} showRecipient={false} />;
}
