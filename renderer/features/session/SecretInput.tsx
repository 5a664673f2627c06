import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** A password or PIN field whose show/hide button is named in the UI's language (Mantine's default is English). */
export function SecretInput({ ref, ...props }: PasswordInputProps & { ref?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  // data-secret: the scanner's keyboard wedge never holds keys typed here (wedgeListener.ts).
  return <PasswordInput ref={ref} visibilityToggleButtonProps={{ 'aria-label': t('session.showSecret') }} data-secret="true" {...props} />;
}
