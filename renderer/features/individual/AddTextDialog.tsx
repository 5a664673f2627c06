import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualDetails } from '../../../shared/api/schemas';
import { useStores } from '../../app/context';
import { submitOnEnter } from '../../components/forms';
import { useWriteForm } from '../../components/useWriteForm';

const FIELDS = ['text'] as const;

/** "Textinformation": a free text on the individual, kept in its history with date and user. */
export function AddTextDialog({ details, opened, onClose }: { details: IndividualDetails; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('individual.addText.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="add-text-dialog"
    >
      {opened ? <AddTextForm details={details} onClose={onClose} /> : null}
    </Modal>
  );
}

function AddTextForm({ details, onClose }: { details: IndividualDetails; onClose: () => void }) {
  const { t } = useTranslation();
  const individual = useStores().individual;
  const [text, setText] = useState('');
  const { formRef, errors, formError, saving, clear, submit } = useWriteForm(FIELDS);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await submit(
      () => individual.getState().addText({ individualId: details.id, text }),
      () => {
        individual.getState().setNotice({ individualId: details.id, text: t('individual.addText.saved') });
        onClose();
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="add-text-form">
      <Stack gap="sm">
        <Text size="sm">{t('individual.addText.intro')}</Text>
        <Textarea
          label={t('individual.addText.text')}
          description={t('individual.addText.help')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            clear('text');
          }}
          onKeyDown={(e) => submitOnEnter(e, formRef.current)}
          error={errors.text}
          required
          autosize
          minRows={3}
          maxRows={8}
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
          <Button type="submit" loading={saving}>
            {t('individual.addText.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
