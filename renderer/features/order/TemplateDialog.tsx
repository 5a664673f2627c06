import { Alert, Button, CloseButton, Group, Modal, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderArticleView, OrderTemplate } from '../../../shared/api/order';
import { useStores } from '../../app/context';
import { useWriteForm } from '../../components/useWriteForm';

const FIELDS = ['name', 'lines', 'code'] as const;

interface TemplateLine {
  article: OrderArticleView;
  quantity: number | string;
}

/** Ny / Ändra beställningsmall: a name and the articles ordered regularly, with quantities. */
export function TemplateDialog({
  template,
  opened,
  onClose,
  onSaved,
}: {
  /** The template to edit, or null for a new one. */
  template: OrderTemplate | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={template ? t('order.templates.dialogEdit') : t('order.templates.dialogNew')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <TemplateForm template={template} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

function TemplateForm({ template, onClose, onSaved }: { template: OrderTemplate | null; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const order = useStores().order;
  const [name, setName] = useState(template?.name ?? '');
  const [lines, setLines] = useState<TemplateLine[]>(() => (template?.lines ?? []).map(({ quantity, ...article }) => ({ article, quantity })));
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | string>(1);
  const [looking, setLooking] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const { formRef, errors, formError, saving, fieldError, clear, submit } = useWriteForm(FIELDS);

  /** Enter in Artikel adds the line (the same article again adds to its quantity). */
  const addLine = async () => {
    if (looking || code.trim() === '') return;
    setLooking(true);
    const found = await order.getState().lookupArticle(code);
    setLooking(false);
    if (!found.ok) {
      fieldError('code', found.error.message);
      return;
    }
    if (found.value.refusal !== null) {
      fieldError('code', found.value.refusal);
      return;
    }
    const q = typeof quantity === 'number' ? quantity : 1;
    setLines((current) => {
      const i = current.findIndex((l) => l.article.articleId === found.value.articleId);
      if (i < 0) return [...current, { article: found.value, quantity: q }];
      return current.map((l, j) => (j === i ? { ...l, quantity: (typeof l.quantity === 'number' ? l.quantity : 0) + q } : l));
    });
    clear('code');
    clear('lines');
    setCode('');
    setQuantity(1);
    codeRef.current?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter with an article typed adds its line first; the template is saved on the next Enter.
    if (code.trim() !== '') {
      await addLine();
      return;
    }
    await submit(
      () =>
        order.getState().saveTemplate({
          templateId: template?.templateId ?? null,
          name,
          lines: lines.map((l) => ({ articleId: l.article.articleId, quantity: typeof l.quantity === 'number' ? l.quantity : 0 })),
        }),
      () => {
        onSaved(name.trim());
        onClose();
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate data-testid="template-form">
      <Stack gap="sm">
        <TextInput
          label={t('order.templates.name')}
          description={t('order.templates.nameHelp')}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clear('name');
          }}
          error={errors.name}
          required
          autoComplete="off"
          data-autofocus
          maw={420}
        />
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            ref={codeRef}
            label={t('order.cart.article')}
            placeholder={t('order.cart.articlePlaceholder')}
            description={t('order.cart.articleHelp')}
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value);
              clear('code');
            }}
            error={errors.code}
            w={320}
            autoComplete="off"
            spellCheck={false}
          />
          <NumberInput
            label={t('order.cart.quantity')}
            description={t('order.cart.quantityHelp')}
            value={quantity}
            onChange={setQuantity}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            inputContainer={(input) => (
              <Group gap="sm" wrap="nowrap">
                <div style={{ width: 100 }}>{input}</div>
                <Button variant="light" loading={looking} onClick={() => void addLine()}>
                  {t('order.cart.add')}
                </Button>
              </Group>
            )}
          />
        </Group>
        {lines.length === 0 ? (
          <Text size="sm" c={errors.lines ? 'red.9' : undefined} data-testid="template-lines-empty">
            {errors.lines ?? t('order.templates.linesEmpty')}
          </Text>
        ) : (
          <>
            {errors.lines ? (
              <Text size="sm" c="red.9">
                {errors.lines}
              </Text>
            ) : null}
            <Table striped withTableBorder verticalSpacing={4} data-testid="template-lines">
              <caption className="visually-hidden">{t('order.templates.linesCaption')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('order.cart.columns.articleNo')}</Table.Th>
                  <Table.Th>{t('order.cart.columns.name')}</Table.Th>
                  <Table.Th>{t('order.cart.columns.supplier')}</Table.Th>
                  <Table.Th w={120}>{t('order.cart.columns.quantity')}</Table.Th>
                  <Table.Th w={40}>
                    <span className="visually-hidden">{t('order.cart.remove')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => (
                  <Table.Tr key={l.article.articleId} data-testid="template-line">
                    <Table.Td>{l.article.articleNo}</Table.Td>
                    <Table.Td>
                      <div>{l.article.name}</div>
                      {l.article.warning ? (
                        <Text size="xs" c="#a8410a">
                          {l.article.warning}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{l.article.supplierName ?? t('order.cart.noSupplier')}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t('order.cart.quantityOf', { articleNo: l.article.articleNo })}
                        value={l.quantity}
                        onChange={(v) => setLines((current) => current.map((c) => (c.article.articleId === l.article.articleId ? { ...c, quantity: v } : c)))}
                        min={1}
                        allowDecimal={false}
                        allowNegative={false}
                        size="xs"
                        w={100}
                      />
                    </Table.Td>
                    <Table.Td>
                      <CloseButton
                        aria-label={t('order.cart.removeOf', { articleNo: l.article.articleNo })}
                        onClick={() => setLines((current) => current.filter((c) => c.article.articleId !== l.article.articleId))}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        {formError ? (
          <Alert color="red" variant="outline" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} data-testid="template-save">
            {t('order.templates.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
