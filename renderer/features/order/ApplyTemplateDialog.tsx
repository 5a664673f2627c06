import { Alert, Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderTemplate } from '../../../shared/api/order';
import { useOrder, useStores } from '../../app/context';

/**
 * Beställning efter beställningsmall (manual 001): choose one of the store's templates, change the
 * quantities, tick the articles to order, and add them to the order being made.
 */
export function ApplyTemplateDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const templates = useOrder((s) => s.templates);
  const error = useOrder((s) => s.templatesError);
  useEffect(() => {
    if (opened) void stores.order.getState().loadTemplates();
  }, [opened, stores]);
  return (
    <Modal opened={opened} onClose={onClose} title={t('recipientOrder.template.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error.message}
        </Alert>
      ) : templates === null ? null : templates.length === 0 ? (
        <Text size="sm" data-testid="template-none">
          {t('recipientOrder.template.none')}
        </Text>
      ) : (
        <TemplateChoice templates={templates} onClose={onClose} />
      )}
    </Modal>
  );
}

function TemplateChoice({ templates, onClose }: { templates: OrderTemplate[]; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const [templateId, setTemplateId] = useState(templates[0]!.templateId);
  const template = templates.find((x) => x.templateId === templateId) ?? templates[0]!;
  const [rows, setRows] = useState<{ articleNo: string; name: string; quantity: number | string; ticked: boolean }[]>([]);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    setRows(template.lines.map((l) => ({ articleNo: l.articleNo, name: l.name, quantity: l.quantity, ticked: true })));
  }, [template]);
  const chosen = rows.filter((r) => r.ticked);
  const add = async () => {
    setAdding(true);
    const r = await store.getState().applyTemplate(
      template.name,
      chosen.map((c) => ({ articleNo: c.articleNo, quantity: typeof c.quantity === 'number' ? c.quantity : Number(c.quantity) })),
    );
    setAdding(false);
    if (r.added > 0 || r.refused.length === 0) onClose();
  };
  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('recipientOrder.template.choose')}
        value={templateId}
        onChange={(e) => setTemplateId(e.currentTarget.value)}
        data={templates.map((x) => ({ value: x.templateId, label: x.name }))}
        data-testid="template-choose"
      />
      <Table striped withTableBorder data-testid="template-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recipientOrder.template.order')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.article')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.name')}</Table.Th>
            <Table.Th>{t('recipientOrder.col.quantity')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={r.articleNo}>
              <Table.Td>
                <Checkbox
                  checked={r.ticked}
                  onChange={(e) => {
                    const ticked = e.currentTarget.checked;
                    setRows((all) => all.map((x, j) => (j === i ? { ...x, ticked } : x)));
                  }}
                  aria-label={t('recipientOrder.template.tick', { no: r.articleNo })}
                />
              </Table.Td>
              <Table.Td>{r.articleNo}</Table.Td>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>
                <NumberInput
                  value={r.quantity}
                  min={1}
                  allowDecimal={false}
                  w={90}
                  onChange={(quantity) => setRows((all) => all.map((x, j) => (j === i ? { ...x, quantity } : x)))}
                  aria-label={t('recipientOrder.template.quantity', { no: r.articleNo })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void add()} loading={adding} disabled={chosen.length === 0} data-testid="template-apply">
          {t('recipientOrder.template.apply', { count: chosen.length })}
        </Button>
      </Group>
    </Stack>
  );
}
