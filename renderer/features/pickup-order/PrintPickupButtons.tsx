import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/context';
import { openPrintPreview } from '../print/printPreview';

/** The pick-up order PDF and, for a supplier's reason, the supplier copy without personal data; printing makes it Utskriven. */
export function PrintPickupButtons({ pickupOrderId, supplierCopy, onPrinted, size }: { pickupOrderId: string; supplierCopy: boolean; onPrinted?: () => void; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [busy, setBusy] = useState<string | null>(null);
  const print = async (document: 'pickupOrder' | 'supplierCopy') => {
    setBusy(document);
    const r = await stores.transport.invoke('pickupOrder.pdf', { pickupOrderId, document });
    setBusy(null);
    if (!r.ok) {
      stores.session.getState().noteError(r.error);
      return;
    }
    openPrintPreview(r.value);
    onPrinted?.();
  };
  return (
    <Group gap="xs">
      <Button size={size} variant="light" loading={busy === 'pickupOrder'} onClick={() => void print('pickupOrder')} data-testid="pickup-pdf">
        {t('pickupOrder.pdf')}
      </Button>
      {supplierCopy ? (
        <Button size={size} variant="light" loading={busy === 'supplierCopy'} onClick={() => void print('supplierCopy')} data-testid="pickup-supplier-pdf">
          {t('pickupOrder.supplierPdf')}
        </Button>
      ) : null}
    </Group>
  );
}
