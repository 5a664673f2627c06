import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndividualDetails } from '../../../shared/api/schemas';
import { useStores } from '../../app/context';
import { focusFirstInvalid, placeErrors, submitOnEnter, type FieldErrors } from '../../components/forms';

const FIELDS = ['text'] as const;
type Field = (typeof FIELDS)[number];

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
  const formRef = useRef<HTMLFormElement>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(formRef.current);
  }, [attempt]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await individual.getState().addText({ individualId: details.id, text });
    setSaving(false);
    if (!result.ok) {
      const placed = placeErrors(result.error, FIELDS);
      setErrors(placed.fields);
      setFormError(placed.form);
      setAttempt((n) => n + 1);
      return;
    }
    individual.getState().setNotice({ individualId: details.id, text: t('individual.addText.saved') });
    onClose();
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
            if (errors.text) setErrors({});
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
