import { Alert, Anchor, Badge, Button, Checkbox, CloseButton, Group, NativeSelect, NumberInput, Paper, Radio, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isDirectOrder } from '../../../shared/domain/order/recipient-orders';
import { careUnitCodeFormOf, DEFAULT_CARE_UNIT_CODE_FORM } from '../../../shared/domain/recipient/search';
import { useNewOrder, useStores } from '../../app/context';
import { useScanHandler } from '../scanner/useScanHandler';
import { useRegionSettings } from '../settings/useRegionSettings';
import { ApplyTemplateDialog } from './ApplyTemplateDialog';
import { kindsFor, placeBlocker } from './newOrderStore';

/**
 * Ny beställning till en mottagare: the patient (personal number, typed or scanned) or care unit,
 * the order type (förskrivning / direktförskrivning to a patient, beställning / direktbeställning
 * to a care unit), lines by scanning article or individual numbers, payer and text per line, and
 * the header. Saved at once, offline too, under a provisional number.
 */
export function NewOrderPage({ recipientId }: { recipientId: string | null }) {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.newOrder;
  const context = useNewOrder((s) => s.context);
  const contextError = useNewOrder((s) => s.contextError);
  const recipient = useNewOrder((s) => s.recipient);
  const kind = useNewOrder((s) => s.kind);
  const placed = useNewOrder((s) => s.placed);
  const servicePointId = useNewOrder((s) => s.servicePointId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const region = useRegionSettings();
  const careUnitForm = region ? careUnitCodeFormOf(region.careUnitCode) : DEFAULT_CARE_UNIT_CODE_FORM;

  useEffect(() => {
    void store.getState().open(recipientId);
    headingRef.current?.focus();
  }, [store, recipientId]);

  // A scanned personal number finds the patient; an article or individual number adds a line.
  useScanHandler(async ({ scan, meaning }) => {
    if (meaning.kind === 'personalNumber' || (!store.getState().recipient && careUnitForm.pattern.test(scan.text.trim()))) {
      const r = await store.getState().findRecipient(scan.text);
      return r.ok ? { tone: 'ok', message: t('recipientOrder.recipientFound', { name: r.value.name }) } : { tone: 'refused', message: r.error.message };
    }
    if (!store.getState().recipient) return { tone: 'refused', message: t('recipientOrder.findRecipientFirst') };
    if (meaning.kind === 'individualNo' || meaning.kind === 'articleNo' || meaning.kind === 'gs1') {
      const r = await store.getState().addCode(scan.text);
      return r.ok ? { tone: 'ok', message: store.getState().feedback?.message ?? '' } : { tone: 'refused', message: r.error.message };
    }
    return null;
  });

  if (contextError) {
    return (
      <Alert color="red" variant="outline" role="alert" maw={640}>
        {contextError.message}
      </Alert>
    );
  }
  const kinds = kindsFor(recipient, context?.mayPrescribe ?? false);

  return (
    <Stack gap="md" maw={1200} data-testid="new-order-page">
      <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
        {t('recipientOrder.title')}
      </Title>
      {placed ? <PlacedNotice /> : null}
      <RecipientSection />
      {recipient ? (
        <>
          {kinds.length === 0 ? (
            <Alert color="orange" variant="outline" data-testid="not-prescriber">
              {t('recipientOrder.notPrescriber')}
            </Alert>
          ) : (
            <Paper withBorder p="sm" component="section" aria-label={t('recipientOrder.kindSection')}>
              <Group align="flex-start" gap="xl" wrap="wrap">
                <Radio.Group label={t('recipientOrder.kind')} value={kind} onChange={(v) => store.getState().setKind(v as typeof kind)} description={t(`recipientOrder.kindHelp.${kind}`)}>
                  <Group gap="md" mt={4}>
                    {kinds.map((k) => (
                      <Radio key={k} value={k} label={t(`orderKinds.${k}`)} data-testid={`kind-${k}`} />
                    ))}
                  </Group>
                </Radio.Group>
                <NativeSelect
                  label={t('recipientOrder.servicePoint')}
                  description={t('recipientOrder.servicePointHelp')}
                  data={(context?.servicePoints ?? []).map((sp) => ({ value: sp.id, label: `${sp.id} ${sp.name}` }))}
                  value={servicePointId ?? ''}
                  onChange={(e) => store.getState().setServicePoint(e.currentTarget.value)}
                />
                <Text size="sm" mt="lg">
                  {t('recipientOrder.from')}: <b>{isDirectOrder(kind) ? t('recipientOrder.fromOwn', { store: context?.ownStoreId ?? '' }) : t('recipientOrder.fromCentral', { store: context?.centralStoreId ?? '' })}</b>
                </Text>
              </Group>
            </Paper>
          )}
          {kinds.length > 0 ? (
            <>
              <LinesSection />
              <HeaderSection />
              <PlaceBar />
            </>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function RecipientSection() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const recipient = useNewOrder((s) => s.recipient);
  const error = useNewOrder((s) => s.recipientError);
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') void store.getState().findRecipient(text);
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="order-recipient">
      <Title order={2} size="h5" id="order-recipient" mb="xs">
        {t('recipientOrder.recipient')}
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('recipientOrder.findLabel')}
            description={t('recipientOrder.findHelp')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={error?.message}
            w={320}
            data-testid="recipient-search"
            autoComplete="off"
          />
          <Button type="submit" variant="default">
            {t('recipientOrder.find')}
          </Button>
        </Group>
      </form>
      {recipient ? (
        <dl className="facts" data-testid="order-recipient-card" style={{ marginTop: 12 }}>
          <dt>{t('recipientOrder.name')}</dt>
          <dd>
            {recipient.name}{' '}
            {recipient.contactPrescriber ? (
              <Badge color="red" variant="light" ml="xs">
                {t('recipientOrder.contactPrescriber')}
              </Badge>
            ) : null}
          </dd>
          <dt>{recipient.kind === 'patient' ? t('recipientOrder.personalNumber') : t('recipientOrder.careUnitCode')}</dt>
          <dd>{recipient.personalNumber ?? recipient.careUnitCode}</dd>
          <dt>{t('recipientOrder.address')}</dt>
          <dd>{[recipient.address, [recipient.postalCode, recipient.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–'}</dd>
        </dl>
      ) : null}
    </Paper>
  );
}

function LinesSection() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const lines = useNewOrder((s) => s.lines);
  const feedback = useNewOrder((s) => s.feedback);
  const kind = useNewOrder((s) => s.kind);
  const servicePointId = useNewOrder((s) => s.servicePointId);
  const [code, setCode] = useState('');
  const [templateOpen, setTemplateOpen] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() === '') return;
    const r = await store.getState().addCode(code.trim());
    if (r.ok) setCode('');
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="order-lines">
      <Title order={2} size="h5" id="order-lines" mb="xs">
        {t('recipientOrder.lines')}
      </Title>
      <form onSubmit={(e) => void submit(e)}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('recipientOrder.codeLabel')}
            description={isDirectOrder(kind) ? t('recipientOrder.codeHelpDirect') : t('recipientOrder.codeHelpCentral')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            w={360}
            data-testid="order-code"
            autoComplete="off"
          />
          <Button type="submit" variant="default">
            {t('recipientOrder.add')}
          </Button>
          <Button variant="subtle" onClick={() => setTemplateOpen(true)} data-testid="order-template">
            {t('recipientOrder.template.open')}
          </Button>
        </Group>
      </form>
      <ApplyTemplateDialog opened={templateOpen} onClose={() => setTemplateOpen(false)} />
      <div role="status" aria-live="polite">
        {feedback ? (
          <Text size="sm" mt="xs" c={feedback.tone === 'ok' ? undefined : 'red.9'} fw={500} data-testid="order-feedback">
            {feedback.message}
          </Text>
        ) : null}
      </div>
      <ReplacementProposal />
      <ComponentsProposal />
      {lines.length === 0 ? (
        <Text size="sm" mt="sm" c="dimmed">
          {t('recipientOrder.noLines')}
        </Text>
      ) : (
        <Table mt="sm" striped withTableBorder data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recipientOrder.col.no')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.article')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.name')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.individual')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.available')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.quantity')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.payer')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.text')}</Table.Th>
              <Table.Th aria-label={t('recipientOrder.remove')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={l.key}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>{l.article.articleNo}</Table.Td>
                <Table.Td>
                  {l.article.name}
                  {l.article.warning ? (
                    <Text size="xs" c="dark.6" fw={500}>
                      {l.article.warning}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{l.individual ? `${l.individual.individualNo}${l.individual.location ? ` (${l.individual.location})` : ''}` : '–'}</Table.Td>
                <Table.Td>{l.article.available}</Table.Td>
                <Table.Td>
                  {l.article.trackedIndividually ? (
                    '1'
                  ) : (
                    <NumberInput
                      aria-label={t('recipientOrder.quantityOf', { no: l.article.articleNo })}
                      value={l.quantity}
                      min={1}
                      max={10000}
                      allowDecimal={false}
                      w={80}
                      onChange={(v) => store.getState().updateLine(l.key, { quantity: typeof v === 'number' && v >= 1 ? v : 1 })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('recipientOrder.payerOf', { no: l.article.articleNo })}
                    placeholder={servicePointId ?? ''}
                    value={l.payerId}
                    maxLength={5}
                    w={80}
                    onChange={(e) => store.getState().updateLine(l.key, { payerId: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={t('recipientOrder.textOf', { no: l.article.articleNo })}
                    value={l.text}
                    maxLength={70}
                    onChange={(e) => store.getState().updateLine(l.key, { text: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <CloseButton aria-label={t('recipientOrder.removeLine', { no: l.article.articleNo })} onClick={() => store.getState().removeLine(l.key)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function HeaderSection() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const h = useNewOrder((s) => s.header);
  const set = store.getState().setHeader;
  const other = h.deliveryAddress !== null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="order-header">
      <Title order={2} size="h5" id="order-header" mb="xs">
        {t('recipientOrder.header')}
      </Title>
      <Stack gap="xs">
        <Radio.Group label={t('recipientOrder.deliveryAddress')} value={other ? 'other' : 'recipient'} onChange={(v) => set({ deliveryAddress: v === 'other' ? { address: '', postalCode: '', city: '' } : null })}>
          <Group gap="md" mt={4}>
            <Radio value="recipient" label={t('recipientOrder.recipientsAddress')} />
            <Radio value="other" label={t('recipientOrder.otherAddress')} />
          </Group>
        </Radio.Group>
        {h.deliveryAddress ? (
          <Group gap="sm">
            <TextInput label={t('recipientOrder.address')} value={h.deliveryAddress.address} onChange={(e) => set({ deliveryAddress: { ...h.deliveryAddress!, address: e.currentTarget.value } })} w={280} />
            <TextInput label={t('recipientOrder.postalCode')} value={h.deliveryAddress.postalCode} onChange={(e) => set({ deliveryAddress: { ...h.deliveryAddress!, postalCode: e.currentTarget.value } })} w={110} />
            <TextInput label={t('recipientOrder.city')} value={h.deliveryAddress.city} onChange={(e) => set({ deliveryAddress: { ...h.deliveryAddress!, city: e.currentTarget.value } })} w={180} />
            <Text size="xs" c="dimmed" mt="lg">
              {t('recipientOrder.oneOffAddress')}
            </Text>
          </Group>
        ) : null}
        <Group gap="sm" align="flex-start">
          <TextInput label={t('recipientOrder.phone')} value={h.phone ?? ''} onChange={(e) => set({ phone: e.currentTarget.value })} w={180} />
          <TextInput label={t('recipientOrder.doorCode')} value={h.doorCode ?? ''} onChange={(e) => set({ doorCode: e.currentTarget.value })} w={120} />
          <TextInput label={t('recipientOrder.contactPerson')} value={h.contactPerson ?? ''} onChange={(e) => set({ contactPerson: e.currentTarget.value })} w={240} />
        </Group>
        <Group gap="sm" align="flex-start" grow>
          <Textarea label={t('recipientOrder.instructions')} value={h.instructions ?? ''} onChange={(e) => set({ instructions: e.currentTarget.value })} autosize minRows={1} maxLength={255} />
          <Textarea label={t('recipientOrder.otherInformation')} description={t('recipientOrder.otherInformationHelp')} value={h.otherInformation ?? ''} onChange={(e) => set({ otherInformation: e.currentTarget.value })} autosize minRows={1} maxLength={255} />
        </Group>
        <Group gap="lg">
          <Checkbox label={t('recipientOrder.jointDelivery')} checked={h.jointDelivery} onChange={(e) => set({ jointDelivery: e.currentTarget.checked })} />
          <Checkbox label={t('recipientOrder.contactPrescriber')} checked={h.contactPrescriber} onChange={(e) => set({ contactPrescriber: e.currentTarget.checked })} />
          <Checkbox label={t('recipientOrder.noAlternatives')} checked={h.noAlternatives} onChange={(e) => set({ noAlternatives: e.currentTarget.checked })} />
          <Checkbox label={t('recipientOrder.manual')} checked={h.manual} onChange={(e) => set({ manual: e.currentTarget.checked })} data-testid="order-manual" />
        </Group>
        {h.manual ? (
          <Textarea label={t('recipientOrder.manualComment')} required value={h.manualComment ?? ''} onChange={(e) => set({ manualComment: e.currentTarget.value })} maxLength={255} data-testid="order-manual-comment" />
        ) : null}
      </Stack>
    </Paper>
  );
}

function PlaceBar() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const state = useNewOrder((s) => s);
  const error = useNewOrder((s) => s.placeError);
  const placing = useNewOrder((s) => s.placing);
  const blocked = placeBlocker(state);
  return (
    <Group gap="sm" align="center">
      <Button onClick={() => void store.getState().place()} loading={placing} disabled={state.lines.length === 0} data-testid="order-place">
        {t('recipientOrder.place')}
      </Button>
      {error ? (
        <Alert color="red" variant="outline" role="alert" py={6} data-testid="order-place-error">
          {error.message}
        </Alert>
      ) : blocked && state.lines.length > 0 ? (
        <Text size="sm" c="dimmed">
          {blocked}
        </Text>
      ) : null}
    </Group>
  );
}

function PlacedNotice() {
  const { t } = useTranslation();
  const stores = useStores();
  const placed = useNewOrder((s) => s.placed)!;
  const kind = useNewOrder((s) => s.kind);
  return (
    <Alert color="green" variant="outline" data-testid="order-placed" role="status">
      <Text size="sm">{placed.message}</Text>
      {placed.warnings.map((w) => (
        <Text size="sm" key={w} c="dark.6" fw={500}>
          {w}
        </Text>
      ))}
      <Anchor
        href={`#/orders/${encodeURIComponent(placed.orderId)}`}
        size="sm"
        onClick={(e) => {
          e.preventDefault();
          stores.router.getState().navigate({ page: 'recipientOrder', id: placed.orderId });
        }}
        data-testid="order-open-placed"
      >
        {isDirectOrder(kind) ? t('recipientOrder.goIssue') : t('recipientOrder.showOrder')}
      </Anchor>
    </Alert>
  );
}

/** Ersättningslogistik: the article lacks stock where the order draws from; ranked equivalents that have it. */
function ReplacementProposal() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const proposal = useNewOrder((s) => s.proposal);
  const noAlternatives = useNewOrder((s) => s.header.noAlternatives);
  if (!proposal) return null;
  const v = proposal.view;
  const candidates = v.candidates.filter((c) => c.proposable);
  return (
    <Alert color="blue" variant="outline" mt="sm" data-testid="replacement-proposal" title={t('recipientOrder.replacement.title', { no: v.article.articleNo, name: v.article.name })}>
      <Text size="sm">{v.why ?? t('recipientOrder.replacement.lacks')}</Text>
      {noAlternatives ? (
        <Text size="sm" fw={500} mt={4}>
          {t('recipientOrder.replacement.noAlternatives')}
        </Text>
      ) : candidates.length === 0 ? (
        <Text size="sm" mt={4}>
          {t('recipientOrder.replacement.none')}
        </Text>
      ) : (
        <Table mt="xs" withTableBorder data-testid="replacement-candidates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recipientOrder.replacement.rank')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.article')}</Table.Th>
              <Table.Th>{t('recipientOrder.col.name')}</Table.Th>
              <Table.Th>{v.source === 'own' ? t('recipientOrder.replacement.own') : t('recipientOrder.replacement.central')}</Table.Th>
              <Table.Th aria-label={t('recipientOrder.replacement.choose')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidates.map((c) => (
              <Table.Tr key={c.articleId}>
                <Table.Td>{c.rank}</Table.Td>
                <Table.Td>{c.articleNo}</Table.Td>
                <Table.Td>
                  {c.name}
                  {c.suggested ? (
                    <Badge ml="xs" variant="light">
                      {t('recipientOrder.replacement.suggested')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{v.source === 'own' ? c.ownAvailable : (c.centralAvailable ?? '–')}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => void store.getState().acceptReplacement(c.articleNo)} aria-label={t('recipientOrder.replacement.chooseOne', { no: c.articleNo })}>
                    {t('recipientOrder.replacement.choose')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Button size="xs" variant="subtle" mt="xs" onClick={() => store.getState().dismissProposal()}>
        {t('recipientOrder.replacement.keep')}
      </Button>
    </Alert>
  );
}

/** Individmall: the main aid's components, proposed to be ordered with it. */
function ComponentsProposal() {
  const { t } = useTranslation();
  const store = useStores().newOrder;
  const components = useNewOrder((s) => s.components);
  if (!components) return null;
  const standard = components.list.filter((c) => c.kind === 'standard');
  return (
    <Alert color="gray" variant="outline" mt="sm" data-testid="components-proposal" title={t('recipientOrder.components.title', { no: components.articleNo })}>
      <Stack gap={2}>
        {components.list.map((c) => (
          <Text size="sm" key={c.articleId}>
            {c.articleNo} {c.name} × {c.quantity} ({c.kind === 'standard' ? t('recipientOrder.components.standard') : t('recipientOrder.components.other')}; {t('recipientOrder.components.inStore', { count: c.ownAvailable })})
          </Text>
        ))}
      </Stack>
      <Group gap="xs" mt="xs">
        {standard.length > 0 ? (
          <Button size="xs" variant="light" onClick={() => void store.getState().addComponents(standard.flatMap((c) => Array.from({ length: Math.min(c.quantity, 10) }, () => c.articleNo)))}>
            {t('recipientOrder.components.addStandard')}
          </Button>
        ) : null}
        <Button size="xs" variant="subtle" onClick={() => store.getState().dismissComponents()}>
          {t('recipientOrder.components.skip')}
        </Button>
      </Group>
    </Alert>
  );
}
