import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecipient, useStores } from '../../app/context';
import { useScanHandler } from '../scanner/useScanHandler';
import { careUnitCodeFormOf } from '../../../shared/domain/recipient/search';
import { useRegionSettings } from '../settings/useRegionSettings';
import { recipientQueryOfScan } from './openRecipient';

/** Mottagare: find a patient by 12-digit personnummer (typed or scanned) or a care unit by its code. */
export function RecipientSearchPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const store = stores.recipient;
  const queryInput = useRecipient((s) => s.queryInput);
  const message = useRecipient((s) => s.message);
  const searching = useRecipient((s) => s.searching);
  const notFound = useRecipient((s) => s.notFound);
  const cfr = useRecipient((s) => s.cfr);
  const cfrError = useRecipient((s) => s.cfrError);
  const cfrLoading = useRecipient((s) => s.cfrLoading);
  const region = useRegionSettings();
  const careUnitForm = region ? careUnitCodeFormOf(region.careUnitCode) : undefined;
  const open = (id: string) => stores.router.getState().navigate({ page: 'recipient', id, tab: 'aids' });

  const run = async (text?: string) => {
    const id = await store.getState().search(text);
    if (id !== null) stores.router.getState().navigate({ page: 'recipient', id, tab: 'aids' });
    return id;
  };

  // A personnummer or care-unit code scanned here searches at once (no click into the field first).
  useScanHandler(async ({ meaning }) => {
    const text = recipientQueryOfScan(meaning, careUnitForm);
    if (text === null) return null;
    const id = await run(text);
    return id !== null ? { tone: 'ok', message: t('recipient.search.opened') } : { tone: 'refused', message: store.getState().message ?? store.getState().notFound?.message ?? '' };
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h3">
        {t('recipient.search.title')}
      </Title>
      <form onSubmit={onSubmit} role="search" aria-label={t('recipient.search.title')}>
        <TextInput
          label={t('recipient.search.label')}
          description={t('recipient.search.help')}
          placeholder={t('recipient.search.placeholder')}
          value={queryInput}
          onChange={(e) => store.getState().setQueryInput(e.currentTarget.value)}
          error={message ?? undefined}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          inputMode="numeric"
          data-testid="recipient-search-input"
          inputContainer={(input) => (
            <Group gap="sm" wrap="nowrap">
              <div style={{ flex: 1 }}>{input}</div>
              <Button type="submit" loading={searching} data-testid="recipient-search-button">
                {t('recipient.search.button')}
              </Button>
            </Group>
          )}
        />
      </form>
      <div aria-live="polite">
        {notFound ? (
          <Alert color="yellow" variant="outline" data-testid="recipient-not-found">
            <Stack gap="xs">
              <Text size="sm">{notFound.message}</Text>
              {notFound.kind === 'personalNumber' ? (
                <div>
                  <Button variant="filled" loading={cfrLoading} onClick={() => void store.getState().lookUpRegister(notFound.value)} data-testid="recipient-cfr-lookup">
                    {t('recipient.cfr.lookup')}
                  </Button>
                </div>
              ) : null}
            </Stack>
          </Alert>
        ) : message === null ? (
          <Alert variant="outline" color="gray.8">
            {t('recipient.search.intro')}
          </Alert>
        ) : null}
      </div>
      <div aria-live="polite">
        {cfrError ? (
          <Alert color="red" variant="outline" role="alert" data-testid="recipient-cfr-error">
            {cfrError}
          </Alert>
        ) : null}
        {cfr ? (
          <Paper withBorder p="md" data-testid="recipient-cfr-result">
            <Stack gap="xs">
              <Text size="xs" fw={600}>
                {t('recipient.cfr.title')}
              </Text>
              {cfr.person ? (
                <div>
                  <Text fw={600} data-testid="recipient-cfr-name">
                    {cfr.person.name}
                    {cfr.person.deceased ? ` (${t('recipient.cfr.deceased')})` : ''}
                  </Text>
                  <Text size="sm">{[cfr.person.address, [cfr.person.postalCode, cfr.person.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</Text>
                </div>
              ) : null}
              <Text size="sm" data-testid="recipient-cfr-message">
                {cfr.message}
              </Text>
              <Group gap="sm">
                {cfr.mayAdopt && cfr.person ? (
                  <Button
                    onClick={async () => {
                      const saved = await store.getState().adopt(cfr.person!.personalNumber);
                      if (saved.ok) open(saved.value.id);
                    }}
                    data-testid="recipient-cfr-adopt"
                  >
                    {t('recipient.cfr.adopt')}
                  </Button>
                ) : null}
                {cfr.recipientId ? (
                  <Button variant="light" onClick={() => open(cfr.recipientId!)}>
                    {t('recipient.cfr.open')}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </Paper>
        ) : null}
      </div>
    </Stack>
  );
}
