import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Menu, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecipientActivities } from '../activity/ActivityList';
import { RecipientDeviations } from '../deviation/DeviationsPage';
import type { AidRow, RecipientCard } from '../../../shared/api/recipient';
import { ARTICLE_TYPES, type ArticleType } from '../../../shared/domain/model';
import { formatPersonalNumber } from '../../../shared/domain/recipient/search';
import { useRecipient, useStores } from '../../app/context';
import { RECIPIENT_TABS, type RecipientTab } from '../../app/router';
import { openPrintPreview } from '../print/printPreview';
import { formatDate, formatIsoCode } from '../../i18n/format';
import { BackLink, PageError } from '../../components/DetailPage';
import { ReturnButton } from '../return/ReturnButton';

const isTab = (value: string | null): value is RecipientTab => value !== null && (RECIPIENT_TABS as readonly string[]).includes(value);

/** The recipient card (Mottagare): register data, contact fields, and the tabs of the recipient's aids. */
export function RecipientPage({ id, tab }: { id: string; tab: RecipientTab }) {
  const { t } = useTranslation();
  const stores = useStores();
  const card = useRecipient((s) => (s.card?.id === id ? s.card : null));
  const error = useRecipient((s) => (s.cardId === id ? s.cardError : null));
  const loading = useRecipient((s) => s.loading);
  const filter = useRecipient((s) => s.filter);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const navigate = stores.router.getState().navigate;

  useEffect(() => {
    void stores.recipient.getState().loadCard(id);
  }, [stores, id]);
  useEffect(() => {
    void stores.recipient.getState().loadTab(id, tab);
  }, [stores, id, tab, filter]);
  const shownId = card?.id;
  useEffect(() => {
    if (shownId !== undefined) headingRef.current?.focus();
  }, [shownId]);

  const back = <BackLink to={{ page: 'recipients' }}>{t('recipient.card.back')}</BackLink>;

  if (error) {
    return (
      <PageError back={back} message={error.message} />
    );
  }
  if (!card) return loading ? <Loader size="sm" aria-label={t('common.loading')} /> : null;

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} size="h3" ref={headingRef} tabIndex={-1} data-testid="recipient-name">
            {card.name}
          </Title>
          <Text size="sm" data-testid="recipient-number">
            {card.kind === 'patient' && card.personalNumber
              ? t('recipient.card.personalNumber', { no: formatPersonalNumber(card.personalNumber) })
              : t('recipient.card.careUnitCode', { code: card.careUnitCode ?? '' })}
          </Text>
        </div>
        <Group gap="sm">
          <AidsListButton recipientId={card.id} />
          <Button variant="light" onClick={() => navigate({ page: 'newActivity', recipientId: card.id, aidCode: null })} data-testid="recipient-new-activity">
            {t('activity.new.open')}
          </Button>
          <Button variant="default" onClick={() => navigate({ page: 'newPickupOrder', recipientId: card.id })} data-testid="recipient-pickup">
            {t('recipient.card.pickup')}
          </Button>
          <ReturnButton recipientId={card.id} />
          <Button onClick={() => navigate({ page: 'newOrder', recipientId: card.id })} data-testid="recipient-order">
            {t('recipient.card.order')}
          </Button>
        </Group>
      </Group>
      <CardDetails card={card} />
      <Tabs
        value={tab}
        onChange={(value) => {
          if (isTab(value)) navigate({ page: 'recipient', id, tab: value }, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {RECIPIENT_TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`recipient-tab-${k}`}>
              {t(`recipient.tabs.${k}`, { count: card.counts[k] })}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {RECIPIENT_TABS.map((k) => (
          <Tabs.Panel key={k} value={k} pt="sm">
            {k === 'ordered' ? <OrdersPanel /> : k === 'activities' ? <RecipientActivities /> : k === 'deviations' ? <RecipientDeviations recipientId={id} /> : <AidsPanel tab={k} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** Mottagare utskrifter: the aids list (hjälpmedelslista) as PDF, all aids or the prescribed ones. */
function AidsListButton({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [busy, setBusy] = useState(false);
  const print = async (prescribedOnly: boolean) => {
    setBusy(true);
    const result = await stores.transport.invoke('recipient.aidsPdf', { recipientId, prescribedOnly });
    setBusy(false);
    if (result.ok) openPrintPreview(result.value);
    else stores.session.getState().noteError(result.error);
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" loading={busy} data-testid="recipient-aids-pdf">
          {t('recipient.pdf.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void print(false)} data-testid="recipient-aids-pdf-all">
          {t('recipient.pdf.all')}
        </Menu.Item>
        <Menu.Item onClick={() => void print(true)} data-testid="recipient-aids-pdf-prescribed">
          {t('recipient.pdf.prescribed')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function CardDetails({ card }: { card: RecipientCard }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const done = (ok: boolean) => {
    setEditing(false);
    setSaved(ok);
  };
  if (editing) return <ContactForm card={card} onDone={done} />;
  return (
    <CardView
      card={card}
      saved={saved}
      onEdit={() => {
        setSaved(false);
        setEditing(true);
      }}
    />
  );
}

/** The editable fields (phone, door code, instructions, the contact-prescriber flag), saved on the recipient. */
function ContactForm({ card, onDone }: { card: RecipientCard; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [phone, setPhone] = useState(card.phone ?? '');
  const [doorCode, setDoorCode] = useState(card.doorCode ?? '');
  const [instructions, setInstructions] = useState(card.deliveryInstructions ?? '');
  const [contactPrescriber, setContactPrescriber] = useState(card.contactPrescriber);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const result = await stores.recipient.getState().updateContact({ recipientId: card.id, phone, doorCode, deliveryInstructions: instructions, contactPrescriber });
    setSaving(false);
    if (result.ok) return onDone(true);
    // The schema's Swedish message under the field it is about; anything else above the buttons.
    const issues = (result.error.details?.issues ?? []) as { path: string[]; message: string }[];
    const byField = Object.fromEntries(issues.filter((i) => i.path[0]).map((i) => [i.path[0]!, i.message]));
    setFieldErrors(byField);
    setError(Object.keys(byField).length > 0 ? null : result.error.message);
  };
  const changed = (field: string) => {
    setError(null);
    setFieldErrors(({ [field]: _, ...rest }) => rest);
  };
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        aria-label={t('recipient.edit.title')}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('recipient.card.phone')}
              value={phone}
              onChange={(e) => {
                setPhone(e.currentTarget.value);
                changed('phone');
              }}
              error={fieldErrors.phone}
              maxLength={30}
              data-testid="recipient-edit-phone"
            />
            <TextInput
              label={t('recipient.card.doorCode')}
              value={doorCode}
              onChange={(e) => {
                setDoorCode(e.currentTarget.value);
                changed('doorCode');
              }}
              error={fieldErrors.doorCode}
              maxLength={20}
              data-testid="recipient-edit-door-code"
            />
          </SimpleGrid>
          <Textarea
            label={t('recipient.card.instructions')}
            description={t('recipient.edit.instructionsHelp')}
            value={instructions}
            onChange={(e) => {
              setInstructions(e.currentTarget.value);
              changed('deliveryInstructions');
            }}
            error={fieldErrors.deliveryInstructions}
            maxLength={255}
            autosize
            minRows={2}
            data-testid="recipient-edit-instructions"
          />
          <Checkbox
            label={t('recipient.card.contactPrescriber')}
            description={t('recipient.edit.contactPrescriberHelp')}
            checked={contactPrescriber}
            onChange={(e) => setContactPrescriber(e.currentTarget.checked)}
            data-testid="recipient-edit-contact-prescriber"
          />
          {error ? (
            <Alert color="red" variant="outline" role="alert" data-testid="recipient-edit-error">
              {error}
            </Alert>
          ) : null}
          <Group gap="sm">
            <Button type="submit" loading={saving} data-testid="recipient-edit-save">
              {t('recipient.edit.save')}
            </Button>
            <Button variant="default" onClick={() => onDone(false)}>
              {t('recipient.edit.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CardView({ card, saved, onEdit }: { card: RecipientCard; saved: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const address = [card.address, [card.postalCode, card.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label={t('recipient.card.address')} value={address || t('common.none')} hint={card.kind === 'patient' ? t('recipient.card.addressFromRegister') : undefined} testId="recipient-address" />
        <Field label={t('recipient.card.phone')} value={card.phone ?? t('common.none')} testId="recipient-phone" />
        <Field label={t('recipient.card.doorCode')} value={card.doorCode ?? t('common.none')} testId="recipient-door-code" />
        <Field label={t('recipient.card.instructions')} value={card.deliveryInstructions ?? t('common.none')} testId="recipient-instructions" />
      </SimpleGrid>
      <Group justify="space-between" mt="sm">
        <div>
          {card.contactPrescriber ? (
            <Badge color="red" data-testid="recipient-contact-prescriber">
              {t('recipient.card.contactPrescriber')}
            </Badge>
          ) : null}
        </div>
        <Group gap="sm">
          {saved ? (
            <Text size="sm" role="status" data-testid="recipient-saved">
              {t('recipient.edit.saved')}
            </Text>
          ) : null}
          <Button variant="light" onClick={onEdit} data-testid="recipient-edit">
            {t('recipient.edit.open')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function Field({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value}
      </Text>
      {hint ? <Text size="xs">{hint}</Text> : null}
    </div>
  );
}

function AidsPanel({ tab }: { tab: 'aids' | 'returned' | 'consumables' }) {
  const { t } = useTranslation();
  const stores = useStores();
  const aids = useRecipient((s) => s.aids);
  const filter = useRecipient((s) => s.filter);
  const tabError = useRecipient((s) => s.tabError);
  return (
    <Stack gap="sm">
      {tab === 'aids' ? (
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('recipient.filter.isoCode')}
            placeholder="12 22"
            value={filter.isoCode}
            onChange={(e) => stores.recipient.getState().setFilter({ isoCode: e.currentTarget.value })}
            w={160}
            data-testid="recipient-filter-iso"
          />
          <Select
            label={t('recipient.filter.articleType')}
            placeholder={t('recipient.filter.allTypes')}
            data={ARTICLE_TYPES.map((k) => ({ value: k, label: t(`articleTypes.${k}`) }))}
            value={filter.articleType}
            onChange={(value) => stores.recipient.getState().setFilter({ articleType: (value as ArticleType | null) ?? null })}
            clearable
            w={220}
            data-testid="recipient-filter-type"
          />
        </Group>
      ) : null}
      {tabError ? (
        <Alert color="red" variant="outline" role="alert">
          {tabError}
        </Alert>
      ) : null}
      {aids === null ? null : aids.length === 0 ? (
        <Text size="sm" data-testid="recipient-aids-empty">
          {t(`recipient.empty.${tab}`)}
        </Text>
      ) : (
        <AidsTable rows={aids} tab={tab} />
      )}
    </Stack>
  );
}

function AidsTable({ rows, tab }: { rows: AidRow[]; tab: 'aids' | 'returned' | 'consumables' }) {
  const { t } = useTranslation();
  const stores = useStores();
  const recipientId = useRecipient((s) => s.card?.id ?? null);
  return (
    <Table striped withTableBorder data-testid="recipient-aids" aria-label={t(`recipient.tabs.${tab}`, { count: rows.length })}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('recipient.columns.article')}</Table.Th>
          <Table.Th>{t('recipient.columns.individual')}</Table.Th>
          <Table.Th>{t('recipient.columns.iso')}</Table.Th>
          <Table.Th>{t('recipient.columns.type')}</Table.Th>
          <Table.Th ta="right">{t('recipient.columns.quantity')}</Table.Th>
          <Table.Th>{t('recipient.columns.ordered')}</Table.Th>
          <Table.Th>{t('recipient.columns.delivered')}</Table.Th>
          {tab === 'returned' ? <Table.Th>{t('recipient.columns.returned')}</Table.Th> : <Table.Th>{t('recipient.columns.pickup')}</Table.Th>}
          {tab === 'aids' && recipientId ? (
            <Table.Th>
              <span className="visually-hidden">{t('recipient.columns.actions')}</span>
            </Table.Th>
          ) : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.id} data-testid="recipient-aid-row" data-cancelled={a.cancelledAt ? 'yes' : 'no'} style={a.cancelledAt ? { textDecoration: 'line-through' } : undefined}>
            <Table.Td>
              {a.articleNo} {a.articleName}
            </Table.Td>
            <Table.Td>
              {a.individualNo && a.individualId ? (
                <Anchor
                  href={`#/individuals/${encodeURIComponent(a.individualId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    stores.router.getState().navigate({ page: 'individual', id: a.individualId! });
                  }}
                >
                  {a.individualNo}
                </Anchor>
              ) : (
                t('common.none')
              )}
            </Table.Td>
            <Table.Td>{formatIsoCode(a.isoCode)}</Table.Td>
            <Table.Td>{t(`articleTypes.${a.articleType}`)}</Table.Td>
            <Table.Td ta="right">{a.undelivered || a.cancelledAt ? `0 / ${a.orderedQuantity}` : a.quantity}</Table.Td>
            <Table.Td>{formatDate(a.orderedAt)}</Table.Td>
            <Table.Td>
              {a.cancelledAt ? (
                <Badge color="gray" variant="light" data-testid="recipient-aid-cancelled" style={{ textDecoration: 'none' }}>
                  {t('recipient.cancelled')}
                </Badge>
              ) : a.undelivered ? (
                <Badge color="yellow" variant="light" data-testid="recipient-aid-undelivered">
                  {t('recipient.undelivered')}
                </Badge>
              ) : a.deliveredAt ? (
                formatDate(a.deliveredAt)
              ) : (
                t('common.none')
              )}
            </Table.Td>
            {tab === 'returned' ? (
              <Table.Td>{a.returnedAt ? formatDate(a.returnedAt) : t('common.none')}</Table.Td>
            ) : (
              // Hämtorder: "Ja" while the aid is on an open pick-up (a new one of it is refused).
              <Table.Td data-testid="recipient-aid-pickup" title={a.pickupOrderNo ?? undefined}>
                {a.pickupOrderNo ? t('common.yes') : ''}
              </Table.Td>
            )}
            {tab === 'aids' && recipientId ? (
              <Table.Td>
                {/* Avvikelse / reklamation about this aid: the new deviation starts linked to the row. */}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={t('recipient.newDeviationOf', { article: `${a.articleNo} ${a.individualNo ?? ''}`.trim() })}
                  onClick={() => stores.router.getState().navigate({ page: 'newDeviation', from: { kind: 'aid', recipientId, id: a.id } })}
                  data-testid="recipient-aid-deviation"
                >
                  {t('recipient.newDeviation')}
                </Button>
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function OrdersPanel() {
  const { t } = useTranslation();
  const orders = useRecipient((s) => s.orders);
  const tabError = useRecipient((s) => s.tabError);
  if (tabError)
    return (
      <Alert color="red" variant="outline" role="alert">
        {tabError}
      </Alert>
    );
  if (orders === null) return null;
  if (orders.length === 0)
    return (
      <Text size="sm" data-testid="recipient-orders-empty">
        {t('recipient.empty.ordered')}
      </Text>
    );
  return (
    <Table striped withTableBorder data-testid="recipient-orders">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('recipient.columns.orderNo')}</Table.Th>
          <Table.Th>{t('recipient.columns.kind')}</Table.Th>
          <Table.Th>{t('recipient.columns.status')}</Table.Th>
          <Table.Th>{t('recipient.columns.created')}</Table.Th>
          <Table.Th>{t('recipient.columns.deliveryDate')}</Table.Th>
          <Table.Th>{t('recipient.columns.lines')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orders.map((o) => (
          <Table.Tr key={o.id}>
            <Table.Td>{o.number}</Table.Td>
            <Table.Td>{t(`orderKinds.${o.kind}`, { defaultValue: o.kind })}</Table.Td>
            <Table.Td>{t(`orderStatuses.${o.status}`, { defaultValue: o.status })}</Table.Td>
            <Table.Td>{formatDate(o.createdAt)}</Table.Td>
            <Table.Td>{o.deliveryDate ? formatDate(o.deliveryDate) : t('common.none')}</Table.Td>
            <Table.Td>{o.summary}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
