import { Alert, Button, Checkbox, Group, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualDetails } from '../../../shared/api/schemas';
import { useStores } from '../../app/context';
import { useWriteForm } from '../../components/useWriteForm';
import { IndividualStatusBadge } from '../../components/StatusBadge';

const FIELDS = ['confirmed', 'newIndividualNo', 'reason'] as const;
type Field = (typeof FIELDS)[number];
const PLACES = { codes: { 'duplicate-individual-no': 'newIndividualNo' as Field, 'same-individual-no': 'newIndividualNo' as Field } };

/**
 * "Byte av individnummer" (manual 003; 000 §2.3): check the individual, confirm explicitly, give
 * the new number and the reason. The old number, the reason, the date and the user end up in the
 * individual's text information (the shared rule writes it).
 */
export function ChangeNumberDialog({ details, opened, onClose }: { details: IndividualDetails; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('individual.changeNumber.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="change-number-dialog"
    >
      {opened ? <ChangeNumberForm details={details} onClose={onClose} /> : null}
    </Modal>
  );
}

function ChangeNumberForm({ details, onClose }: { details: IndividualDetails; onClose: () => void }) {
  const { t } = useTranslation();
  const individual = useStores().individual;
  const [confirmed, setConfirmed] = useState(false);
  const [newIndividualNo, setNewIndividualNo] = useState('');
  const [reason, setReason] = useState('');
  const { formRef, errors, formError, saving, clear, submit } = useWriteForm(FIELDS, PLACES);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const no = newIndividualNo.trim();
    await submit(
      () =>
        individual.getState().changeNumber({
          individualId: details.id,
          newIndividualNo: no,
          reason,
          // The contract takes only `true`; an unticked box is refused with the rule's own message.
          confirmed: confirmed as true,
        }),
      () => {
        individual.getState().setNotice({ individualId: details.id, text: t('individual.changeNumber.saved', { no }) });
        onClose();
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="change-number-form">
      <Stack gap="sm">
        <Paper withBorder p="sm" component="section" aria-labelledby="change-number-check">
          <Text id="change-number-check" fw={600} size="sm" mb={4}>
            {t('individual.changeNumber.check')}
          </Text>
          <dl className="facts" data-testid="change-number-facts">
            <dt>{t('individual.changeNumber.current')}</dt>
            <dd>{details.individualNo}</dd>
            <dt>{t('individual.details.article')}</dt>
            <dd>
              {details.articleNo} {details.articleName}
            </dd>
            <dt>{t('individual.details.serialNo')}</dt>
            <dd>{details.serialNo ?? t('common.none')}</dd>
            <dt>{t('individual.details.status')}</dt>
            <dd>
              <IndividualStatusBadge status={details.status} />
            </dd>
          </dl>
        </Paper>
        <Checkbox
          label={t('individual.changeNumber.confirm')}
          checked={confirmed}
          onChange={(e) => {
            setConfirmed(e.currentTarget.checked);
            clear('confirmed');
          }}
          error={errors.confirmed}
          data-autofocus
        />
        <TextInput
          label={t('individual.changeNumber.newNo')}
          value={newIndividualNo}
          onChange={(e) => {
            setNewIndividualNo(e.currentTarget.value);
            clear('newIndividualNo');
          }}
          error={errors.newIndividualNo}
          disabled={!confirmed}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          label={t('individual.changeNumber.reason')}
          description={t('individual.changeNumber.reasonHelp')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            clear('reason');
          }}
          error={errors.reason}
          disabled={!confirmed}
          required
          autoComplete="off"
        />
        {formError ? (
          <Alert color="red" variant="outline" role="alert" data-testid="change-number-error">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('individual.changeNumber.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
