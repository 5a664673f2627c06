import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderTemplate } from '../../../shared/api/order';
import { useOrder, useStores } from '../../app/context';
import { formatDate } from '../../i18n/format';
import { TemplateDialog } from './TemplateDialog';

/** How many articles of a template the list names before "+N till". */
const NAMED_ARTICLES = 3;

/** Beställningsmallar: the store's templates; create, edit, delete (with a confirmation). */
export function TemplatesPanel() {
  const { t } = useTranslation();
  const order = useStores().order;
  const templates = useOrder((s) => s.templates);
  const error = useOrder((s) => s.templatesError);
  const [editing, setEditing] = useState<OrderTemplate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<OrderTemplate | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void order.getState().loadTemplates();
  }, [order]);

  const confirmDelete = async () => {
    if (!deleting || removing) return;
    setRemoving(true);
    const result = await order.getState().deleteTemplate(deleting.templateId);
    setRemoving(false);
    if (!result.ok) {
      setDeleteError(result.error.message);
      return;
    }
    setNotice(t('order.templates.deleted', { name: deleting.name }));
    setDeleting(null);
  };

  const none = t('common.none');
  return (
    <div className="panel-scroll">
      <Stack gap="sm" maw={1100}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text size="sm" maw={720}>
            {t('order.templates.intro')}
          </Text>
          <Button
            variant="light"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
            data-testid="template-new"
          >
            {t('order.templates.new')}
          </Button>
        </Group>
        <Text size="sm" c="#1f6f33" fw={600} aria-live="polite" data-testid="templates-notice">
          {notice ?? ''}
        </Text>
        {error ? (
          <Alert color="red" variant="outline" role="alert">
            {error.message}
          </Alert>
        ) : null}
        {templates === null ? (
          <Text size="sm">{t('common.loading')}</Text>
        ) : templates.length === 0 ? (
          <Alert variant="outline" color="gray.8" data-testid="templates-empty">
            {t('order.templates.empty')}
          </Alert>
        ) : (
          <Table striped withTableBorder verticalSpacing={6} data-testid="templates-table">
            <caption className="visually-hidden">{t('order.templates.caption')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={240}>{t('order.templates.columns.name')}</Table.Th>
                <Table.Th className="num" w={60}>
                  {t('order.templates.columns.lines')}
                </Table.Th>
                <Table.Th>{t('order.templates.columns.articles')}</Table.Th>
                <Table.Th w={110}>{t('order.templates.columns.updatedAt')}</Table.Th>
                <Table.Th w={160}>{t('order.templates.columns.user')}</Table.Th>
                <Table.Th w={190}>{t('order.templates.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.map((tpl) => (
                <Table.Tr key={tpl.templateId} data-testid="template-row">
                  <Table.Td fw={600}>{tpl.name}</Table.Td>
                  <Table.Td className="num">{tpl.lines.length}</Table.Td>
                  <Table.Td>
                    {tpl.lines
                      .slice(0, NAMED_ARTICLES)
                      .map((l) => `${l.articleNo} ${l.name} (${l.quantity})`)
                      .join(', ')}
                    {tpl.lines.length > NAMED_ARTICLES ? ` ${t('order.templates.more', { count: tpl.lines.length - NAMED_ARTICLES })}` : ''}
                  </Table.Td>
                  <Table.Td>{formatDate(tpl.updatedAt)}</Table.Td>
                  <Table.Td>{tpl.userName ?? none}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('order.templates.editOf', { name: tpl.name })}
                        onClick={() => {
                          setNotice(null);
                          setEditing(tpl);
                        }}
                      >
                        {t('order.templates.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={t('order.templates.deleteOf', { name: tpl.name })}
                        onClick={() => {
                          setNotice(null);
                          setDeleteError(null);
                          setDeleting(tpl);
                        }}
                      >
                        {t('order.templates.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <TemplateDialog
        template={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(name) => setNotice(t('order.templates.saved', { name }))}
      />
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('order.templates.deleteTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('order.templates.deleteQuestion', { name: deleting?.name ?? '' })}</Text>
          {deleteError ? (
            <Alert color="red" variant="outline" role="alert">
              {deleteError}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={removing} onClick={() => void confirmDelete()}>
              {t('order.templates.deleteConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}
