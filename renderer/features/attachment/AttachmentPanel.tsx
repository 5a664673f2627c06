import { Alert, Button, Group, Image, Modal, Paper, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentFile, AttachmentList, AttachmentView } from '../../../shared/api/attachment';
import type { AttachmentOwnerKind } from '../../../shared/domain/attachment/mutations';
import { formatFileSize } from '../../../shared/domain/attachment/files';
import { useStores } from '../../app/context';
import { formatDateTime } from '../../i18n/format';
import { saveFile } from '../../components/pdf';
import { FileDrop, precheck, readBase64 } from './FileDrop';

/**
 * Bilagor of an order, an activity or a deviation (manual 001 "Läsa och bifoga dokument"): the
 * files with who added them, open (images shown here, PDFs saved and opened by the system) and
 * save; a file chosen or dropped is attached (works offline, syncs to central); its author removes
 * it while the owner is open. Files central added are listed as Hjälpmedelscentralen's.
 */
export function AttachmentPanel({ ownerKind, ownerId, onChange }: { ownerKind: AttachmentOwnerKind; ownerId: string; onChange?: (count: number) => void }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const headingId = useId();
  const [list, setList] = useState<AttachmentList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ name: string; url: string } | null>(null);

  const load = useCallback(async () => {
    const result = await transport.invoke('attachment.list', { ownerKind, ownerId });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setList(result.value);
    onChange?.(result.value.attachments.length);
  }, [transport, ownerKind, ownerId, onChange]);

  useEffect(() => {
    void load();
    // Files central adds arrive with a pull.
    return transport.on('data.changed', ({ tables }) => {
      if (tables.includes('attachment') || tables.includes('attachment_removal')) void load();
    });
  }, [load, transport]);

  const attach = async (file: File) => {
    setError(null);
    setNotice(null);
    const refused = await precheck(file);
    if (refused) {
      setError(refused);
      return;
    }
    setBusy(true);
    setNotice(t('attachment.adding', { name: file.name }));
    let base64: string;
    try {
      base64 = await readBase64(file);
    } catch {
      setBusy(false);
      setNotice(null);
      setError(t('attachment.unreadable'));
      return;
    }
    const result = await transport.invoke('attachment.add', { ownerKind, ownerId, fileName: file.name, base64 });
    setBusy(false);
    if (!result.ok) {
      setNotice(null);
      setError(result.error.message);
      return;
    }
    setNotice(t('attachment.added', { name: file.name }));
    await load();
  };

  const fetchFile = async (a: AttachmentView): Promise<AttachmentFile | null> => {
    const result = await transport.invoke('attachment.get', { id: a.id });
    if (!result.ok) {
      setError(result.error.message);
      return null;
    }
    return result.value;
  };
  const open = async (a: AttachmentView) => {
    const f = await fetchFile(a);
    if (!f) return;
    if (f.mimeType.startsWith('image/')) {
      // A data URL: the web host's policy allows data: images (not blob:).
      setPreview({ name: f.fileName, url: `data:${f.mimeType};base64,${f.base64}` });
    } else {
      saveFile({ fileName: f.fileName, base64: f.base64, mimeType: f.mimeType });
    }
  };
  const save = async (a: AttachmentView) => {
    const f = await fetchFile(a);
    if (f) saveFile({ fileName: f.fileName, base64: f.base64, mimeType: f.mimeType });
  };
  const remove = async (a: AttachmentView) => {
    setError(null);
    const result = await transport.invoke('attachment.remove', { id: a.id });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setNotice(t('attachment.removed', { name: a.fileName }));
    await load();
  };

  const items = list?.attachments ?? [];
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby={headingId} maw={760} data-testid="attachments">
      <Title order={2} size="h4" id={headingId} mb="xs">
        {t('attachment.title')}
      </Title>
      {items.length > 0 ? (
        <Table verticalSpacing={4} mb="sm" data-testid="attachment-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('attachment.columns.name')}</Table.Th>
              <Table.Th className="num">{t('attachment.columns.size')}</Table.Th>
              <Table.Th>{t('attachment.columns.by')}</Table.Th>
              <Table.Th>{t('attachment.columns.at')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid="attachment-row">
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" px={0} onClick={() => void open(a)}>
                    {a.fileName}
                  </Button>
                </Table.Td>
                <Table.Td className="num">{formatFileSize(a.sizeBytes)}</Table.Td>
                <Table.Td>{a.central ? t('attachment.central') : (a.createdByName ?? t('common.none'))}</Table.Td>
                <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button variant="default" size="compact-xs" onClick={() => void save(a)} aria-label={`${t('attachment.save')} ${a.fileName}`}>
                      {t('attachment.save')}
                    </Button>
                    {a.removable ? (
                      <Button variant="default" color="red" size="compact-xs" onClick={() => void remove(a)} aria-label={`${t('attachment.remove')} ${a.fileName}`}>
                        {t('attachment.remove')}
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : list ? (
        <Text size="sm" mb="sm" c="dimmed">
          {t('attachment.none')}
        </Text>
      ) : null}
      {list && !list.open ? (
        <Text size="sm" c="dimmed">
          {t('attachment.closed')}
        </Text>
      ) : list ? (
        <FileDrop busy={busy} onFile={(file) => void attach(file)} />
      ) : null}
      {error ? (
        <Alert color="red" variant="outline" role="alert" mt="sm" data-testid="attachment-error">
          {error}
        </Alert>
      ) : notice ? (
        <Text size="sm" mt="sm" role="status">
          {notice}
        </Text>
      ) : null}
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={preview ? t('attachment.preview', { name: preview.name }) : ''} size="lg">
        {preview ? <Image src={preview.url} alt={preview.name} fit="contain" mah={600} /> : null}
      </Modal>
    </Paper>
  );
}
