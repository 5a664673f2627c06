import { Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouter, useSession } from '../../app/context';
import type { StockTab } from '../../app/router';
import { StockBalancesPanel } from './StockBalancesPanel';
import { StoreIndividualsPanel } from './StoreIndividualsPanel';

/** Lager: the own store's balances per article (Lagersaldo) and its individuals (Individer). */
export function StockPage({ tab }: { tab: StockTab }) {
  const { t } = useTranslation();
  const store = useSession((s) => s.status?.store);
  const navigate = useRouter((s) => s.navigate);

  return (
    <div className="page-fill">
      <div>
        <Title order={1} size="h3">
          {t('stock.title', { id: store?.id ?? '' })}{' '}
          <Text span size="md" fw={400}>
            {store ? t('stock.subtitle', { name: store.name }) : null}
          </Text>
        </Title>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (value === 'balances' || value === 'individuals') navigate({ page: 'stock', tab: value }, { replace: true });
        }}
        keepMounted={false}
        className="grow"
        styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 8 } }}
        style={{ display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List>
          <Tabs.Tab value="balances">{t('stock.tabs.balances')}</Tabs.Tab>
          <Tabs.Tab value="individuals">{t('stock.tabs.individuals')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="balances">
          <StockBalancesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="individuals">
          <StoreIndividualsPanel />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
