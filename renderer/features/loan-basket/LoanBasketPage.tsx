import { Alert, Badge, Button, Checkbox, Group, NativeSelect, NumberInput, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanBasketLookup, LoanBasketView } from '../../../shared/api/loan-basket';
import { useSession, useStores } from '../../app/context';
import { formatDate, formatDateTime } from '../../i18n/format';

interface DraftLine extends LoanBasketLookup {
  quantity: number;
}

/**
 * Varukorg (manual 001 "Lån av hjälpmedel"): a prescriber borrows aids from the own store for at
 * most 5 working days; then, per line, Leverans (prescribed to a patient) or Ta bort (returned).
 * Open baskets of colleagues can be handled too; an overdue basket is flagged.
 */
export function LoanBasketPage() {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const roles = useSession((s) => s.status?.user?.roles ?? []);
  const [reload, setReload] = useState(0);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <Stack gap="md" maw={1200}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('loanBasket.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('loanBasket.intro')}
      </Text>
      {roles.includes('prescriber') ? <LendForm onLent={() => setReload((n) => n + 1)} /> : null}
      <Baskets reload={reload} />
    </Stack>
  );
}

function LendForm({ onLent }: { onLent: () => void }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number>(1);
  const [draft, setDraft] = useState<DraftLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const r = await transport.invoke('loanBasket.lookup', { code });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    const found = r.value;
    if (found.individualId && draft.some((d) => d.individualId === found.individualId)) {
      setError(t('loanBasket.alreadyInBasket'));
      return;
    }
    setError(null);
    setDraft((d) => [...d, { ...found, quantity: found.trackedIndividually ? 1 : Math.max(1, quantity) }]);
    setCode('');
    setQuantity(1);
  };
  const lend = async () => {
    const r = await transport.invoke('loanBasket.lend', { lines: draft.map((d) => ({ articleId: d.articleId, individualId: d.individualId, quantity: d.quantity })) });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setDraft([]);
    setNotice(t('loanBasket.lent'));
    onLent();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lend-title">
      <Title order={2} size="h4" id="lend-title" mb="xs">
        {t('loanBasket.lendTitle')}
      </Title>
      <form onSubmit={(e) => void add(e)}>
        <Group align="flex-end" gap="sm">
          <TextInput label={t('loanBasket.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={220} data-testid="basket-code" />
          <NumberInput label={t('loanBasket.quantity')} value={quantity} onChange={(v) => setQuantity(typeof v === 'number' ? v : 1)} min={1} max={100} w={90} data-testid="basket-quantity" />
          <Button type="submit" variant="light" data-testid="basket-add">
            {t('loanBasket.add')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" role="alert" mt="sm" data-testid="basket-error">
          {error}
        </Alert>
      ) : null}
      {notice ? (
        <Alert color="green" role="status" mt="sm" data-testid="basket-notice">
          {notice}
        </Alert>
      ) : null}
      {draft.length > 0 ? (
        <>
          <Table mt="sm" data-testid="basket-draft">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('loanBasket.article')}</Table.Th>
                <Table.Th>{t('loanBasket.individual')}</Table.Th>
                <Table.Th ta="right">{t('loanBasket.quantity')}</Table.Th>
                <Table.Th ta="right">{t('loanBasket.available')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.map((d, i) => (
                <Table.Tr key={`${d.articleId}-${d.individualId ?? i}`}>
                  <Table.Td>
                    {d.articleNo} {d.name}
                  </Table.Td>
                  <Table.Td>{d.individualNo ?? '–'}</Table.Td>
                  <Table.Td ta="right">{d.quantity}</Table.Td>
                  <Table.Td ta="right">{d.available}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setDraft((x) => x.filter((_, j) => j !== i))}>
                      {t('loanBasket.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end" mt="sm">
            <Button onClick={() => void lend()} data-testid="basket-lend">
              {t('loanBasket.lend')}
            </Button>
          </Group>
        </>
      ) : null}
    </Paper>
  );
}

function Baskets({ reload }: { reload: number }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [who, setWho] = useState<'mine' | 'all'>('mine');
  const [includeClosed, setIncludeClosed] = useState(false);
  const [baskets, setBaskets] = useState<LoanBasketView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await transport.invoke('loanBasket.list', { who, includeClosed });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setBaskets(r.value.baskets);
  }, [transport, who, includeClosed]);
  useEffect(() => {
    void load();
  }, [load, reload]);

  return (
    <Stack gap="sm" component="section" aria-labelledby="open-baskets">
      <Group justify="space-between">
        <Title order={2} size="h4" id="open-baskets">
          {t('loanBasket.openTitle')}
        </Title>
        <Group>
          <SegmentedControl
            value={who}
            onChange={(v) => setWho(v === 'all' ? 'all' : 'mine')}
            data={[
              { value: 'mine', label: t('loanBasket.mine') },
              { value: 'all', label: t('loanBasket.all') },
            ]}
            data-testid="basket-who"
          />
          <Checkbox label={t('loanBasket.includeClosed')} checked={includeClosed} onChange={(e) => setIncludeClosed(e.currentTarget.checked)} />
        </Group>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      {baskets && baskets.length === 0 ? (
        <Text c="dimmed" data-testid="basket-none">
          {t('loanBasket.none')}
        </Text>
      ) : null}
      {(baskets ?? []).map((b) => (
        <BasketCard key={b.id} basket={b} onChanged={() => void load()} />
      ))}
    </Stack>
  );
}

type Choice = '' | 'prescribe' | 'return';

function BasketCard({ basket, onChanged }: { basket: LoanBasketView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [query, setQuery] = useState('');
  const [recipient, setRecipient] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const open = basket.lines.filter((l) => l.status === 'lent');
  const chosen = Object.entries(choices).filter(([, c]) => c !== '') as [string, 'prescribe' | 'return'][];
  const prescribing = chosen.some(([, c]) => c === 'prescribe');

  const findRecipient = async () => {
    const r = await transport.invoke('recipient.search', { query });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    if (!r.value.found) {
      setError(r.value.message);
      setRecipient(null);
      return;
    }
    const card = await transport.invoke('recipient.get', { id: r.value.recipientId });
    setError(null);
    setRecipient({ id: r.value.recipientId, name: card.ok ? card.value.name : query });
  };
  const apply = async () => {
    const r = await transport.invoke('loanBasket.handle', {
      basketId: basket.id,
      recipientId: prescribing ? (recipient?.id ?? null) : null,
      actions: chosen.map(([lineId, action]) => ({ lineId, action })),
    });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setChoices({});
    setNotice(t('loanBasket.handled'));
    onChanged();
  };

  return (
    <Paper withBorder p="md" data-testid="basket-card" data-status={basket.status} data-overdue={basket.overdue ? 'yes' : 'no'}>
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <Text fw={600}>{basket.prescriberName}</Text>
          <Text size="sm" c="dimmed">
            {t('loanBasket.lentAt', { at: formatDateTime(basket.createdAt) })}
          </Text>
          <Text size="sm" data-testid="basket-due">
            {t('loanBasket.due', { date: formatDate(basket.dueDate) })}
          </Text>
        </Group>
        <Group gap="xs">
          {basket.overdue ? (
            <Badge color="red" data-testid="basket-overdue">
              {t('loanBasket.overdue')}
            </Badge>
          ) : null}
          {!basket.mine ? <Badge color="gray">{t('loanBasket.colleague')}</Badge> : null}
          <Badge color={basket.status === 'open' ? 'blue' : 'green'}>{t(`loanBasket.status.${basket.status}`)}</Badge>
        </Group>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('loanBasket.article')}</Table.Th>
            <Table.Th>{t('loanBasket.individual')}</Table.Th>
            <Table.Th ta="right">{t('loanBasket.quantity')}</Table.Th>
            <Table.Th>{t('loanBasket.lineStatus')}</Table.Th>
            <Table.Th>{t('loanBasket.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {basket.lines.map((l) => (
            <Table.Tr key={l.id} data-testid="basket-line" data-line-status={l.status}>
              <Table.Td>
                {l.articleNo} {l.name}
              </Table.Td>
              <Table.Td>{l.individualNo ?? '–'}</Table.Td>
              <Table.Td ta="right">{l.quantity}</Table.Td>
              <Table.Td>
                {t(`loanBasket.lineStatuses.${l.status}`)}
                {l.handledByName ? ` (${l.handledByName})` : ''}
              </Table.Td>
              <Table.Td>
                {l.status === 'lent' ? (
                  <NativeSelect
                    size="xs"
                    value={choices[l.id] ?? ''}
                    onChange={(e) => setChoices((c) => ({ ...c, [l.id]: e.currentTarget.value as Choice }))}
                    data={[
                      { value: '', label: '–' },
                      { value: 'prescribe', label: t('loanBasket.prescribe') },
                      { value: 'return', label: t('loanBasket.return') },
                    ]}
                    aria-label={t('loanBasket.action')}
                    data-testid="basket-line-action"
                  />
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open.length > 0 ? (
        <Group align="flex-end" mt="sm" gap="sm">
          {prescribing ? (
            <>
              <TextInput label={t('loanBasket.recipient')} placeholder="ÅÅÅÅMMDDNNNN" value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={200} data-testid="basket-recipient" />
              <Button variant="default" onClick={() => void findRecipient()} data-testid="basket-find-recipient">
                {t('loanBasket.showRecipient')}
              </Button>
              {recipient ? (
                <Text size="sm" data-testid="basket-recipient-name">
                  {recipient.name}
                </Text>
              ) : null}
            </>
          ) : null}
          <Button ml="auto" disabled={chosen.length === 0 || (prescribing && !recipient)} onClick={() => void apply()} data-testid="basket-apply">
            {t('loanBasket.apply')}
          </Button>
        </Group>
      ) : null}
      {error ? (
        <Alert color="red" role="alert" mt="sm" data-testid="basket-card-error">
          {error}
        </Alert>
      ) : null}
      {notice ? (
        <Alert color="green" role="status" mt="sm">
          {notice}
        </Alert>
      ) : null}
    </Paper>
  );
}

/** The start page's flag: open and overdue baskets (the person's own first). */
export function LoanBasketNotice() {
  const { t } = useTranslation();
  const stores = useStores();
  const [summary, setSummary] = useState<{ open: number; overdue: number; mineOpen: number; mineOverdue: number } | null>(null);
  useEffect(() => {
    void stores.transport.invoke('loanBasket.summary', {}).then((r) => {
      if (r.ok) setSummary(r.value);
    });
  }, [stores]);
  if (!summary || summary.open === 0) return null;
  return (
    <Alert color={summary.overdue > 0 ? 'red' : 'blue'} data-testid="start-baskets">
      <Group justify="space-between">
        <Text size="sm">
          {t('loanBasket.startNotice', { mine: summary.mineOpen, open: summary.open })}
          {summary.overdue > 0 ? ` ${t('loanBasket.startOverdue', { count: summary.overdue })}` : ''}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => stores.router.getState().navigate({ page: 'loanBasket' })}>
          {t('loanBasket.open')}
        </Button>
      </Group>
    </Alert>
  );
}
