import { Button, Group, NumberInput, Paper, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelLayoutInput } from '../../../shared/api/documents';
import type { LabelPrinterPreset, PrintKind } from '../../../shared/api/print';
import { useStores } from '../../app/context';
import { openPrintPreview } from '../print/printPreview';

const LAYOUTS = ['roll:57x32', 'roll:62x29', 'roll:100x50', 'roll:102x51', 'sheet:a4-3x8-70x37', 'sheet:a4-2x7-99x38'] as const;
type LayoutKey = (typeof LAYOUTS)[number];
const LAYOUT_LABELS = {
  'roll:57x32': 'receipt.documents.layouts.roll_57x32',
  'roll:62x29': 'receipt.documents.layouts.roll_62x29',
  'roll:100x50': 'receipt.documents.layouts.roll_100x50',
  'roll:102x51': 'receipt.documents.layouts.roll_102x51',
  'sheet:a4-3x8-70x37': 'receipt.documents.layouts.sheet_a4-3x8-70x37',
  'sheet:a4-2x7-99x38': 'receipt.documents.layouts.sheet_a4-2x7-99x38',
} as const satisfies Record<LayoutKey, string>;

/**
 * The label printer preset each roll is the label of (shared/api/print.ts). A sheet (A4 label
 * paper) goes to an office printer: printed as a document, no preset.
 */
const LAYOUT_PRESETS = {
  'roll:57x32': 'zebra-57x32',
  'roll:62x29': 'brother-ql-62x29',
  'roll:100x50': 'roll-100x50',
  'roll:102x51': 'zebra-102x51',
  'sheet:a4-3x8-70x37': null,
  'sheet:a4-2x7-99x38': null,
} as const satisfies Record<LayoutKey, LabelPrinterPreset | null>;

function layoutOf(key: LayoutKey, startPosition: number): LabelLayoutInput {
  const [kind, id] = key.split(':') as ['roll' | 'sheet', string];
  return kind === 'roll'
    ? { kind: 'roll', size: id as Extract<LabelLayoutInput, { kind: 'roll' }>['size'] }
    : { kind: 'sheet', sheet: id as Extract<LabelLayoutInput, { kind: 'sheet' }>['sheet'], startPosition };
}

/**
 * The receipt's documents: the purchase order (a reprint is marked "Kopia"), and once approved the
 * receipt (kvittens) and the labels of the individuals it created, in the chosen label size.
 */
export function ReceiptDocuments({ purchaseOrderId, approved }: { purchaseOrderId: string; approved: boolean }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [layout, setLayout] = useState<LayoutKey>('roll:57x32');
  const [start, setStart] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const print = async (what: string, call: () => ReturnType<typeof transport.invoke<'goodsReceipt.labels'>>, options: { kind: PrintKind; preset: LabelPrinterPreset | null } = { kind: 'document', preset: null }) => {
    setBusy(what);
    setError(null);
    const result = await call();
    setBusy(null);
    if (result.ok) openPrintPreview(result.value, options);
    else setError(result.error.message);
  };

  return (
    <Paper withBorder p="sm" mb="sm" component="section" aria-label={t('receipt.documents.title')} data-testid="receipt-documents">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Button variant="default" loading={busy === 'po'} onClick={() => void print('po', () => transport.invoke('goodsReceipt.purchaseOrderPdf', { purchaseOrderId }))}>
          {t('receipt.documents.purchaseOrder')}
        </Button>
        {approved ? (
          <>
            <Button variant="default" loading={busy === 'receipt'} onClick={() => void print('receipt', () => transport.invoke('goodsReceipt.receiptPdf', { purchaseOrderId }))}>
              {t('receipt.documents.receipt')}
            </Button>
            <Select
              label={t('receipt.documents.labelSize')}
              data={LAYOUTS.map((value) => ({ value, label: t(LAYOUT_LABELS[value]) }))}
              value={layout}
              onChange={(v) => v && setLayout(v as LayoutKey)}
              allowDeselect={false}
              w={260}
            />
            {layout.startsWith('sheet:') ? (
              <NumberInput label={t('receipt.documents.startPosition')} min={1} max={24} value={start} onChange={(v) => setStart(typeof v === 'number' ? v : 1)} w={150} />
            ) : null}
            <Button
              loading={busy === 'labels'}
              onClick={() => void print('labels', () => transport.invoke('goodsReceipt.labels', { purchaseOrderId, layout: layoutOf(layout, start) }), { kind: layout.startsWith('roll:') ? 'label' : 'document', preset: LAYOUT_PRESETS[layout] })}
              data-testid="print-labels"
            >
              {t('receipt.documents.labels')}
            </Button>
          </>
        ) : null}
      </Group>
      {error ? (
        <Text size="sm" c="red.9" mt="xs" role="alert">
          {error}
        </Text>
      ) : null}
    </Paper>
  );
}
