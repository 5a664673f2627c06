import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/context';
import { useWriteForm } from '../../components/useWriteForm';

const FIELDS = ['reason'] as const;

/** Makulera: the delivery is not received; a reason is mandatory. */
export function CancelReceiptDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('receipt.cancelDialog.title')} size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened ? <CancelForm onClose={onClose} /> : null}
    </Modal>
  );
}

function CancelForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const receipt = useStores().receipt;
  const [reason, setReason] = useState('');
  const { formRef, errors, formError, saving, fieldError, clear, submit } = useWriteForm(FIELDS);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      fieldError('reason', t('receipt.cancelDialog.reasonMissing'));
      return;
    }
    await submit(() => receipt.getState().cancel(reason), onClose);
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="cancel-receipt-form">
      <Stack gap="sm">
        <Text size="sm">{t('receipt.cancelDialog.intro')}</Text>
        <Text size="sm" fw={600}>
          {t('receipt.cancelDialog.responsibility')}
        </Text>
        <TextInput
          label={t('receipt.cancelDialog.reason')}
          description={t('receipt.cancelDialog.reasonHelp')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            clear('reason');
          }}
          error={errors.reason}
          required
          autoComplete="off"
          data-autofocus
        />
        {formError ? (
          <Alert color="red" variant="outline" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={saving}>
            {t('receipt.cancelDialog.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
