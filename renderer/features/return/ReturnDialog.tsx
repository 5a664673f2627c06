import { Alert, Button, Checkbox, Group, Loader, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnContext } from '../../../shared/api/return';
import type { ReturnOutcome } from '../../../shared/domain/return/mutations';
import { useStores } from '../../app/context';
import { openPrintPreview } from '../print/printPreview';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useScanHandler } from '../scanner/useScanHandler';

/**
 * Retur av hjälpmedel (manuals 000 §1.4, §2.2; 003 "Retur", "Retursedel"): tick the aids (or scan
 * their individuals), create the retursedel first, then return them to the chosen store, each to
 * stock, scrapped, or (a sale article) de-registered. The return button waits for the receipt.
 */
export function ReturnDialog({
  recipientId,
  opened,
  preselect,
  onClose,
  onDone,
}: {
  recipientId: string;
  opened: boolean;
  /** An aid ticked from the start (Retur from the individual card). */
  preselect?: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('return.title')} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="return-dialog">
      {opened ? <ReturnForm recipientId={recipientId} preselect={preselect ?? null} onDone={onDone} /> : null}
    </Modal>
  );
}

function ReturnForm({ recipientId, preselect, onDone }: { recipientId: string; preselect: string | null; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const transport = stores.transport;
  const [ctx, setCtx] = useState<ReturnContext | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set(preselect ? [preselect] : []));
  const [outcomes, setOutcomes] = useState<Record<string, ReturnOutcome>>({});
  const [comment, setComment] = useState('');
  const [receipt, setReceipt] = useState<{ id: string; aidIds: string[] } | null>(null);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [contactPrescriber, setContactPrescriber] = useState(false);
  const [code, setCode] = useState('');
  const [scanNote, setScanNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'receipt' | 'return' | null>(null);

  useEffect(() => {
    void transport.invoke('return.context', { recipientId }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setCtx(r.value);
      setStoreId(r.value.stores[0]?.id ?? null);
      setContactPrescriber(r.value.contactPrescriber);
      setOutcomes(Object.fromEntries(r.value.aids.map((a) => [a.aidId, a.sale ? 'deregister' : 'stock'])));
    });
  }, [transport, recipientId]);

  const tickedIds = useMemo(() => (ctx ? ctx.aids.filter((a) => ticked.has(a.aidId)).map((a) => a.aidId) : []), [ctx, ticked]);
  // The receipt covers the return when it lists every ticked aid.
  const covered = receipt !== null && tickedIds.length > 0 && tickedIds.every((id) => receipt.aidIds.includes(id));

  const tickIndividual = (no: string): boolean => {
    const aid = ctx?.aids.find((a) => a.individualNo === no);
    if (!aid) {
      setScanNote({ ok: false, text: t('return.scanUnknown', { no }) });
      return false;
    }
    setTicked((s) => new Set(s).add(aid.aidId));
    setScanNote({ ok: true, text: t('return.scanTicked', { no }) });
    return true;
  };
  useScanHandler(({ scan }) => {
    if (!ctx) return null;
    const no = scan.text.trim();
    return tickIndividual(no) ? { tone: 'ok', message: t('return.scanTicked', { no }) } : { tone: 'refused', message: t('return.scanUnknown', { no }) };
  });

  const printReceipt = async (id: string) => {
    const pdf = await transport.invoke('return.receiptPdf', { receiptId: id });
    if (pdf.ok) openPrintPreview(pdf.value);
    else setError(pdf.error.message);
  };
  const createReceipt = async () => {
    setBusy('receipt');
    setError(null);
    const saved = await transport.invoke('return.createReceipt', { recipientId, aidIds: tickedIds, comment: comment.trim() === '' ? null : comment });
    setBusy(null);
    if (!saved.ok) return setError(saved.error.message);
    setReceipt({ id: saved.value.id, aidIds: tickedIds });
    await printReceipt(saved.value.id);
  };
  const register = async () => {
    if (!storeId) return;
    setBusy('return');
    setError(null);
    const saved = await transport.invoke('return.register', {
      recipientId,
      receiptId: covered ? receipt.id : null,
      storeId,
      contactPrescriber,
      lines: tickedIds.map((aidId) => ({ aidId, outcome: outcomes[aidId] ?? 'stock' })),
    });
    setBusy(null);
    if (!saved.ok) return setError(saved.error.message);
    onDone(t('return.done', { count: tickedIds.length, store: storeId }));
  };

  if (error && !ctx) {
    return (
      <Alert color="red" variant="outline" role="alert">
        {error}
      </Alert>
    );
  }
  if (!ctx) {
    return (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{t('return.loading')}</Text>
      </Group>
    );
  }
  if (ctx.aids.length === 0) return <Text size="sm">{t('return.none')}</Text>;
  const anySale = ctx.aids.some((a) => a.sale && ticked.has(a.aidId));
  return (
    <Stack gap="md">
      <Text size="sm">{t('return.intro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim() && tickIndividual(code.trim())) setCode('');
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput label={t('return.scan')} value={code} onChange={(e) => setCode(e.currentTarget.value)} maxLength={30} w={260} data-testid="return-scan" />
          <Button type="submit" variant="default">
            OK
          </Button>
          {scanNote ? (
            <Text size="sm" c={scanNote.ok ? undefined : 'red.8'} role="status" data-testid="return-scan-note">
              {scanNote.text}
            </Text>
          ) : null}
        </Group>
      </form>
      <Table withTableBorder striped data-testid="return-aids" aria-label={t('return.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('return.columns.pick')}</Table.Th>
            <Table.Th>{t('return.columns.article')}</Table.Th>
            <Table.Th>{t('return.columns.individual')}</Table.Th>
            <Table.Th ta="right">{t('return.columns.quantity')}</Table.Th>
            <Table.Th>{t('return.columns.outcome')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ctx.aids.map((a) => (
            <Table.Tr key={a.aidId} data-testid="return-aid" data-article-no={a.articleNo} data-individual-no={a.individualNo ?? ''}>
              <Table.Td>
                <Checkbox
                  checked={ticked.has(a.aidId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setTicked((s) => {
                      const n = new Set(s);
                      if (on) n.add(a.aidId);
                      else n.delete(a.aidId);
                      return n;
                    });
                  }}
                  aria-label={t('return.tick', { article: `${a.articleNo} ${a.individualNo ?? ''}`.trim() })}
                  data-testid="return-tick"
                />
              </Table.Td>
              <Table.Td>
                {a.articleNo} {a.name}
                {a.deliveredAt ? (
                  <Text size="xs" span c="dimmed">
                    {' '}
                    · {formatDate(a.deliveredAt)}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{a.individualNo ?? t('common.none')}</Table.Td>
              <Table.Td ta="right">{a.quantity}</Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={t('return.columns.outcome')}
                  value={outcomes[a.aidId] ?? 'stock'}
                  onChange={(e) => {
                    const value = e.currentTarget.value as ReturnOutcome;
                    setOutcomes((o) => ({ ...o, [a.aidId]: value }));
                  }}
                  data={(a.sale ? (['deregister', 'scrap'] as const) : (['stock', 'scrap'] as const)).map((k) => ({ value: k, label: t(`return.outcomes.${k}`) }))}
                  size="xs"
                  data-testid="return-outcome"
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {anySale ? (
        <Text size="sm" data-testid="return-sale-hint">
          {t('return.saleHint')}
        </Text>
      ) : null}

      <Stack gap="xs" component="section" aria-labelledby="return-step1">
        <Title order={3} size="h5" id="return-step1">
          {t('return.step1')}
        </Title>
        <Textarea label={t('return.comment')} description={t('return.commentHelp')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={300} autosize minRows={2} data-testid="return-comment" />
        {ctx.receipts.length > 0 && !covered ? (
          <NativeSelect
            label={t('return.existingReceipt')}
            value=""
            onChange={(e) => {
              const r = ctx.receipts.find((x) => x.id === e.currentTarget.value);
              if (r) {
                setReceipt({ id: r.id, aidIds: r.aidIds });
                setTicked(new Set(r.aidIds.filter((id) => ctx.aids.some((a) => a.aidId === id))));
              }
            }}
            data={[{ value: '', label: '–' }, ...ctx.receipts.map((r) => ({ value: r.id, label: t('return.receiptOption', { date: formatDateTime(r.at), count: r.aidIds.length, by: r.byName ?? '' }) }))]}
            w={420}
            data-testid="return-existing-receipt"
          />
        ) : null}
        <Group gap="sm">
          <Button onClick={() => void createReceipt()} loading={busy === 'receipt'} disabled={tickedIds.length === 0} variant={covered ? 'default' : 'filled'} data-testid="return-create-receipt">
            {t('return.createReceipt')}
          </Button>
          {covered ? (
            <Button variant="subtle" onClick={() => void printReceipt(receipt.id)} data-testid="return-print-receipt">
              {t('return.printAgain')}
            </Button>
          ) : null}
        </Group>
        {covered ? (
          <Alert color="green" variant="outline" data-testid="return-receipt-created">
            {t('return.receiptCreated')}
          </Alert>
        ) : null}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="return-step2">
        <Title order={3} size="h5" id="return-step2">
          {t('return.step2')}
        </Title>
        <Group gap="md" align="flex-end">
          <NativeSelect label={t('return.store')} value={storeId ?? ''} onChange={(e) => setStoreId(e.currentTarget.value)} data={ctx.stores.map((s) => ({ value: s.id, label: `${s.id} ${s.name}` }))} w={320} data-testid="return-store" />
          <Checkbox
            label={t('return.contactPrescriber')}
            description={t('return.contactPrescriberHelp')}
            checked={contactPrescriber}
            onChange={(e) => setContactPrescriber(e.currentTarget.checked)}
            data-testid="return-contact-prescriber"
          />
        </Group>
        {ctx.rekond ? <Text size="sm">{t('return.rekondNote')}</Text> : null}
        {!covered ? (
          <Text size="sm" id="return-receipt-first" data-testid="return-receipt-first">
            {receipt ? t('return.receiptStale') : t('return.receiptFirst')}
          </Text>
        ) : null}
        {error ? (
          <Alert color="red" variant="outline" role="alert" data-testid="return-error">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button onClick={() => void register()} loading={busy === 'return'} disabled={!covered || !storeId} aria-describedby={covered ? undefined : 'return-receipt-first'} data-testid="return-submit">
            {t('return.submit')}
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}
