import { Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouter, useSession } from '../../app/context';
import { REPLENISHMENT_TABS, type ReplenishmentTab } from '../../app/router';
import { CartPanel } from './CartPanel';
import { LevelsPanel } from './LevelsPanel';
import { OrdersPanel } from './OrdersPanel';
import { TemplatesPanel } from './TemplatesPanel';

/** Lagerpåfyllnad: the order cart (Beställning), the store's orders, beställningsmallar, min/max levels. */
export function ReplenishmentPage({ tab }: { tab: ReplenishmentTab }) {
  const { t } = useTranslation();
  const store = useSession((s) => s.status?.store);
  const navigate = useRouter((s) => s.navigate);

  return (
    <div className="page-fill">
      <Title order={1} size="h3">
        {t('order.title')}{' '}
        <Text span size="md" fw={400}>
          {store ? t('order.subtitle', { id: store.id, name: store.name }) : null}
        </Text>
      </Title>
      <Tabs
        value={tab}
        onChange={(value) => {
          const next = REPLENISHMENT_TABS.find((t) => t === value);
          if (next) navigate({ page: 'replenishment', tab: next }, { replace: true });
        }}
        keepMounted={false}
        className="grow"
        styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 8 } }}
        style={{ display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List>
          {REPLENISHMENT_TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`order.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="cart">
          <CartPanel />
        </Tabs.Panel>
        <Tabs.Panel value="orders">
          <OrdersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="levels">
          <LevelsPanel />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
