import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, NativeSelect, Paper, Radio, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickupForm, RegisteredPickup } from '../../../shared/api/pickup-order';
import { useStores } from '../../app/context';
import { useRegionSettings } from '../settings/useRegionSettings';
import { PrintPickupButtons } from './PrintPickupButtons';

/**
 * Ny hämtorder from the recipient card (manuals 001 and 003 "Hämtorder"): the reason from the
 * region's list (required, and saving blocked without it, only where the region's setting
 * `pickupReasonRequired` says so; until the settings are read it counts as required), the pick-up address (the recipient's, or another for this pick-up only), phone
 * (always), door code, instructions, the contact-prescriber flag, a comment (what is urgent), and
 * the aids to fetch ticked from the recipient's list; an aid already on an open pick-up says "Ja"
 * and cannot be ticked. Then the PDF for the reason and, for a supplier's reason, the supplier copy.
 */
export function NewPickupOrderPage({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const navigate = stores.router.getState().navigate;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<PickupForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [registered, setRegistered] = useState<RegisteredPickup | null>(null);

  useEffect(() => {
    let live = true;
    void stores.transport.invoke('pickupOrder.form', { recipientId }).then((r) => {
      if (!live) return;
      if (r.ok) setForm(r.value);
      else setLoadError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [stores, recipientId, registered]);
  useEffect(() => headingRef.current?.focus(), [registered]);

  const back = (
    <Anchor
      href={`#/recipients/${encodeURIComponent(recipientId)}`}
      size="sm"
      onClick={(e) => {
        e.preventDefault();
        navigate({ page: 'recipient', id: recipientId, tab: 'aids' });
      }}
    >
      ← {t('pickupOrder.backToRecipient')}
    </Anchor>
  );
  if (loadError)
    return (
      <Stack>
        {back}
        <Alert color="red" variant="outline" role="alert">
          {loadError}
        </Alert>
      </Stack>
    );
  if (!form) return <Loader size="sm" aria-label={t('common.loading')} />;

  if (registered) {
    return (
      <Stack gap="md" maw={900}>
        {back}
        <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
          {t('pickupOrder.confirmTitle')}
        </Title>
        <Paper withBorder p="md" data-testid="pickup-confirmation">
          <Stack gap="sm">
            <Text role="status" data-testid="pickup-registered">
              {t('pickupOrder.registered', { no: registered.provisionalNo })}
            </Text>
            <Text size="sm">{t('pickupOrder.numberLater')}</Text>
            <PrintPickupButtons pickupOrderId={registered.pickupOrderId} supplierCopy={registered.supplierCopy} />
            <Group gap="sm">
              <Button variant="default" onClick={() => navigate({ page: 'pickupOrders' })} data-testid="pickup-to-search">
                {t('pickupOrder.toSearch')}
              </Button>
              <Button variant="subtle" onClick={() => setRegistered(null)} data-testid="pickup-another">
                {t('pickupOrder.another')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={1100}>
      {back}
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('pickupOrder.newTitle', { name: form.recipient.name })}
      </Title>
      <Text c="dimmed" size="sm">
        {t('pickupOrder.intro')}
      </Text>
      <PickupFormView form={form} onRegistered={setRegistered} />
    </Stack>
  );
}

function PickupFormView({ form, onRegistered }: { form: PickupForm; onRegistered: (r: RegisteredPickup) => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const r = form.recipient;
  const reasonRequired = useRegionSettings()?.pickupReasonRequired ?? true;
  const [reasonId, setReasonId] = useState('');
  const [own, setOwn] = useState<'own' | 'other'>('own');
  const [address, setAddress] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [city, setCity] = useState('');
  const [phone, setPhone] = useState(r.phone ?? '');
  const [doorCode, setDoorCode] = useState(r.doorCode ?? '');
  const [instructions, setInstructions] = useState(r.instructions ?? '');
  const [comment, setComment] = useState('');
  const [contactPrescriber, setContactPrescriber] = useState(r.contactPrescriber);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const reason = form.reasons.find((x) => x.id === reasonId) ?? null;
  const free = form.aids.filter((a) => a.openPickupNo === null);
  const ownAddress = [r.address, [r.postalCode, r.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reasonRequired && reasonId === '') {
      setFieldErrors((f) => ({ ...f, reasonId: t('pickupOrder.reasonRequired') }));
      setError(t('pickupOrder.fixFields'));
      return;
    }
    setSaving(true);
    const result = await stores.transport.invoke('pickupOrder.register', {
      recipientId: r.id,
      reasonId: reasonId === '' ? null : reasonId,
      address: own === 'own' ? null : { address, postalCode, city },
      phone,
      doorCode,
      instructions,
      comment,
      contactPrescriber,
      aidIds: form.aids.filter((a) => ticked.has(a.aidId)).map((a) => a.aidId),
    });
    setSaving(false);
    if (result.ok) {
      onRegistered(result.value);
      return;
    }
    const issues = (result.error.details?.issues ?? []) as { path: (string | number)[]; message: string }[];
    // The first message per field (an empty field says it is required, not what it may hold).
    const byField: Record<string, string> = {};
    for (const i of issues) if (i.path.length > 0) byField[i.path.join('.')] ??= i.message;
    setFieldErrors(byField);
    setError(Object.keys(byField).length > 0 ? t('pickupOrder.fixFields') : result.error.message);
  };
  /** A field being edited loses its message (and the summary above the button goes). */
  const edited = (field: string) => {
    setError(null);
    setFieldErrors(({ [field]: _, ...rest }) => rest);
  };
  const toggle = (aidId: string, on: boolean) => {
    edited('aidIds');
    setTicked((s) => {
      const next = new Set(s);
      if (on) next.add(aidId);
      else next.delete(aidId);
      return next;
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('pickupOrder.formLabel')} noValidate>
      <Stack gap="md">
        <Paper withBorder p="md">
          <Stack gap="sm">
            <NativeSelect
              label={t('pickupOrder.reason')}
              data={[{ value: '', label: t(reasonRequired ? 'pickupOrder.chooseReason' : 'pickupOrder.noReason') }, ...form.reasons.map((x) => ({ value: x.id, label: x.name }))]}
              value={reasonId}
              onChange={(e) => { setReasonId(e.currentTarget.value); edited('reasonId'); }}
              error={fieldErrors.reasonId}
              description={reasonRequired ? undefined : t('pickupOrder.reasonOptional')}
              required={reasonRequired}
              data-testid="pickup-reason"
            />
            {reason ? (
              <Text size="sm" data-testid="pickup-reason-description">
                {reason.description}
                {reason.supplierCopy ? ` ${t('pickupOrder.supplierCopyNote')}` : ''}
              </Text>
            ) : null}
            <Radio.Group label={t('pickupOrder.addressFrom')} value={own} onChange={(v) => setOwn(v === 'other' ? 'other' : 'own')}>
              <Group gap="lg" mt={4}>
                <Radio value="own" label={t('pickupOrder.ownAddress', { address: ownAddress || t('common.none') })} data-testid="pickup-address-own" />
                <Radio value="other" label={t('pickupOrder.otherAddress')} data-testid="pickup-address-other" />
              </Group>
            </Radio.Group>
            {own === 'other' ? (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label={t('pickupOrder.street')} value={address} onChange={(e) => { setAddress(e.currentTarget.value); edited('address.address'); }} error={fieldErrors['address.address']} maxLength={100} data-testid="pickup-street" />
                <TextInput label={t('pickupOrder.postalCode')} value={postalCode} onChange={(e) => { setPostalCode(e.currentTarget.value); edited('address.postalCode'); }} error={fieldErrors['address.postalCode']} maxLength={10} data-testid="pickup-postal-code" />
                <TextInput label={t('pickupOrder.city')} value={city} onChange={(e) => { setCity(e.currentTarget.value); edited('address.city'); }} error={fieldErrors['address.city']} maxLength={60} data-testid="pickup-city" />
              </SimpleGrid>
            ) : null}
            <Text size="xs">{t('pickupOrder.addressNotSaved')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('pickupOrder.phone')} description={t('pickupOrder.phoneHelp')} value={phone} onChange={(e) => { setPhone(e.currentTarget.value); edited('phone'); }} error={fieldErrors.phone} maxLength={30} required data-testid="pickup-phone" />
              <TextInput label={t('pickupOrder.doorCode')} value={doorCode} onChange={(e) => { setDoorCode(e.currentTarget.value); edited('doorCode'); }} error={fieldErrors.doorCode} maxLength={20} data-testid="pickup-door-code" />
            </SimpleGrid>
            <Textarea label={t('pickupOrder.instructions')} description={t('pickupOrder.instructionsHelp')} value={instructions} onChange={(e) => { setInstructions(e.currentTarget.value); edited('instructions'); }} error={fieldErrors.instructions} maxLength={255} autosize minRows={2} data-testid="pickup-instructions" />
            <Textarea label={t('pickupOrder.comment')} description={t('pickupOrder.commentHelp')} value={comment} onChange={(e) => { setComment(e.currentTarget.value); edited('comment'); }} error={fieldErrors.comment} maxLength={300} autosize minRows={2} data-testid="pickup-comment" />
            <Checkbox label={t('pickupOrder.contactPrescriber')} description={t('pickupOrder.contactPrescriberHelp')} checked={contactPrescriber} onChange={(e) => setContactPrescriber(e.currentTarget.checked)} data-testid="pickup-contact-prescriber" />
          </Stack>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="pickup-aids-title">
          <Title order={2} size="h4" id="pickup-aids-title" mb="xs">
            {t('pickupOrder.whatTitle')}
          </Title>
          {form.aids.length === 0 ? (
            <Text size="sm">{t('pickupOrder.noAids')}</Text>
          ) : (
            <Table striped withTableBorder data-testid="pickup-aids">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Checkbox
                      aria-label={t('pickupOrder.tickAll')}
                      checked={free.length > 0 && free.every((a) => ticked.has(a.aidId))}
                      onChange={(e) => setTicked(e.currentTarget.checked ? new Set(free.map((a) => a.aidId)) : new Set())}
                      data-testid="pickup-tick-all"
                    />
                  </Table.Th>
                  <Table.Th>{t('recipient.columns.article')}</Table.Th>
                  <Table.Th>{t('recipient.columns.individual')}</Table.Th>
                  <Table.Th ta="right">{t('recipient.columns.quantity')}</Table.Th>
                  <Table.Th>{t('pickupOrder.openColumn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.aids.map((a) => (
                  <Table.Tr key={a.aidId} data-testid="pickup-aid-row" data-article-no={a.articleNo} data-individual-no={a.individualNo ?? ''}>
                    <Table.Td>
                      <Checkbox
                        aria-label={t('pickupOrder.tick', { article: `${a.articleNo} ${a.articleName}` })}
                        checked={ticked.has(a.aidId)}
                        disabled={a.openPickupNo !== null}
                        onChange={(e) => toggle(a.aidId, e.currentTarget.checked)}
                        data-testid="pickup-aid-tick"
                      />
                    </Table.Td>
                    <Table.Td>
                      {a.articleNo} {a.articleName}
                    </Table.Td>
                    <Table.Td>{a.individualNo ?? t('common.none')}</Table.Td>
                    <Table.Td ta="right">{a.quantity}</Table.Td>
                    <Table.Td>
                      {a.openPickupNo ? (
                        <Badge variant="light" color="blue" data-testid="pickup-aid-open">
                          {t('pickupOrder.yes', { no: a.openPickupNo })}
                        </Badge>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {fieldErrors.aidIds ? (
            <Text size="sm" c="red.8" mt="xs">
              {fieldErrors.aidIds}
            </Text>
          ) : null}
        </Paper>
        {error ? (
          <Alert color="red" variant="outline" role="alert" data-testid="pickup-error">
            {error}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={saving} data-testid="pickup-submit">
            {t('pickupOrder.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
