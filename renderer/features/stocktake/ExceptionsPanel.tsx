import { Alert, Button, Loader, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StocktakeView } from '../../../shared/api/stocktake';
import { useStocktake, useStores } from '../../app/context';
import { IndividualStatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatKronor } from '../../i18n/format';
import { RegisterIndividualDialog } from '../individual/RegisterIndividualDialog';

/**
 * Fel plats och okända: individuals found here that the system places elsewhere (and where), and
 * numbers no individual has; an unknown number may be registered on the spot.
 */
export function ExceptionsPanel({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const exceptions = useStocktake((s) => s.exceptions);
  const error = useStocktake((s) => s.exceptionsError);
  const [registering, setRegistering] = useState<string | null>(null);
  const counting = view.summary.status === 'counting';

  useEffect(() => {
    void stocktake.getState().loadExceptions();
  }, [stocktake, view.summary.id]);

  if (error) {
    return (
      <Alert color="red" variant="outline" role="alert">
        {error.message}
      </Alert>
    );
  }
  if (!exceptions) return <Loader size="sm" aria-label={t('common.loading')} />;
  return (
    <div className="panel-scroll">
      <section aria-labelledby="stocktake-wrong-title" data-testid="stocktake-wrong-place">
        <Title order={2} size="h5" id="stocktake-wrong-title" mb={4}>
          {t('stocktake.exceptions.wrongPlace', { count: exceptions.wrongPlace.length })}
        </Title>
        <Text size="sm" mb={6} maw={820}>
          {t('stocktake.exceptions.wrongPlaceHelp')}
        </Text>
        {exceptions.wrongPlace.length === 0 ? (
          <Text size="sm">{t('stocktake.exceptions.noneWrong')}</Text>
        ) : (
          <Table withTableBorder verticalSpacing={3} maw={1100}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>{t('stocktake.individuals.no')}</Table.Th>
                <Table.Th>{t('stocktake.columns.article')}</Table.Th>
                <Table.Th>{t('stocktake.exceptions.believed')}</Table.Th>
                <Table.Th w={130}>{t('stocktake.exceptions.status')}</Table.Th>
                <Table.Th className="num" w={70}>
                  {t('stocktake.individuals.scans')}
                </Table.Th>
                <Table.Th className="num" w={110}>
                  {t('stocktake.individuals.value')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {exceptions.wrongPlace.map((i) => (
                <Table.Tr key={i.id} data-testid="stocktake-wrong-row">
                  <Table.Td>{i.individualNo}</Table.Td>
                  <Table.Td>
                    {i.articleNo} {i.name}
                  </Table.Td>
                  <Table.Td>{i.believed ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <IndividualStatusBadge status={i.status} />
                  </Table.Td>
                  <Table.Td className="num">{i.scans}</Table.Td>
                  <Table.Td className="num">{formatKronor(i.valueOre)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
      <section aria-labelledby="stocktake-unknown-title" data-testid="stocktake-unknown" style={{ marginTop: 20 }}>
        <Title order={2} size="h5" id="stocktake-unknown-title" mb={4}>
          {t('stocktake.exceptions.unknown', { count: exceptions.unknown.length })}
        </Title>
        <Text size="sm" mb={6} maw={820}>
          {t('stocktake.exceptions.unknownHelp')}
        </Text>
        {exceptions.unknown.length === 0 ? (
          <Text size="sm">{t('stocktake.exceptions.noneUnknown')}</Text>
        ) : (
          <Table withTableBorder verticalSpacing={3} maw={1100}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>{t('stocktake.exceptions.code')}</Table.Th>
                <Table.Th className="num" w={80}>
                  {t('stocktake.individuals.scans')}
                </Table.Th>
                <Table.Th w={150}>{t('stocktake.exceptions.firstAt')}</Table.Th>
                <Table.Th>{t('stocktake.exceptions.workstations')}</Table.Th>
                <Table.Th w={190}>
                  <span className="visually-hidden">{t('stocktake.exceptions.register')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {exceptions.unknown.map((u) => (
                <Table.Tr key={u.code} data-testid="stocktake-unknown-row">
                  <Table.Td>{u.code}</Table.Td>
                  <Table.Td className="num">{u.scans}</Table.Td>
                  <Table.Td>{formatDateTime(u.firstAt)}</Table.Td>
                  <Table.Td>{u.workstations.join(', ')}</Table.Td>
                  <Table.Td>
                    {counting && u.scans > 0 ? (
                      <Button size="compact-xs" variant="light" onClick={() => setRegistering(u.code)} aria-label={t('stocktake.scan.register', { no: u.code })}>
                        {t('stocktake.exceptions.register')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
      <RegisterIndividualDialog
        opened={registering !== null}
        onClose={() => setRegistering(null)}
        options={{ individualNo: registering ?? '', onRegistered: () => void stocktake.getState().refresh() }}
      />
    </div>
  );
}
