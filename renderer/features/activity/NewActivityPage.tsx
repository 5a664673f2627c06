import { Alert, Anchor, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AidRow, RecipientCard } from '../../../shared/api/recipient';
import {
  ACTIVITY_KINDS,
  ACTIVITY_PRIORITIES,
  ADDRESS_TYPES,
  DEFAULT_PRIORITY,
  mayChangePriority,
  TEXT_MAX,
  TITLE_MAX,
  type ActivityKind,
  type ActivityPriority,
  type AddressType,
} from '../../../shared/domain/activity/mutations';
import { useSession, useStores } from '../../app/context';
import { formatFileSize } from '../../../shared/domain/attachment/files';
import { FileDrop, precheck, readBase64 } from '../attachment/FileDrop';
import { useScanHandler } from '../scanner/useScanHandler';

/**
 * Ny aktivitet (manual 003 "Skapa Aktivitet", 001 "Registrera arbetsorder"): the type, the priority
 * (its default; the orderer cannot change it), the recipient and the aid it concerns (from the
 * recipient's aids list, scanned or typed), a customer order to link, the title, the requested
 * action (mandatory), a description, the address type and address, the contact-prescriber flag,
 * and files chosen or dropped (a special adjustment's "Anvisning vid specialanpassning" is
 * mandatory): registered with the activity in one step. Saved at once, offline too, under a
 * provisional number.
 */
export function NewActivityPage({ recipientId, aidCode }: { recipientId: string | null; aidCode: string | null }) {
  const { t } = useTranslation();
  const { transport, router } = useStores();
  const roles = useSession((s) => s.status?.user?.roles ?? []);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [recipient, setRecipient] = useState<RecipientCard | null>(null);
  const [recipientQuery, setRecipientQuery] = useState('');
  const [aids, setAids] = useState<AidRow[]>([]);
  const [kind, setKind] = useState<ActivityKind>(recipientId === null ? 'bufferRepair' : 'repair');
  const [priority, setPriority] = useState<ActivityPriority>(DEFAULT_PRIORITY);
  const [code, setCode] = useState(aidCode ?? '');
  const [orderNo, setOrderNo] = useState('');
  const [title, setTitle] = useState('');
  const [requestedAction, setRequestedAction] = useState('');
  const [description, setDescription] = useState('');
  const [addressType, setAddressType] = useState<AddressType>(recipientId === null ? 'store' : 'recipient');
  const [address, setAddress] = useState({ address: '', postalCode: '', city: '' });
  const [contactPrescriber, setContactPrescriber] = useState(false);
  const [files, setFiles] = useState<{ fileName: string; base64: string; size: number }[]>([]);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; message: string } | null>(null);
  const priorityAllowed = mayChangePriority(roles);

  const openRecipient = async (id: string) => {
    const card = await transport.invoke('recipient.get', { id });
    if (!card.ok) {
      setError(card.error.message);
      return;
    }
    setRecipient(card.value);
    setContactPrescriber(card.value.contactPrescriber);
    setAddressType('recipient');
    const list = await transport.invoke('recipient.aids', { recipientId: id, tab: 'aids' });
    setAids(list.ok ? list.value : []);
  };
  useEffect(() => {
    headingRef.current?.focus();
    if (recipientId !== null) void openRecipient(recipientId);
    // Once, for the recipient the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recipientId]);

  const findRecipient = async (text: string) => {
    const r = await transport.invoke('recipient.search', { query: text });
    if (!r.ok) return { ok: false as const, message: r.error.message };
    if (!r.value.found) return { ok: false as const, message: r.value.message };
    await openRecipient(r.value.recipientId);
    setRecipientQuery('');
    return { ok: true as const, message: '' };
  };

  useScanHandler(async ({ scan, meaning }) => {
    if (meaning.kind === 'personalNumber') {
      const r = await findRecipient(scan.text);
      return r.ok ? { tone: 'ok', message: t('activity.new.recipientFound') } : { tone: 'refused', message: r.message };
    }
    if (meaning.kind === 'individualNo' || meaning.kind === 'articleNo') {
      setCode(scan.text.trim());
      return { tone: 'ok', message: t('activity.new.scanned', { code: scan.text.trim() }) };
    }
    return null;
  });

  /** A chosen or dropped file joins the activity's files (checked by the shared rule again when it is registered). */
  const addFile = async (file: File) => {
    const refused = await precheck(file);
    if (refused) {
      setError(refused);
      return;
    }
    setReading(true);
    try {
      const base64 = await readBase64(file);
      setFiles((fs) => [...fs.filter((f) => f.fileName !== file.name), { fileName: file.name, base64, size: file.size }]);
      setError(null);
    } catch {
      setError(t('attachment.unreadable'));
    } finally {
      setReading(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const r = await transport.invoke('activity.create', {
      kind,
      priority,
      recipientId: recipient?.id ?? null,
      aidCode: code.trim() === '' ? null : code.trim(),
      orderNo: orderNo.trim() === '' ? null : orderNo.trim(),
      title,
      requestedAction,
      description: description.trim() === '' ? null : description,
      addressType,
      address: addressType === 'other' ? address : null,
      contactPrescriber,
      files: files.map((f) => ({ fileName: f.fileName, base64: f.base64 })),
    });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setFiles([]);
    setCreated({ id: r.value.id, message: r.value.message });
  };

  return (
    <Stack gap="md" maw={1000} data-testid="new-activity-page">
      <Anchor
        href="#/activities"
        size="sm"
        onClick={(e) => {
          e.preventDefault();
          router.getState().navigate({ page: 'activities' });
        }}
      >
        ← {t('activity.details.back')}
      </Anchor>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('activity.new.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('activity.new.intro')}
      </Text>
      <div aria-live="polite">
        {created ? (
          <Alert color="green" variant="outline" data-testid="activity-created">
            <Group justify="space-between">
              <span>{created.message}</span>
              <Button variant="light" size="xs" onClick={() => router.getState().navigate({ page: 'activity', id: created.id })} data-testid="activity-open-created">
                {t('activity.new.openCreated')}
              </Button>
            </Group>
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" variant="outline" role="alert" data-testid="activity-create-error">
            {error}
          </Alert>
        ) : null}
      </div>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={t('activity.new.title')} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <NativeSelect
              label={t('activity.new.kind')}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as ActivityKind)}
              data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activity.kinds.${k}`) }))}
              data-testid="activity-kind"
            />
            <NativeSelect
              label={t('activity.new.priority')}
              description={priorityAllowed ? undefined : t('activity.new.priorityLocked')}
              value={priority}
              disabled={!priorityAllowed}
              onChange={(e) => setPriority(e.currentTarget.value as ActivityPriority)}
              data={ACTIVITY_PRIORITIES.map((p) => ({ value: p, label: t(`activity.priorities.${p}`) }))}
              data-testid="activity-priority"
            />
          </SimpleGrid>
          {kind === 'specialAdjustment' ? (
            <Alert color="yellow" variant="outline" data-testid="activity-attachment-note">
              {t('activity.new.attachmentNote')}
            </Alert>
          ) : null}
          <Fieldset legend={t('activity.new.recipient')} variant="unstyled">
            {recipient ? (
              <Group gap="sm">
                <Text data-testid="activity-recipient">{recipient.name}</Text>
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => {
                    setRecipient(null);
                    setAids([]);
                    setAddressType('store');
                  }}
                >
                  {t('activity.new.clearRecipient')}
                </Button>
              </Group>
            ) : (
              <Group align="flex-end" gap="sm">
                <TextInput
                  label={t('activity.new.recipientSearch')}
                  value={recipientQuery}
                  onChange={(e) => setRecipientQuery(e.currentTarget.value)}
                  data-testid="activity-recipient-search"
                />
                <Button
                  variant="light"
                  onClick={async () => {
                    const r = await findRecipient(recipientQuery);
                    setError(r.ok ? null : r.message);
                  }}
                >
                  {t('activity.new.find')}
                </Button>
                <Text size="sm" c="dimmed">
                  {t('activity.new.noRecipient')}
                </Text>
              </Group>
            )}
          </Fieldset>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {aids.length > 0 ? (
              <NativeSelect
                label={t('activity.new.recipientAids')}
                value={aids.find((a) => (a.individualNo ?? a.articleNo) === code)?.id ?? ''}
                onChange={(e) => {
                  const aid = aids.find((a) => a.id === e.currentTarget.value);
                  setCode(aid ? (aid.individualNo ?? aid.articleNo) : '');
                }}
                data={[{ value: '', label: t('activity.new.noAid') }, ...aids.map((a) => ({ value: a.id, label: `${a.individualNo ?? a.articleNo} ${a.articleName}` }))]}
                data-testid="activity-recipient-aids"
              />
            ) : null}
            <TextInput label={t('activity.new.aidCode')} description={t('activity.new.aidHelp')} value={code} onChange={(e) => setCode(e.currentTarget.value)} data-testid="activity-aid-code" />
            <TextInput label={t('activity.new.order')} description={t('activity.new.orderHelp')} value={orderNo} onChange={(e) => setOrderNo(e.currentTarget.value)} data-testid="activity-order-no" />
          </SimpleGrid>
          <TextInput
            label={t('activity.new.titleField')}
            description={t('activity.new.chars', { count: title.length, max: TITLE_MAX })}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            required
            data-testid="activity-title"
          />
          <Textarea
            label={t('activity.new.requestedAction')}
            description={t('activity.new.chars', { count: requestedAction.length, max: TEXT_MAX })}
            value={requestedAction}
            onChange={(e) => setRequestedAction(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            data-testid="activity-requested-action"
          />
          <Textarea
            label={t('activity.new.description')}
            description={t('activity.new.chars', { count: description.length, max: TEXT_MAX })}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="activity-description"
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <NativeSelect
              label={t('activity.new.addressType')}
              value={addressType}
              onChange={(e) => setAddressType(e.currentTarget.value as AddressType)}
              data={ADDRESS_TYPES.map((a) => ({ value: a, label: t(`activity.addressTypes.${a}`), disabled: a === 'recipient' && recipient === null }))}
              data-testid="activity-address-type"
            />
            <Checkbox
              mt="lg"
              label={t('activity.new.contactPrescriber')}
              checked={contactPrescriber}
              onChange={(e) => setContactPrescriber(e.currentTarget.checked)}
              data-testid="activity-contact-prescriber"
            />
          </SimpleGrid>
          {addressType === 'other' ? (
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput label={t('activity.new.address')} value={address.address} onChange={(e) => setAddress({ ...address, address: e.currentTarget.value })} data-testid="activity-address" />
              <TextInput label={t('activity.new.postalCode')} value={address.postalCode} onChange={(e) => setAddress({ ...address, postalCode: e.currentTarget.value })} data-testid="activity-postal-code" />
              <TextInput label={t('activity.new.city')} value={address.city} onChange={(e) => setAddress({ ...address, city: e.currentTarget.value })} data-testid="activity-city" />
            </SimpleGrid>
          ) : null}
          <Fieldset legend={t('activity.new.files')} variant="unstyled" data-testid="activity-files">
            {files.length > 0 ? (
              <Stack gap={4} mb="xs">
                {files.map((f) => (
                  <Group key={f.fileName} gap="sm" data-testid="activity-file-row">
                    <Text size="sm">{f.fileName}</Text>
                    <Text size="sm" c="dimmed">
                      {formatFileSize(f.size)}
                    </Text>
                    <Button
                      variant="default"
                      color="red"
                      size="compact-xs"
                      onClick={() => setFiles((fs) => fs.filter((x) => x.fileName !== f.fileName))}
                      aria-label={`${t('attachment.remove')} ${f.fileName}`}
                    >
                      {t('attachment.remove')}
                    </Button>
                  </Group>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed" mb="xs">
                {kind === 'specialAdjustment' ? t('activity.new.filesRequired') : t('attachment.none')}
              </Text>
            )}
            <FileDrop busy={reading} onFile={(file) => void addFile(file)} testId="activity-file" />
          </Fieldset>
          <Group>
            <Button type="submit" data-testid="activity-save">
              {t('activity.new.save')}
            </Button>
            <Button variant="subtle" onClick={() => router.getState().navigate({ page: 'activities' })}>
              {t('activity.new.cancel')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
