import { Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderArticleView, StockLevelRow } from '../../../shared/api/order';
import { useStores } from '../../app/context';
import { useWriteForm } from '../../components/useWriteForm';
import { formatNumber } from '../../i18n/format';

const FIELDS = ['articleNo', 'minLevel', 'maxLevel'] as const;

/** Ny / Ändra min/max-nivå (store admins): an article by its number, its min and max level. */
export function LevelDialog({
  row,
  opened,
  onClose,
  onSaved,
}: {
  /** The level to change, or null for a new one. */
  row: StockLevelRow | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={row ? t('order.levels.dialogEdit') : t('order.levels.dialogNew')}
      size="md"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <LevelForm row={row} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

function LevelForm({ row, onClose, onSaved }: { row: StockLevelRow | null; onClose: () => void; onSaved: (text: string) => void }) {
  const { t } = useTranslation();
  const level = useStores().level;
  const [code, setCode] = useState(row?.articleNo ?? '');
  const [article, setArticle] = useState<Pick<OrderArticleView, 'articleId' | 'articleNo' | 'name' | 'available' | 'unit'> | null>(
    row ? { articleId: row.articleId, articleNo: row.articleNo, name: row.name, available: row.available, unit: '' } : null,
  );
  const [minLevel, setMin] = useState<number | string>(row?.minLevel ?? '');
  const [maxLevel, setMax] = useState<number | string>(row?.maxLevel ?? '');
  const [looking, setLooking] = useState(false);
  const { formRef, errors, formError, saving, fieldError, clear, submit } = useWriteForm(FIELDS, { paths: { articleId: 'articleNo' } });
  const [fetched, setFetched] = useState(0);

  // A fetched article enables the level fields: the focus moves on to the min level.
  useEffect(() => {
    if (fetched > 0) formRef.current?.querySelector<HTMLInputElement>('input[name="minLevel"]')?.focus();
  }, [fetched, formRef]);

  const lookup = async () => {
    if (looking) return;
    setLooking(true);
    const found = await level.getState().lookupArticle(code);
    setLooking(false);
    if (!found.ok) {
      setArticle(null);
      fieldError('articleNo', (found.error.details?.issues as { message: string }[] | undefined)?.[0]?.message ?? found.error.message);
      return;
    }
    clear('articleNo');
    setArticle(found.value);
    setFetched((n) => n + 1);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in the article field fetches the article (a new level) before anything is saved.
    if (!row && (article === null || article.articleNo !== code.trim())) {
      if (code.trim() === '') fieldError('articleNo', t('order.levels.lookupFirst'));
      else await lookup();
      return;
    }
    if (article === null) return;
    if (typeof minLevel !== 'number' || typeof maxLevel !== 'number') {
      fieldError(typeof minLevel !== 'number' ? 'minLevel' : 'maxLevel', t('order.levels.levelMissing'));
      return;
    }
    await submit(
      () => level.getState().setLevel({ articleId: article.articleId, minLevel, maxLevel }),
      () => {
        onSaved(t('order.levels.saved', { articleNo: article.articleNo, min: formatNumber(minLevel), max: formatNumber(maxLevel) }));
        onClose();
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="level-form">
      <Stack gap="sm">
        {row ? (
          <dl className="facts">
            <dt>{t('order.levels.article')}</dt>
            <dd>
              {row.articleNo} {row.name}
            </dd>
          </dl>
        ) : (
          <TextInput
            label={t('order.levels.article')}
            description={t('order.levels.articleHelp')}
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value);
              clear('articleNo');
            }}
            error={errors.articleNo}
            required
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            inputContainer={(input) => (
              <Group gap="sm" wrap="nowrap">
                <div style={{ flex: 1 }}>{input}</div>
                <Button variant="light" loading={looking} onClick={() => void lookup()}>
                  {t('order.levels.lookup')}
                </Button>
              </Group>
            )}
          />
        )}
        {article && !row ? (
          <Text size="sm" data-testid="level-article">
            {article.articleNo} {article.name} – {t('order.levels.available', { available: formatNumber(article.available), unit: article.unit })}
          </Text>
        ) : null}
        <Group gap="sm" grow>
          <NumberInput
            name="minLevel"
            label={t('order.levels.min')}
            value={minLevel}
            onChange={(v) => {
              setMin(v);
              clear('minLevel');
            }}
            error={errors.minLevel}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            required
            disabled={article === null}
            data-autofocus={row ? true : undefined}
          />
          <NumberInput
            name="maxLevel"
            label={t('order.levels.max')}
            value={maxLevel}
            onChange={(v) => {
              setMax(v);
              clear('maxLevel');
            }}
            error={errors.maxLevel}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            required
            disabled={article === null}
          />
        </Group>
        {formError ? (
          <Alert color="red" variant="outline" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} data-testid="level-save">
            {t('order.levels.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
