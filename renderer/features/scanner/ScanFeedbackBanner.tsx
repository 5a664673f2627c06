import { CloseButton } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useScanner, useStores } from '../../app/context';

/** How long the latest scan's answer stays on screen. */
const SHOW_MS = 6000;

/**
 * The answer to the latest scan, on every screen: large text on a colour that says OK (green),
 * look here (amber) or refused (red), with the matching tone (scannerStore). A refusal is an
 * alert for screen readers, the others a polite status.
 */
export function ScanFeedbackBanner() {
  const { t } = useTranslation();
  const stores = useStores();
  const feedback = useScanner((s) => s.feedback);

  useEffect(() => {
    if (!feedback) return;
    const timer = setTimeout(() => stores.scanner.getState().dismissFeedback(feedback.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [feedback, stores]);

  if (!feedback) return null;
  return (
    <div className={`scan-feedback scan-feedback-${feedback.tone}`} role={feedback.tone === 'refused' ? 'alert' : 'status'} data-testid="scan-feedback" data-tone={feedback.tone}>
      <span className="scan-feedback-icon" aria-hidden="true">
        {feedback.tone === 'ok' ? '✓' : feedback.tone === 'attention' ? '!' : '✕'}
      </span>
      <span className="scan-feedback-text">{feedback.message}</span>
      <CloseButton size="lg" variant="transparent" c="inherit" aria-label={t('scanner.feedback.close')} onClick={() => stores.scanner.getState().dismissFeedback(feedback.id)} />
    </div>
  );
}
