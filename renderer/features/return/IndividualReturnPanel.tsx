import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualReturnState } from '../../../shared/api/return';
import { useSession, useStores } from '../../app/context';
import { openPrintPreview } from '../print/printPreview';
import { formatDate } from '../../i18n/format';
import { isStoreStaff } from '../session/permissions';
import { ReturnDialog } from './ReturnDialog';

/**
 * The individual card's part of returns (manual 000 §2.2, §2.4): rekond / rengöring waiting (with
 * the contact-prescriber flag for the technician) and its "Rekond klar"; Retur av hjälpmedel when
 * a recipient holds it; Retur till leverantör when it is available in the store, with its note.
 */
export function IndividualReturnPanel({ individualId }: { individualId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const transport = stores.transport;
  const staff = useSession((s) => isStoreStaff(s.status?.user));
  const [state, setState] = useState<IndividualReturnState | null>(null);
  const [dialog, setDialog] = useState<'return' | 'supplier' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    void transport.invoke('return.individual', { individualId }).then((r) => (r.ok ? setState(r.value) : setError(r.error.message)));
  }, [transport, individualId]);
  useEffect(load, [load]);
  const changed = (message: string) => {
    setDialog(null);
    setNotice(message);
    setError(null);
    load();
    void stores.individual.getState().loadDetails(individualId);
  };
  const printNote = async (id: string) => {
    const pdf = await transport.invoke('return.supplierNotePdf', { supplierReturnId: id });
    if (pdf.ok) openPrintPreview(pdf.value);
    else setError(pdf.error.message);
  };

  if (!state) return null;
  const { rekond, holder, supplierReturn } = state;
  if (!rekond && !holder && !supplierReturn && !state.mayReturnToSupplier && !notice) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="individual-return">
      {rekond ? (
        <Alert color="orange" variant="outline" title={t('return.rekond.title')} data-testid="individual-rekond">
          <Stack gap="xs">
            <Text size="sm">{t('return.rekond.waiting', { date: formatDate(rekond.returnedAt) })}</Text>
            {rekond.contactPrescriber ? (
              <Badge color="red" data-testid="individual-rekond-contact">
                {t('return.contactPrescriber')}
              </Badge>
            ) : null}
            <Group gap="sm">
              <Button
                size="xs"
                loading={busy}
                disabled={!staff}
                onClick={() => {
                  setBusy(true);
                  void transport.invoke('return.rekondDone', { lineId: rekond.lineId }).then((r) => {
                    setBusy(false);
                    if (r.ok) changed(t('return.rekond.saved'));
                    else setError(r.error.message);
                  });
                }}
                data-testid="individual-rekond-done"
              >
                {t('return.rekond.done')}
              </Button>
              {staff ? null : <Text size="xs">{t('return.rekond.staffOnly')}</Text>}
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {supplierReturn ? (
        <Group gap="sm">
          <Text size="sm" data-testid="individual-supplier-return">
            {t('return.individual.sentToSupplier', { supplier: supplierReturn.supplierName ?? '', date: formatDate(supplierReturn.at) })}
          </Text>
          <Button size="xs" variant="light" onClick={() => void printNote(supplierReturn.id)} data-testid="individual-supplier-note">
            {t('return.individual.printNote')}
          </Button>
        </Group>
      ) : null}
      <Group gap="sm">
        {holder ? (
          <Button variant="light" onClick={() => setDialog('return')} data-testid="individual-return-open">
            {t('return.individual.returnAid')}
          </Button>
        ) : null}
        {state.mayReturnToSupplier ? (
          <Button variant="light" onClick={() => setDialog('supplier')} data-testid="individual-supplier-open">
            {t('return.individual.toSupplier')}
          </Button>
        ) : null}
      </Group>
      {notice ? (
        <Alert color="green" variant="outline" data-testid="individual-return-notice">
          {notice}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" variant="outline" role="alert" data-testid="individual-return-error">
          {error}
        </Alert>
      ) : null}
      {holder ? <ReturnDialog recipientId={holder.recipientId} preselect={holder.aidId} opened={dialog === 'return'} onClose={() => setDialog(null)} onDone={changed} /> : null}
      <SupplierReturnDialog
        state={state}
        opened={dialog === 'supplier'}
        onClose={() => setDialog(null)}
        onDone={(id) => {
          changed(t('return.supplier.saved'));
          void printNote(id);
        }}
      />
    </Stack>
  );
}

function SupplierReturnDialog({ state, opened, onClose, onDone }: { state: IndividualReturnState; opened: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const transport = useStores().transport;
  const [referencePerson, setReferencePerson] = useState('');
  const [information, setInformation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const r = await transport.invoke('return.toSupplier', {
      individualId: state.individualId,
      referencePerson: referencePerson.trim() || null,
      information: information.trim() || null,
    });
    setBusy(false);
    if (r.ok) onDone(r.value.id);
    else setError(r.error.message);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('return.supplier.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }} data-testid="supplier-return-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('return.supplier.intro', { supplier: state.supplierName ?? '' })}</Text>
          <TextInput label={t('return.supplier.referencePerson')} value={referencePerson} onChange={(e) => setReferencePerson(e.currentTarget.value)} maxLength={80} data-testid="supplier-return-reference" data-autofocus />
          <Textarea label={t('return.supplier.information')} value={information} onChange={(e) => setInformation(e.currentTarget.value)} maxLength={300} autosize minRows={3} data-testid="supplier-return-information" />
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="supplier-return-error">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="supplier-return-submit">
              {t('return.supplier.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
