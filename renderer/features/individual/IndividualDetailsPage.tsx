import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, IndividualDetails } from '../../../shared/api/schemas';
import { MOVEMENT_REASONS, type MovementReason } from '../../../shared/domain/model';
import { useIndividual, useSession, useStores } from '../../app/context';
import { IndividualStatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatIsoCode, formatKronor, formatNumber, todayIso } from '../../i18n/format';
import { isStoreStaff } from '../session/permissions';
import { AddTextDialog } from './AddTextDialog';
import { ChangeNumberDialog } from './ChangeNumberDialog';
import { ActivityStatusBadge } from '../activity/ActivityList';
import { historyText } from './historyText';
import { BackLink, PageError } from '../../components/DetailPage';
import { IndividualReturnPanel } from '../return/IndividualReturnPanel';

const isMovementReason = (value: string | null): value is MovementReason =>
  value !== null && (MOVEMENT_REASONS as readonly string[]).includes(value);

/** Individdetaljer: individual information, current status and the history (ledger, audit, text). */
export function IndividualDetailsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const details = useIndividual((s) => (s.details?.id === id ? s.details : null));
  const error = useIndividual((s) => (s.detailsId === id ? s.detailsError : null));
  const loading = useIndividual((s) => s.detailsLoading);
  const notice = useIndividual((s) => (s.notice?.individualId === id ? s.notice.text : null));
  const mayChangeNumber = useSession((s) => isStoreStaff(s.status?.user));
  const [dialog, setDialog] = useState<'changeNumber' | 'addText' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void stores.individual.getState().loadDetails(id);
  }, [stores, id]);

  // Focus moves to the heading once the individual is shown (also after a direct open from the search).
  const shownId = details?.id;
  useEffect(() => {
    if (shownId !== undefined) headingRef.current?.focus();
  }, [shownId]);

  const back = <BackLink to={{ page: 'individuals' }}>{t('individual.details.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.code === 'not-found' ? t('individual.details.notFound') : error.message} />
    );
  }
  if (!details) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{loading ? t('common.loading') : null}</Text>
      </Group>
    );
  }

  return (
    <div data-testid="individual-details">
      {back}
      <Group gap="md" mt="xs" mb="md" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} data-testid="individual-title">
          {t('individual.details.title', { no: details.individualNo })}
        </Title>
        <Text size="lg">{details.articleName}</Text>
        <IndividualStatusBadge status={details.status} size="md" />
        <Group gap="xs" ml="auto" role="group" aria-label={t('individual.details.actions')}>
          <Button
            variant="light"
            onClick={() => setDialog('changeNumber')}
            disabled={!mayChangeNumber}
            aria-describedby={mayChangeNumber ? undefined : 'change-number-not-allowed'}
            data-testid="change-number-open"
          >
            {t('individual.changeNumber.open')}
          </Button>
          <Button variant="light" onClick={() => setDialog('addText')} data-testid="add-text-open">
            {t('individual.addText.open')}
          </Button>
          <Button
            variant="light"
            onClick={() => stores.router.getState().navigate({ page: 'newActivity', recipientId: details.holder?.recipientId ?? null, aidCode: details.individualNo })}
            data-testid="individual-new-activity"
          >
            {t('individual.details.newActivity')}
          </Button>
          <Button variant="light" onClick={() => stores.router.getState().navigate({ page: 'newDeviation', from: { kind: 'individual', id: details.id } })} data-testid="deviation-from-individual">
            {t('deviation.fromIndividual')}
          </Button>
        </Group>
      </Group>
      {mayChangeNumber ? null : (
        <Text size="sm" c="dimmed" ta="right" mt={-8} mb="sm" id="change-number-not-allowed">
          {t('individual.changeNumber.notAllowed')}
        </Text>
      )}
      <div aria-live="polite">
        {notice ? (
          <Alert color="green" variant="outline" mb="md" maw={640} data-testid="individual-notice">
            {notice}
          </Alert>
        ) : null}
      </div>
      <IndividualReturnPanel individualId={details.id} />
      <ChangeNumberDialog details={details} opened={dialog === 'changeNumber'} onClose={() => setDialog(null)} />
      <AddTextDialog details={details} opened={dialog === 'addText'} onClose={() => setDialog(null)} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" mb="md">
        <Paper withBorder p="md" component="section" aria-labelledby="individual-info">
          <Title order={2} size="h4" id="individual-info" mb="xs">
            {t('individual.details.info')}
          </Title>
          <InfoFacts details={details} />
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="individual-current">
          <Title order={2} size="h4" id="individual-current" mb="xs">
            {t('individual.details.current')}
          </Title>
          <dl className="facts" data-testid="individual-current">
            <dt>{t('individual.details.status')}</dt>
            <dd>
              <IndividualStatusBadge status={details.status} />
            </dd>
            <dt>{t('individual.details.store')}</dt>
            <dd>{details.storeId === null ? t('individual.storeStatus.none') : `${details.storeId} ${details.storeName ?? ''}`.trim()}</dd>
            <dt>{t('individual.details.location')}</dt>
            <dd>{details.location ?? t('common.none')}</dd>
            <dt>{t('individual.details.order')}</dt>
            <dd data-testid="individual-order">
              {details.order ? `${details.order.orderNo} (${t(`orderStatuses.${details.order.status}` as 'orderStatuses.registered', { defaultValue: details.order.status })})` : t('common.none')}
            </dd>
            <dt>{t('individual.details.holder')}</dt>
            <dd data-testid="individual-holder">
              {details.holder ? (
                <Anchor
                  href={`#/recipients/${encodeURIComponent(details.holder.recipientId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    stores.router.getState().navigate({ page: 'recipient', id: details.holder!.recipientId, tab: 'aids' });
                  }}
                  data-testid="individual-holder-link"
                >
                  {details.holder.name}
                </Anchor>
              ) : (
                t('individual.details.noHolder')
              )}
              {details.holder?.since ? ` (${formatDate(details.holder.since)})` : ''}
            </dd>
          </dl>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" mb="md">
        <Paper withBorder p="md" component="section" aria-labelledby="individual-activities" data-testid="individual-activities">
          <Title order={2} size="h4" id="individual-activities" mb="xs">
            {t('individual.details.activities')}
          </Title>
          {details.activities.length === 0 ? (
            <Text size="sm">{t('individual.details.noActivities')}</Text>
          ) : (
            <Table withTableBorder fz="sm" aria-label={t('individual.details.activities')}>
              <Table.Tbody>
                {details.activities.map((a) => (
                  <Table.Tr key={a.id} data-testid="individual-activity">
                    <Table.Td>
                      <Anchor
                        href={`#/activities/${encodeURIComponent(a.id)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          stores.router.getState().navigate({ page: 'activity', id: a.id });
                        }}
                      >
                        {a.no}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`activity.kinds.${a.kind}` as 'activity.kinds.repair', { defaultValue: a.kind })}</Table.Td>
                    <Table.Td>{a.title}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ActivityStatusBadge status={a.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="individual-components" data-testid="individual-components">
          <Title order={2} size="h4" id="individual-components" mb="xs">
            {t('individual.details.components')}
          </Title>
          {details.components.length === 0 ? (
            <Text size="sm">{t('individual.details.noComponents')}</Text>
          ) : (
            <Table withTableBorder fz="sm" aria-label={t('individual.details.components')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('individual.details.componentColumns.articleNo')}</Table.Th>
                  <Table.Th>{t('individual.details.componentColumns.name')}</Table.Th>
                  <Table.Th>{t('individual.details.componentColumns.kind')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('individual.details.componentColumns.quantity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {details.components.map((c) => (
                  <Table.Tr key={c.articleNo}>
                    <Table.Td>{c.articleNo}</Table.Td>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{t(`individual.details.componentKinds.${c.kind}`)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatNumber(c.quantity)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-labelledby="individual-history" data-testid="individual-history">
        <Title order={2} size="h4" id="individual-history" mb="xs">
          {t('individual.details.history')}
        </Title>
        <History entries={details.history} />
      </Paper>
    </div>
  );
}

function InfoFacts({ details }: { details: IndividualDetails }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const warranty =
    details.warrantyEnd === null
      ? t('individual.details.noWarranty')
      : details.warrantyEnd < todayIso()
        ? t('individual.details.warrantyExpired', { date: formatDate(details.warrantyEnd) })
        : t('individual.details.warrantyUntil', { date: formatDate(details.warrantyEnd) });
  return (
    <dl className="facts" data-testid="individual-info">
      <dt>{t('individual.details.article')}</dt>
      <dd>
        {details.articleNo} {details.articleName}
      </dd>
      <dt>{t('individual.details.articleType')}</dt>
      <dd>{t(`articleTypes.${details.articleType}`)}</dd>
      <dt>{t('individual.details.serialNo')}</dt>
      <dd>{details.serialNo ?? none}</dd>
      <dt>{t('individual.details.supplier')}</dt>
      <dd>{details.supplierName ?? none}</dd>
      <dt>{t('individual.details.supplierArticleNo')}</dt>
      <dd>{details.supplierArticleNo ?? none}</dd>
      <dt>{t('individual.details.iso')}</dt>
      <dd>
        {formatIsoCode(details.isoCode)}
        {details.isoName ? ` ${details.isoName}` : ''}
      </dd>
      <dt>{t('individual.details.purchaseDate')}</dt>
      <dd>{details.purchaseDate ? formatDate(details.purchaseDate) : none}</dd>
      <dt>{t('individual.details.acquisitionValue')}</dt>
      <dd>{details.acquisitionValueOre === null ? none : formatKronor(details.acquisitionValueOre)}</dd>
      <dt>{t('individual.details.warranty')}</dt>
      <dd>{warranty}</dd>
      <dt>{t('individual.details.estimatedAge')}</dt>
      <dd>{details.estimatedAgeYears === null ? none : t('individual.details.ageYears', { count: details.estimatedAgeYears })}</dd>
    </dl>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Text size="sm">{t('individual.history.empty')}</Text>;
  const eventText = (e: HistoryEntry): string => {
    if (e.kind === 'text') return t('individual.history.textEntry');
    if (e.kind === 'movement') return isMovementReason(e.action) ? t(`movementReasons.${e.action}`) : (e.action ?? '');
    return e.action ? t(`auditActions.${e.action}` as 'auditActions.create', { defaultValue: e.action }) : '';
  };
  return (
    <Table striped highlightOnHover withTableBorder fz="sm" verticalSpacing={4} aria-label={t('individual.history.caption')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('individual.history.at')}</Table.Th>
          <Table.Th>{t('individual.history.event')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>{t('individual.history.quantity')}</Table.Th>
          <Table.Th>{t('individual.history.store')}</Table.Th>
          <Table.Th>{t('individual.history.text')}</Table.Th>
          <Table.Th>{t('individual.history.user')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((e, i) => (
          <Table.Tr key={`${e.at}-${i}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
            <Table.Td>{eventText(e)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{e.quantity === null ? '' : formatNumber(e.quantity)}</Table.Td>
            <Table.Td>{e.storeId ?? ''}</Table.Td>
            <Table.Td>{historyText(e, t)}</Table.Td>
            <Table.Td>{e.userName ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
