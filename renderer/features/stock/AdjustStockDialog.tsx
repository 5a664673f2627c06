import { Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleLookup, StockBalanceRow } from '../../../shared/api/schemas';
import { useStores } from '../../app/context';
import { useWriteForm } from '../../components/useWriteForm';
import { formatNumber } from '../../i18n/format';

const FIELDS = ['quantity', 'reason'] as const;

/** "Justera saldo": a store admin changes a non-tracked article's balance by a quantity, with a reason. */
export function AdjustStockDialog({
  row,
  onClose,
  onSaved,
}: {
  /** The article to adjust; the dialog is open while it is set. */
  row: StockBalanceRow | null;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('stock.adjust.title')}
      size="md"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="adjust-dialog"
    >
      {row ? <AdjustForm row={row} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

const signed = (n: number): string => (n > 0 ? `+${formatNumber(n)}` : formatNumber(n));

function AdjustForm({ row, onClose, onSaved }: { row: StockBalanceRow; onClose: () => void; onSaved: (text: string) => void }) {
  const { t } = useTranslation();
  const stock = useStores().stock;
  const [article, setArticle] = useState<ArticleLookup | null>(null);
  const [quantity, setQuantity] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const { formRef, errors, formError, saving, fieldError, clear, submit } = useWriteForm(FIELDS);

  // The list's row does not say whether the article is tracked individually; the lookup does.
  useEffect(() => {
    let current = true;
    void stock
      .getState()
      .lookupArticle(row.articleNo)
      .then((result) => {
        if (current && result.ok) setArticle(result.value);
      });
    return () => {
      current = false;
    };
  }, [stock, row.articleNo]);

  const tracked = article?.trackedIndividually === true;
  const onHand = article?.onHand ?? row.onHand;
  const unit = article?.unit ?? row.unit;
  const q = typeof quantity === 'number' ? quantity : Number.NaN;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving || tracked) return;
    if (!Number.isFinite(q)) {
      fieldError('quantity', t('stock.adjust.quantityMissing'));
      return;
    }
    await submit(
      () => stock.getState().adjust({ articleId: row.articleId, quantity: q, reason }),
      () => {
        onSaved(t('stock.adjust.saved', { articleNo: row.articleNo, quantity: signed(q), unit }));
        onClose();
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="adjust-form">
      <Stack gap="sm">
        <dl className="facts" data-testid="adjust-facts">
          <dt>{t('stock.adjust.article')}</dt>
          <dd>
            {row.articleNo} {row.name}
          </dd>
          <dt>{t('stock.adjust.current')}</dt>
          <dd data-testid="adjust-current">
            {formatNumber(onHand)} {unit}
          </dd>
        </dl>
        {tracked ? (
          <Alert color="orange" variant="outline" role="alert" data-testid="adjust-tracked">
            {t('stock.adjust.tracked', { articleNo: row.articleNo })}
          </Alert>
        ) : null}
        <NumberInput
          label={t('stock.adjust.quantity')}
          description={t('stock.adjust.quantityHelp')}
          value={quantity}
          onChange={(v) => {
            setQuantity(v);
            clear('quantity');
          }}
          error={errors.quantity}
          allowDecimal={false}
          allowNegative
          clampBehavior="none"
          required
          disabled={tracked}
          data-autofocus
        />
        <TextInput
          label={t('stock.adjust.reason')}
          description={t('stock.adjust.reasonHelp')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            clear('reason');
          }}
          error={errors.reason}
          required
          disabled={tracked}
          autoComplete="off"
        />
        <Text size="sm" aria-live="polite" data-testid="adjust-new-balance">
          {Number.isFinite(q) && q !== 0 ? t('stock.adjust.newBalance', { balance: formatNumber(onHand + q), unit }) : ''}
        </Text>
        {formError ? (
          <Alert color="red" variant="outline" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {tracked ? t('common.close') : t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} disabled={tracked}>
            {t('stock.adjust.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
