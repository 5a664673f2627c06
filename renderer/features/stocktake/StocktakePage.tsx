import { Button, Group, Loader, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StocktakeView } from '../../../shared/api/stocktake';
import { useSession, useStocktake, useStores } from '../../app/context';
import { STOCKTAKE_TABS, type StocktakeTab } from '../../app/router';
import { formatDateTime } from '../../i18n/format';
import { isStoreAdmin } from '../session/permissions';
import { ApproveDialog } from './ApproveDialog';
import { CountPanel } from './CountPanel';
import { ExceptionsPanel } from './ExceptionsPanel';
import { LinesPanel } from './LinesPanel';
import { BlindBadge, StocktakeStatusBadge } from './stocktakeText';
import { BackLink, PageError } from '../../components/DetailPage';

/**
 * One stocktake: counting (the scanner's screen), its lines and differences, the wrong-place and
 * unknown finds; approval for store admins. Kept up to date as counts arrive (stocktakeStore).
 */
export function StocktakePage({ id, tab }: { id: string; tab: StocktakeTab }) {
  const { t } = useTranslation();
  const stores = useStores();
  const stocktake = stores.stocktake;
  const view = useStocktake((s) => (s.openId === id ? s.view : null));
  const error = useStocktake((s) => (s.openId === id ? s.viewError : null));

  useEffect(() => {
    stocktake.getState().setShown('stocktake', true);
    void stocktake.getState().open(id);
    return () => stocktake.getState().setShown('stocktake', false);
  }, [stocktake, id]);

  const back = <BackLink to={{ page: 'stocktakes' }}>{t('stocktake.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.message} />
    );
  }
  if (!view) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  }

  return (
    <div className="page-fill" data-testid="stocktake-page">
      <div>
        {back}
        <Header view={view} />
      </div>
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = STOCKTAKE_TABS.find((x) => x === value);
          if (next) stores.router.getState().navigate({ page: 'stocktake', id, tab: next }, { replace: true });
        }}
        keepMounted={false}
        className="grow"
        styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 8 } }}
        style={{ display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List>
          <Tabs.Tab value="count">{t('stocktake.tabs.count')}</Tabs.Tab>
          <Tabs.Tab value="lines">{t('stocktake.tabs.lines')}</Tabs.Tab>
          <Tabs.Tab value="exceptions">{t('stocktake.tabs.exceptions')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="count">
          <CountPanel view={view} />
        </Tabs.Panel>
        <Tabs.Panel value="lines">
          <LinesPanel view={view} />
        </Tabs.Panel>
        <Tabs.Panel value="exceptions">
          <ExceptionsPanel view={view} />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

function Header({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const s = view.summary;
  const admin = useSession((x) => isStoreAdmin(x.status?.user));
  const [approving, setApproving] = useState(false);
  const counting = s.status === 'counting';
  const reason = !counting ? null : !admin ? t('stocktake.approve.onlyAdmins') : null;
  return (
    <>
      <Group gap="md" mt="xs" align="center" wrap="wrap">
        <Title order={1} size="h3" data-testid="stocktake-title">
          {s.name}
        </Title>
        <StocktakeStatusBadge summary={s} />
        <BlindBadge blind={s.blind} />
        <span style={{ flex: 1 }} />
        {counting ? (
          <Group gap="xs" wrap="nowrap">
            {reason ? (
              <Text size="sm" id="stocktake-approve-reason">
                {reason}
              </Text>
            ) : null}
            <Button onClick={() => setApproving(true)} disabled={!admin} aria-describedby={reason ? 'stocktake-approve-reason' : undefined} data-testid="stocktake-approve-open">
              {t('stocktake.approve.open')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" mt={4} data-testid="stocktake-facts">
        {t('stocktake.facts', { scope: s.scopeText, user: s.createdBy ?? t('common.none'), at: formatDateTime(s.createdAt) })}
        {s.approvedAt ? ` ${t('stocktake.approvedFacts', { user: s.approvedBy ?? t('common.none'), at: formatDateTime(s.approvedAt) })}` : ''}
      </Text>
      {s.blind && !view.showExpected ? (
        <Text size="sm" mt={2} c="#495057" data-testid="stocktake-blind-note">
          {t('stocktake.blindNote')}
        </Text>
      ) : null}
      <ApproveDialog opened={approving} onClose={() => setApproving(false)} />
    </>
  );
}
