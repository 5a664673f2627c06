import { Alert, Button, Group, Modal, NumberInput, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleLookup } from '../../../shared/api/schemas';
import { useStores } from '../../app/context';
import { ArticleStatusText } from '../../components/StatusBadge';
import { submitOnEnter } from '../../components/forms';
import { useWriteForm } from '../../components/useWriteForm';
import { formatIsoCode, formatNumber } from '../../i18n/format';

const FIELDS = ['articleNo', 'individualNo', 'serialNo', 'estimatedAgeYears', 'text'] as const;
type Field = (typeof FIELDS)[number];

/** Where the shared rule's refusals belong on this form. */
const PLACES = {
  paths: { articleId: 'articleNo' as Field },
  codes: {
    'not-found': 'articleNo' as Field,
    'unknown-article': 'articleNo' as Field,
    'article-not-tracked': 'articleNo' as Field,
    'article-not-b-aid': 'articleNo' as Field,
    'duplicate-individual-no': 'individualNo' as Field,
  },
};

interface Values {
  individualNo: string;
  serialNo: string;
  estimatedAgeYears: number | string;
  text: string;
}

const EMPTY: Values = { individualNo: '', serialNo: '', estimatedAgeYears: 0, text: '' };

/** Who opened the dialog and what they knew: the stocktake's unknown number, its own next step. */
export interface RegisterOptions {
  /** Prefills the individual number (an unknown number scanned while counting). */
  individualNo?: string;
  /** Called instead of opening the new individual's page. */
  onRegistered?: (saved: { id: string; individualNo: string }) => void;
}

/**
 * "Registrera ny individ" (manual 003): the article by its number, then individual number,
 * serial number (optional), estimated age (0 if new) and an optional description. Enter fetches
 * the article in the article field and saves everywhere else; Escape closes.
 */
export function RegisterIndividualDialog({ opened, onClose, options }: { opened: boolean; onClose: () => void; options?: RegisterOptions }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('individual.register.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="register-dialog"
    >
      {opened ? <RegisterForm onClose={onClose} options={options ?? {}} /> : null}
    </Modal>
  );
}

function RegisterForm({ onClose, options }: { onClose: () => void; options: RegisterOptions }) {
  const { t } = useTranslation();
  const stores = useStores();
  const individual = stores.individual;
  const individualNoRef = useRef<HTMLInputElement>(null);

  const [articleNo, setArticleNo] = useState('');
  const [article, setArticle] = useState<ArticleLookup | null>(null);
  const [lookingUp, setLookingUp] = useState(false);
  const [values, setValues] = useState<Values>(() => ({ ...EMPTY, individualNo: options.individualNo ?? '' }));
  const { formRef, errors, formError, saving, refuse, fieldError, clear, focusInvalid, submit } = useWriteForm(FIELDS, PLACES);
  const lookup = useRef<{ articleNo: string; promise: Promise<ArticleLookup | null> } | null>(null);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(key);
  };

  /** The article for the number in the field, fetched when it is not the one shown (once: Enter, blur and save may all ask). */
  const ensureArticle = (): Promise<ArticleLookup | null> => {
    const wanted = articleNo.trim();
    if (article && article.articleNo === wanted) return Promise.resolve(article);
    if (lookup.current?.articleNo === wanted) return lookup.current.promise;
    setLookingUp(true);
    const promise = individual
      .getState()
      .lookupArticle(wanted)
      .then((result) => {
        if (lookup.current?.promise === promise) lookup.current = null;
        setLookingUp(false);
        if (!result.ok) {
          setArticle(null);
          // Said beside the field; the focus stays where the person is (this may run on blur).
          refuse(result.error, false);
          return null;
        }
        setArticle(result.value);
        clear('articleNo');
        return result.value;
      });
    lookup.current = { articleNo: wanted, promise };
    return promise;
  };

  const onArticleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void ensureArticle().then((found) => {
      if (found) individualNoRef.current?.focus();
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (articleNo.trim() === '') {
      fieldError('articleNo', t('individual.register.lookupFirst'));
      return;
    }
    if (values.estimatedAgeYears === '') {
      fieldError('estimatedAgeYears', t('individual.register.ageMissing'));
      return;
    }
    const found = await ensureArticle();
    if (!found) {
      focusInvalid();
      return;
    }
    const individualNo = values.individualNo.trim();
    await submit(
      () =>
        individual.getState().register({
          articleId: found.id,
          individualNo,
          serialNo: values.serialNo.trim() === '' ? null : values.serialNo.trim(),
          estimatedAgeYears: Number(values.estimatedAgeYears),
          text: values.text.trim() === '' ? null : values.text.trim(),
        }),
      (saved) => {
        if (options.onRegistered) {
          onClose();
          options.onRegistered({ id: saved.id, individualNo });
          return;
        }
        individual.getState().setNotice({ individualId: saved.id, text: t('individual.register.saved', { no: individualNo }) });
        onClose();
        stores.router.getState().navigate({ page: 'individual', id: saved.id });
      },
    );
  };

  const stale = article !== null && article.articleNo !== articleNo.trim();

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="register-form">
      <Stack gap="sm">
        <Text size="sm">{t('individual.register.intro')}</Text>
        <TextInput
          label={t('individual.register.articleNo')}
          description={t('individual.register.articleHelp')}
          value={articleNo}
          onChange={(e) => {
            setArticleNo(e.currentTarget.value);
            clear('articleNo');
          }}
          onKeyDown={onArticleKeyDown}
          onBlur={() => {
            if (articleNo.trim() !== '' && (article === null || stale)) void ensureArticle();
          }}
          error={errors.articleNo}
          required
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          inputContainer={(input) => (
            <Group gap="sm" wrap="nowrap">
              <div style={{ flex: 1 }}>{input}</div>
              <Button variant="default" loading={lookingUp} onClick={() => void ensureArticle()}>
                {t('individual.register.lookup')}
              </Button>
            </Group>
          )}
        />
        {article && !stale ? <ArticleFacts article={article} /> : null}
        <TextInput
          ref={individualNoRef}
          label={t('individual.register.individualNo')}
          value={values.individualNo}
          onChange={(e) => set('individualNo', e.currentTarget.value)}
          error={errors.individualNo}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('individual.register.serialNo')}
            description={t('individual.register.serialNoHelp')}
            value={values.serialNo}
            onChange={(e) => set('serialNo', e.currentTarget.value)}
            error={errors.serialNo}
            autoComplete="off"
            spellCheck={false}
          />
          <NumberInput
            label={t('individual.register.age')}
            description={t('individual.register.ageHelp')}
            value={values.estimatedAgeYears}
            onChange={(v) => set('estimatedAgeYears', v)}
            error={errors.estimatedAgeYears}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            required
          />
        </Group>
        <Textarea
          label={t('individual.register.description')}
          description={t('individual.register.descriptionHelp')}
          value={values.text}
          onChange={(e) => set('text', e.currentTarget.value)}
          onKeyDown={(e) => submitOnEnter(e, formRef.current)}
          error={errors.text}
          autosize
          minRows={2}
          maxRows={5}
        />
        {formError ? (
          <Alert color="red" variant="outline" role="alert" data-testid="register-error">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('individual.register.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ArticleFacts({ article }: { article: ArticleLookup }) {
  const { t } = useTranslation();
  const warning = !article.trackedIndividually
    ? t('individual.register.notTrackedWarning')
    : article.aidCategory === 'A'
      ? t('individual.register.aAidWarning')
      : null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="register-article" data-testid="register-article">
      <Text id="register-article" fw={600} size="sm" mb={4}>
        {article.articleNo} {article.name}
      </Text>
      <dl className="facts">
        <dt>{t('individual.details.articleType')}</dt>
        <dd>{t(`articleTypes.${article.articleType}`)}</dd>
        <dt>{t('stock.columns.status')}</dt>
        <dd>
          <ArticleStatusText status={article.articleStatus} />
        </dd>
        <dt>{t('individual.details.iso')}</dt>
        <dd>{formatIsoCode(article.isoCode)}</dd>
        <dt>{t('individual.register.tracked')}</dt>
        <dd>{article.trackedIndividually ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('individual.register.category')}</dt>
        <dd>{t(`individual.register.categories.${article.aidCategory}`)}</dd>
        <dt>{t('individual.register.onHand')}</dt>
        <dd>
          {formatNumber(article.onHand)} {article.unit}
        </dd>
      </dl>
      {warning ? (
        <Alert color="orange" variant="outline" mt="xs" p="xs" data-testid="register-article-warning">
          {warning}
        </Alert>
      ) : null}
    </Paper>
  );
}
