import { Alert, Anchor, Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickupOrderRow, PickupSearchResult } from '../../../shared/api/pickup-order';
import type { PickupOrderStatus } from '../../../shared/domain/pickup-order/mutations';
import { useStores } from '../../app/context';
import { formatDateTime } from '../../i18n/format';
import { PrintPickupButtons } from './PrintPickupButtons';

const STATUS_COLOR: Record<PickupOrderStatus, string> = { registered: 'blue', printed: 'teal', closed: 'gray', cancelled: 'red' };

/**
 * Sök hämtorder (000 §7.5, 001 "Sök hämtorder"): the store's open pick-ups, or with "Inkludera
 * stängda" the closed and cancelled ones too; by number (whole, YY / YYWW, provisional), mine or
 * everyone's. Print, supplier copy, and Makulera (store staff, while Registrerad).
 */
export function PickupOrdersPage() {
  const { t } = useTranslation();
  const { transport, router } = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [number, setNumber] = useState('');
  const [who, setWho] = useState<'all' | 'mine'>('all');
  const [includeClosed, setIncludeClosed] = useState(false);
  const [result, setResult] = useState<PickupSearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const search = useCallback(async () => {
    const r = await transport.invoke('pickupOrder.search', { number, who, includeClosed });
    if (r.ok) {
      setResult(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [transport, number, who, includeClosed]);
  useEffect(() => headingRef.current?.focus(), []);
  // The list follows the checkbox and the choice of whose; the number is searched on Sök.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(), [who, includeClosed]);
  // A pull (a pick-up closed centrally) refreshes the list.
  useEffect(() => transport.on('data.changed', ({ tables }) => (tables.some((x) => x.startsWith('pickup_order')) ? void search() : undefined)), [transport, search]);

  const cancel = async (row: PickupOrderRow) => {
    const r = await transport.invoke('pickupOrder.cancel', { pickupOrderId: row.id });
    setConfirming(null);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setNotice(t('pickupOrder.cancelled', { no: row.number }));
    void search();
  };

  return (
    <Stack gap="md" maw={1300}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('pickupOrder.searchTitle')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('pickupOrder.searchIntro')}
      </Text>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setNotice(null);
          void search();
        }}
        aria-label={t('pickupOrder.searchTitle')}
      >
        <Group align="flex-end" gap="sm">
          <TextInput label={t('pickupOrder.number')} placeholder="2648 / 26480001" value={number} onChange={(e) => setNumber(e.currentTarget.value)} w={220} data-testid="pickup-search-number" />
          <NativeSelect
            label={t('pickupOrder.who')}
            data={[
              { value: 'all', label: t('pickupOrder.whoAll') },
              { value: 'mine', label: t('pickupOrder.whoMine') },
            ]}
            value={who}
            onChange={(e) => setWho(e.currentTarget.value === 'mine' ? 'mine' : 'all')}
            data-testid="pickup-search-who"
          />
          <Checkbox label={t('pickupOrder.includeClosed')} checked={includeClosed} onChange={(e) => setIncludeClosed(e.currentTarget.checked)} mb={8} data-testid="pickup-include-closed" />
          <Button type="submit" data-testid="pickup-search">
            {t('pickupOrder.search')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" variant="outline" role="alert" data-testid="pickup-search-error">
          {error}
        </Alert>
      ) : null}
      {notice ? (
        <Text role="status" data-testid="pickup-notice">
          {notice}
        </Text>
      ) : null}
      {result === null ? null : result.rows.length === 0 ? (
        <Text size="sm" data-testid="pickup-none">
          {t(includeClosed ? 'pickupOrder.noneAtAll' : 'pickupOrder.none')}
        </Text>
      ) : (
        <Table striped withTableBorder data-testid="pickup-orders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pickupOrder.columns.number')}</Table.Th>
              <Table.Th>{t('pickupOrder.columns.registered')}</Table.Th>
              <Table.Th>{t('pickupOrder.columns.reason')}</Table.Th>
              <Table.Th>{t('pickupOrder.columns.aids')}</Table.Th>
              <Table.Th>{t('pickupOrder.columns.by')}</Table.Th>
              <Table.Th miw={120}>{t('pickupOrder.columns.status')}</Table.Th>
              <Table.Th>{t('pickupOrder.columns.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.rows.map((p) => (
              <Table.Tr key={p.id} data-testid="pickup-row" data-number={p.number} data-provisional-no={p.provisionalNo ?? ''} data-status={p.status}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {p.number}
                  </Text>
                  {p.orderNo && p.provisionalNo ? (
                    <Text size="xs" c="dimmed">
                      {t('pickupOrder.provisional', { no: p.provisionalNo })}
                    </Text>
                  ) : null}
                  <Anchor
                    size="xs"
                    href={`#/recipients/${encodeURIComponent(p.recipientId)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      router.getState().navigate({ page: 'recipient', id: p.recipientId, tab: 'aids' });
                    }}
                  >
                    {t('pickupOrder.showRecipient')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(p.createdAt)}</Table.Td>
                <Table.Td>{p.reasonName ?? '–'}</Table.Td>
                <Table.Td>{p.summary}</Table.Td>
                <Table.Td>{p.userName ?? t('common.none')}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[p.status]} variant="light" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }} data-testid="pickup-status">
                    {t(`pickupOrder.statuses.${p.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <PrintPickupButtons pickupOrderId={p.id} supplierCopy={p.supplierCopy} size="xs" onPrinted={() => void search()} />
                    {result.mayCancel && p.status === 'registered' ? (
                      confirming === p.id ? (
                        <Group gap={4}>
                          <Button size="xs" color="red" onClick={() => void cancel(p)} data-testid="pickup-cancel-confirm">
                            {t('pickupOrder.cancelConfirm')}
                          </Button>
                          <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                            {t('common.cancel')}
                          </Button>
                        </Group>
                      ) : (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(p.id)} data-testid="pickup-cancel">
                          {t('pickupOrder.cancel')}
                        </Button>
                      )
                    ) : null}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
