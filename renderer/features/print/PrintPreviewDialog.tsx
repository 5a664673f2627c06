import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { proposedPrinter, type PrintersView } from '../../../shared/api/print';
import { useStores } from '../../app/context';
import { saveFile } from '../../components/pdf';
import { usePrintPreview } from './printPreview';

function blobUrlOf(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/**
 * Förhandsgranskning (decision 0039): the PDF in a frame, and "Skriv ut" to the chosen printer
 * (the person's last, else the machine's label printer, else the default), "Öppna i PDF-visare",
 * "Spara som…", "Stäng". Keyboard first: Enter prints, Esc closes.
 */
export function PrintPreviewDialog() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const request = usePrintPreview((s) => s.request);
  const close = usePrintPreview((s) => s.close);
  const [view, setView] = useState<PrintersView | null>(null);
  const [printer, setPrinter] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const url = useMemo(() => (request ? blobUrlOf(request.document.base64) : null), [request]);

  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  useEffect(() => {
    if (!request) return;
    setMessage(null);
    setView(null);
    let current = true;
    void transport.invoke('print.printers', {}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setView(result.value);
        setPrinter(proposedPrinter(result.value, request.kind));
      } else setMessage({ kind: 'error', text: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [request, transport]);

  if (!request || !url) return null;
  const canPrint = view?.direct === true && printer !== null && !busy;

  const print = async () => {
    if (!canPrint) return;
    setBusy(true);
    setMessage(null);
    const result = await transport.invoke('print.document', { document: request.document, kind: request.kind, target: 'printer', printer, preset: request.preset });
    setBusy(false);
    if (result.ok) setMessage({ kind: 'done', text: t('print.sent', { printer: result.value.printer ?? '' }) });
    else setMessage({ kind: 'error', text: result.error.message });
  };
  const openViewer = async () => {
    if (view?.viewer !== true) {
      // The web host: the browser's own PDF viewer in a tab, from the page's blob URL.
      window.open(url, '_blank', 'noopener');
      return;
    }
    const result = await transport.invoke('print.document', { document: request.document, kind: request.kind, target: 'viewer' });
    if (!result.ok) setMessage({ kind: 'error', text: result.error.message });
  };

  return (
    <Modal opened onClose={close} title={t('print.title', { name: request.document.fileName })} size="xl" data-testid="print-preview">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void print();
        }}
      >
        <Stack gap="sm">
          <iframe src={url} title={t('print.frame')} data-testid="print-preview-pdf" style={{ width: '100%', height: '60vh', border: '1px solid var(--mantine-color-gray-4)' }} />
          {view && !view.direct ? (
            <Text size="sm" data-testid="print-printers-reason">
              {view.reason}
            </Text>
          ) : null}
          {view?.direct ? (
            <Select
              label={request.kind === 'label' ? t('print.labelPrinter') : t('print.printer')}
              data={view.printers.map((p) => ({ value: p.name, label: p.isDefault ? t('print.defaultPrinter', { name: p.name }) : p.name }))}
              value={printer}
              onChange={setPrinter}
              allowDeselect={false}
              data-autofocus
            />
          ) : null}
          {message ? (
            <Alert color={message.kind === 'error' ? 'red' : 'green'} role={message.kind === 'error' ? 'alert' : 'status'}>
              {message.text}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button type="button" variant="default" onClick={close} data-testid="print-preview-close">
              {t('print.close')}
            </Button>
            <Button type="button" variant="default" data-testid="print-preview-save" onClick={() => saveFile({ ...request.document, mimeType: 'application/pdf' })}>
              {t('print.saveAs')}
            </Button>
            <Button type="button" variant="default" data-testid="print-preview-viewer" onClick={() => void openViewer()}>
              {t('print.openViewer')}
            </Button>
            <Button type="submit" data-testid="print-preview-print" loading={busy} disabled={!canPrint} data-autofocus={view?.direct ? undefined : true}>
              {t('print.print')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
