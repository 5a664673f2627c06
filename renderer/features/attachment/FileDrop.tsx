import { Button, Group, Text } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkFile, FILE_KINDS, kindOfFileName, MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE, UNSUPPORTED_MESSAGE } from '../../../shared/domain/attachment/files';

const ACCEPT = Object.values(FILE_KINDS)
  .flatMap((k) => [k.mimeType, ...k.extensions.map((e) => `.${e}`)])
  .join(',');

/** The file's content as base64 (without the data-URL prefix). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/**
 * Checked before the file is sent, with the same rule the backend and central apply (size, type by
 * the file's first bytes): an oversized or unsupported file is refused at once, in Swedish.
 */
export async function precheck(file: File): Promise<string | null> {
  if (file.size > MAX_ATTACHMENT_BYTES) return TOO_LARGE_MESSAGE;
  const kind = kindOfFileName(file.name);
  if (kind === null) return UNSUPPORTED_MESSAGE;
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return checkFile({ fileName: file.name, mimeType: FILE_KINDS[kind].mimeType, sizeBytes: file.size, head })?.message ?? null;
}

/**
 * Where a file is chosen or dropped (bilagor): a button opening the file dialog and a drop zone.
 * Used by an owner's attachment panel and by forms that register their owner with its files (a
 * special adjustment's instructions document).
 */
export function FileDrop({ onFile, busy = false, testId = 'attachment' }: { onFile: (file: File) => void; busy?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    for (const file of Array.from(e.dataTransfer.files)) onFile(file);
  };
  return (
    <div
      className="attachment-drop"
      data-testid={`${testId}-drop`}
      data-dragging={dragging || undefined}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={{
        border: '1px dashed var(--mantine-color-gray-5)',
        borderRadius: 6,
        padding: 12,
        background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Group gap="sm">
        <Button variant="light" onClick={() => inputRef.current?.click()} loading={busy}>
          {t('attachment.choose')}
        </Button>
        <Text size="sm">{dragging ? t('attachment.drop') : t('attachment.dropHint')}</Text>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {t('attachment.intro')}
      </Text>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid={`${testId}-input`}
        aria-label={t('attachment.choose')}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
