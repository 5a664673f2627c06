import { Alert, Button, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvestigationRow } from '../../../shared/api/stocktake';
import { useSession, useStocktake, useStores } from '../../app/context';
import { formatDateTime, formatKronor } from '../../i18n/format';
import { isStoreAdmin } from '../session/permissions';
import { BackLink } from '../../components/DetailPage';

type Action = { row: InvestigationRow; outcome: 'restock' | 'scrap' };

/**
 * Utredningslager (999): individuals missing at a stocktake. One found again goes back into stock
 * (with a shelf location, if wanted) or is scrapped; both are store admins' (they change the balance).
 */
export function InvestigationPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const stocktake = stores.stocktake;
  const rows = useStocktake((s) => s.investigation);
  const error = useStocktake((s) => s.investigationError);
  const admin = useSession((s) => isStoreAdmin(s.status?.user));
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    stocktake.getState().setShown('investigation', true);
    void stocktake.getState().loadInvestigation();
    return () => stocktake.getState().setShown('investigation', false);
  }, [stocktake]);

  const none = t('common.none');
  return (
    <div className="page-fill">
      <div>
        <BackLink to={{ page: 'stocktakes' }}>{t('stocktake.back')}</BackLink>
        <Title order={1} size="h3" mt="xs">
          {t('stocktake.investigation.title')}
        </Title>
      </div>
      <Text size="sm" maw={820}>
        {t('stocktake.investigation.intro')}
      </Text>
      {!admin ? (
        <Text size="sm" id="investigation-admins" data-testid="investigation-admins">
          {t('stocktake.investigation.onlyAdmins')}
        </Text>
      ) : null}
      <Text size="sm" c="#1f6f33" fw={600} aria-live="polite" data-testid="investigation-notice">
        {notice ?? ''}
      </Text>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <div className="panel-scroll">
        {rows === null ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : rows.length === 0 ? (
          <Text size="sm">{t('stocktake.investigation.empty')}</Text>
        ) : (
          <Table withTableBorder striped verticalSpacing={4} data-testid="investigation-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>{t('stocktake.individuals.no')}</Table.Th>
                <Table.Th miw={240}>{t('stocktake.columns.article')}</Table.Th>
                <Table.Th w={140}>{t('stocktake.investigation.serialNo')}</Table.Th>
                <Table.Th className="num" w={100}>
                  {t('stocktake.individuals.value')}
                </Table.Th>
                <Table.Th w={170}>{t('stocktake.investigation.since')}</Table.Th>
                <Table.Th>{t('stocktake.investigation.note')}</Table.Th>
                <Table.Th w={200}>
                  <span className="visually-hidden">{t('stocktake.investigation.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.individualId} data-testid="investigation-row">
                  <Table.Td>{r.individualNo}</Table.Td>
                  <Table.Td>
                    {r.articleNo} {r.name}
                  </Table.Td>
                  <Table.Td>{r.serialNo ?? none}</Table.Td>
                  <Table.Td className="num">{r.valueOre === null ? none : formatKronor(r.valueOre)}</Table.Td>
                  <Table.Td>
                    {r.since ? formatDateTime(r.since) : none}
                    {r.fromStoreId ? (
                      <Text size="xs" component="div">
                        {t('stocktake.investigation.from', { store: r.fromStoreId })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.note ?? none}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        disabled={!admin}
                        aria-describedby={admin ? undefined : 'investigation-admins'}
                        aria-label={t('stocktake.investigation.restockOf', { no: r.individualNo })}
                        onClick={() => setAction({ row: r, outcome: 'restock' })}
                      >
                        {t('stocktake.investigation.restock')}
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="default"
                        color="red"
                        disabled={!admin}
                        aria-describedby={admin ? undefined : 'investigation-admins'}
                        aria-label={t('stocktake.investigation.scrapOf', { no: r.individualNo })}
                        onClick={() => setAction({ row: r, outcome: 'scrap' })}
                      >
                        {t('stocktake.investigation.scrap')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
      <ResolveDialog action={action} onClose={() => setAction(null)} onDone={setNotice} />
    </div>
  );
}

function ResolveDialog({ action, onClose, onDone }: { action: Action | null; onClose: () => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const title = action?.outcome === 'scrap' ? t('stocktake.investigation.scrapTitle') : t('stocktake.investigation.restockTitle');
  return (
    <Modal opened={action !== null} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="investigation-dialog">
      {action ? <ResolveForm action={action} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function ResolveForm({ action, onClose, onDone }: { action: Action; onClose: () => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const [location, setLocation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const restock = action.outcome === 'restock';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await stocktake.getState().resolveInvestigation({
      individualId: action.row.individualId,
      outcome: action.outcome,
      location: restock && location.trim() !== '' ? location.trim() : null,
    });
    setSaving(false);
    if (!result.ok) {
      const issues = result.error.details?.issues as { message: string }[] | undefined;
      setError(issues?.[0]?.message ?? result.error.message);
      return;
    }
    onClose();
    onDone(restock ? t('stocktake.investigation.restocked', { no: action.row.individualNo }) : t('stocktake.investigation.scrapped', { no: action.row.individualNo }));
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          {action.row.individualNo} – {action.row.articleNo} {action.row.name}
        </Text>
        {restock ? (
          <TextInput
            label={t('stocktake.investigation.location')}
            description={t('stocktake.investigation.locationHelp')}
            value={location}
            onChange={(e) => {
              setLocation(e.currentTarget.value);
              setError(null);
            }}
            error={error ?? undefined}
            data-autofocus
            autoComplete="off"
          />
        ) : (
          <>
            <Text size="sm">{t('stocktake.investigation.scrapConfirm')}</Text>
            {error ? (
              <Alert color="red" variant="outline" role="alert">
                {error}
              </Alert>
            ) : null}
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color={restock ? undefined : 'red'} loading={saving} data-autofocus={restock ? undefined : true} data-testid="investigation-confirm">
            {restock ? t('stocktake.investigation.restockSubmit') : t('stocktake.investigation.scrapSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
