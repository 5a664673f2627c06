import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RekondRow } from '../../../shared/api/return';
import { useSession, useStores } from '../../app/context';
import { routeToHash } from '../../app/router';
import { formatDateTime } from '../../i18n/format';
import { useScanHandler } from '../scanner/useScanHandler';
import { isStoreStaff } from '../session/permissions';

/**
 * Rekond / rengöring (issue 12, manual 003 "Retur"): the individuals returned into the own store
 * that wait for cleaning / reconditioning, oldest first, each with the return it came from and the
 * contact-prescriber (infection) flag. Scanner first: scanning an individual number selects its
 * row, and "Rekond klar" (store staff) makes it available in the store again.
 */
export function RekondPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const { transport } = stores;
  const staff = useSession((s) => isStoreStaff(s.status?.user));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const [rows, setRows] = useState<RekondRow[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await transport.invoke('return.rekondList', {});
    if (!r.ok) return setError(r.error.message);
    setRows(r.value);
  }, [transport]);
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    void load();
    return transport.on('data.changed', ({ tables }) => (tables.includes('aid_return_line') || tables.includes('individual') ? void load() : undefined));
  }, [load, transport]);
  const current = rows?.find((r) => r.lineId === selected) ?? null;
  useEffect(() => {
    if (current) doneRef.current?.focus();
  }, [current]);

  /** Selects the row of an individual number; false when it is not waiting for rekond here. */
  const select = (no: string): boolean => {
    const row = rows?.find((r) => r.individualNo === no);
    if (!row) {
      setNote({ ok: false, text: t('return.rekondPage.notWaiting', { no }) });
      return false;
    }
    setSelected(row.lineId);
    setNote({ ok: true, text: t('return.rekondPage.selected', { no }) });
    return true;
  };
  useScanHandler(({ scan, meaning }) => {
    if (!rows) return null;
    const no = scan.text.trim();
    if (rows.some((r) => r.individualNo === no)) {
      select(no);
      return { tone: 'ok', message: t('return.rekondPage.selected', { no }) };
    }
    // Another individual: said here, not opened elsewhere; anything else goes to the global router.
    if (meaning.kind === 'individualNo' || meaning.alternatives.includes('individualNo')) {
      setNote({ ok: false, text: t('return.rekondPage.notWaiting', { no }) });
      return { tone: 'refused', message: t('return.rekondPage.notWaiting', { no }) };
    }
    return null;
  });

  const done = async (row: RekondRow) => {
    setBusy(true);
    setError(null);
    const r = await transport.invoke('return.rekondDone', { lineId: row.lineId });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setSelected(null);
    setNote({ ok: true, text: t('return.rekondPage.saved', { no: row.individualNo }) });
    await load();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() && select(code.trim())) setCode('');
  };
  const openRecipient = (id: string) => stores.router.getState().navigate({ page: 'recipient', id, tab: 'returned' });

  return (
    <Stack gap="md" maw={1200}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('return.rekondPage.title')}
      </Title>
      <Text size="sm" maw={820}>
        {t('return.rekondPage.intro')}
      </Text>
      {!staff ? (
        <Text size="sm" id="rekond-staff-only" data-testid="rekond-staff-only">
          {t('return.rekond.staffOnly')}
        </Text>
      ) : null}
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm">
          <TextInput label={t('return.rekondPage.scan')} value={code} onChange={(e) => setCode(e.currentTarget.value)} maxLength={30} w={280} data-testid="rekond-scan" />
          <Button type="submit" variant="default">
            {t('return.rekondPage.choose')}
          </Button>
        </Group>
      </form>
      <Text size="sm" c={note && !note.ok ? 'red.8' : '#1f6f33'} fw={600} role="status" aria-live="polite" data-testid="rekond-note">
        {note?.text ?? ''}
      </Text>
      {current ? (
        <Alert color={current.contactPrescriber ? 'red' : 'blue'} variant="outline" title={t('return.rekondPage.chosen', { no: current.individualNo })} data-testid="rekond-chosen">
          <Stack gap="xs">
            <Text size="sm">
              {current.articleNo} {current.name} · {t('return.rekondPage.returnedAt', { at: formatDateTime(current.returnedAt) })}
            </Text>
            {current.contactPrescriber ? (
              <Text fw={700} c="red.8" data-testid="rekond-chosen-contact">
                {t('return.rekondPage.contactWarning')}
              </Text>
            ) : null}
            <Group>
              <Button ref={doneRef} loading={busy} disabled={!staff} aria-describedby={staff ? undefined : 'rekond-staff-only'} onClick={() => void done(current)} data-testid="rekond-chosen-done">
                {t('return.rekond.done')}
              </Button>
              <Button variant="default" onClick={() => setSelected(null)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" variant="outline" role="alert" data-testid="rekond-error">
          {error}
        </Alert>
      ) : null}
      {rows === null ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : rows.length === 0 ? (
        <Text size="sm" data-testid="rekond-empty">
          {t('return.rekondPage.empty')}
        </Text>
      ) : (
        <Table withTableBorder striped verticalSpacing={4} data-testid="rekond-list" aria-label={t('return.rekondPage.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>{t('return.columns.individual')}</Table.Th>
              <Table.Th miw={220}>{t('return.columns.article')}</Table.Th>
              <Table.Th w={170}>{t('return.rekondPage.returned')}</Table.Th>
              <Table.Th w={220}>{t('return.rekondPage.from')}</Table.Th>
              <Table.Th w={240}>{t('return.rekondPage.infection')}</Table.Th>
              <Table.Th w={130}>
                <span className="visually-hidden">{t('return.rekondPage.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr
                key={r.lineId}
                data-testid="rekond-row"
                data-individual-no={r.individualNo}
                aria-selected={r.lineId === selected}
                style={r.lineId === selected ? { outline: '2px solid #1864ab', outlineOffset: -2 } : undefined}
              >
                <Table.Td>
                  <Anchor
                    href={routeToHash({ page: 'individual', id: r.individualId })}
                    onClick={(e) => {
                      e.preventDefault();
                      stores.router.getState().navigate({ page: 'individual', id: r.individualId });
                    }}
                  >
                    {r.individualNo}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {r.articleNo} {r.name}
                </Table.Td>
                <Table.Td>{formatDateTime(r.returnedAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.receiptNo ? t('return.rekondPage.receipt', { no: r.receiptNo }) : t('common.none')}</Text>
                  <Anchor
                    size="xs"
                    href={routeToHash({ page: 'recipient', id: r.recipientId, tab: 'returned' })}
                    onClick={(e) => {
                      e.preventDefault();
                      openRecipient(r.recipientId);
                    }}
                    data-testid="rekond-recipient"
                  >
                    {t('return.rekondPage.showRecipient')}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {r.contactPrescriber ? (
                    <Badge
                      color="red"
                      variant="filled"
                      radius="sm"
                      tt="none"
                      size="lg"
                      h="auto"
                      py={4}
                      styles={{ label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' } }}
                      data-testid="rekond-contact"
                    >
                      {t('return.contactPrescriber')}
                    </Badge>
                  ) : (
                    <Text size="sm">{t('common.no')}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant={r.lineId === selected ? 'filled' : 'light'}
                    disabled={!staff || busy}
                    aria-describedby={staff ? undefined : 'rekond-staff-only'}
                    aria-label={t('return.rekondPage.doneOf', { no: r.individualNo })}
                    onClick={() => void done(r)}
                    data-testid="rekond-done"
                  >
                    {t('return.rekond.done')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
