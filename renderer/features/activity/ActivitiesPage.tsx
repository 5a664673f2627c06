import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityListQuery, ActivityRow } from '../../../shared/api/activity';
import { ACTIVITY_KINDS, type ActivityKind } from '../../../shared/domain/activity/mutations';
import { useStores } from '../../app/context';
import { ActivityTable } from './ActivityList';

/**
 * Aktiviteter (manual 003 "Buffertreparation - återrapportera/avsluta", 000 §7.4 "Sök arbetsorder"):
 * the store's activities, open ones first by default, filtered by type, by who registered them and by
 * number (whole, ÅÅ or ÅÅVV, or provisional). A row opens the activity; "Ny aktivitet" registers one.
 */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const { transport, router } = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [query, setQuery] = useState<Required<Pick<ActivityListQuery, 'status' | 'who' | 'number'>> & { kind: ActivityKind | null }>({ status: 'open', who: 'all', number: '', kind: null });
  const [rows, setRows] = useState<ActivityRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (q = query) => {
      const r = await transport.invoke('activity.list', q);
      if (r.ok) {
        setRows(r.value);
        setError(null);
      } else setError(r.error.message);
    },
    [transport, query],
  );
  useEffect(() => {
    headingRef.current?.focus();
    void load();
    // Only on opening: later searches run from the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => transport.on('data.changed', (e) => (e.tables.includes('activity') ? void load() : undefined)), [transport, load]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };

  return (
    <Stack gap="md" maw={1300} data-testid="activities-page">
      <Group justify="space-between" align="flex-start">
        <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
          {t('activity.title')}
        </Title>
        <Button onClick={() => router.getState().navigate({ page: 'newActivity', recipientId: null, aidCode: null })} data-testid="activity-new">
          {t('activity.new.open')}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('activity.intro')}
      </Text>
      <Paper withBorder p="md" component="form" onSubmit={search} aria-label={t('activity.filter.label')}>
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={t('activity.filter.status')}
            value={query.status}
            onChange={(e) => setQuery({ ...query, status: e.currentTarget.value as 'open' | 'all' })}
            data={[
              { value: 'open', label: t('activity.filter.open') },
              { value: 'all', label: t('activity.filter.all') },
            ]}
            data-testid="activity-filter-status"
          />
          <NativeSelect
            label={t('activity.filter.kind')}
            value={query.kind ?? ''}
            onChange={(e) => setQuery({ ...query, kind: (e.currentTarget.value || null) as ActivityKind | null })}
            data={[{ value: '', label: t('activity.filter.anyKind') }, ...ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activity.kinds.${k}`) }))]}
            data-testid="activity-filter-kind"
          />
          <NativeSelect
            label={t('activity.filter.who')}
            value={query.who}
            onChange={(e) => setQuery({ ...query, who: e.currentTarget.value as 'mine' | 'all' })}
            data={[
              { value: 'all', label: t('activity.filter.everyone') },
              { value: 'mine', label: t('activity.filter.mine') },
            ]}
            data-testid="activity-filter-who"
          />
          <TextInput
            label={t('activity.filter.number')}
            description={t('activity.filter.numberHelp')}
            value={query.number}
            onChange={(e) => setQuery({ ...query, number: e.currentTarget.value })}
            data-testid="activity-filter-number"
          />
          <Button type="submit" variant="light" data-testid="activity-search">
            {t('activity.filter.search')}
          </Button>
        </Group>
      </Paper>
      <div aria-live="polite">
        {error ? (
          <Alert color="red" variant="outline" role="alert" data-testid="activity-error">
            {error}
          </Alert>
        ) : null}
      </div>
      {rows === null ? null : rows.length === 0 ? (
        <Text size="sm" data-testid="activity-empty">
          {t('activity.empty')}
        </Text>
      ) : (
        <ActivityTable rows={rows} showRecipient />
      )}
    </Stack>
  );
}
