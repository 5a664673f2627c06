import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditListQuery, AuditLogRow, AuditPage as AuditPageData, AuditVerifyResult } from '../../../shared/api/audit';
import { useStores } from '../../app/context';
import { formatDateTime } from '../../i18n/format';
import sv from '../../i18n/sv.json';
import { dateProblem, detailParts } from './details';

interface Filters {
  from: string;
  to: string;
  userId: string;
  action: string;
  entityId: string;
}

const isKey = <T extends object>(words: T, key: string): key is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(words, key);

const NO_FILTERS: Filters = { from: '', to: '', userId: '', action: '', entityId: '' };

function queryOf(f: Filters): AuditListQuery {
  const q: AuditListQuery = {};
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.userId) q.userId = f.userId;
  if (f.action) q.action = f.action;
  if (f.entityId.trim()) q.entityId = f.entityId.trim();
  return q;
}

/**
 * Logg (store admins): the workstation's audit trail — who, when, what, which recipient or
 * individual — newest first, with filters, and a check of the hash chain. A form: Enter searches,
 * Tab walks the filters, the table and "older entries".
 */
export function AuditPage() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  /** The filters of the list shown ("older entries" continues it). */
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState<AuditPageData | null>(null);
  const [rows, setRows] = useState<AuditLogRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(
    async (f: Filters, before?: number) => {
      setLoading(true);
      const result = await transport.invoke('audit.list', { ...queryOf(f), ...(before !== undefined ? { before } : {}) });
      setLoading(false);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setApplied(f);
      setPage(result.value);
      setRows((old) => (before === undefined ? result.value.rows : [...old, ...result.value.rows]));
    },
    [transport],
  );

  useEffect(() => {
    headingRef.current?.focus();
    void load(NO_FILTERS);
  }, [load]);

  const fromProblem = dateProblem(filters.from);
  const toProblem = dateProblem(filters.to);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fromProblem || toProblem) return;
    void load({ ...filters, from: filters.from.trim(), to: filters.to.trim() });
  };
  const clear = () => {
    setFilters(NO_FILTERS);
    void load(NO_FILTERS);
  };
  const verify = async () => {
    setVerifying(true);
    const result = await transport.invoke('audit.verify', {});
    setVerifying(false);
    if (result.ok) setVerdict(result.value);
    else setError(result.error.message);
  };
  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const actionText = (action: string): string => (isKey(sv.audit.actions, action) ? t(`audit.actions.${action}`) : action);
  const entityText = (entity: string): string => (isKey(sv.audit.entities, entity) ? t(`audit.entities.${entity}`) : t('audit.entities.other', { entity }));

  return (
    <Stack gap="md" maw={1400} data-testid="audit-page">
      <Group justify="space-between" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
          {t('audit.title')}
        </Title>
        <Button variant="default" onClick={() => void verify()} loading={verifying} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </Group>
      <Text size="sm" maw={800}>
        {t('audit.intro')}
      </Text>
      {verdict ? (
        <Alert color={verdict.ok ? 'green' : 'red'} role="status" data-testid="audit-verdict">
          {verdict.ok
            ? `${t('audit.verifyOk', { count: verdict.count, lastSeq: verdict.lastSeq })}${verdict.sentSeq > 0 ? ` ${t('audit.verifySent', { sentSeq: verdict.sentSeq })}` : ''}`
            : t('audit.verifyBroken', { breaks: verdict.breaks, message: verdict.firstBreak?.message ?? '' })}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={t('audit.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          {(['from', 'to'] as const).map((key) => (
            <TextInput
              key={key}
              label={t(`audit.${key}`)}
              placeholder="ÅÅÅÅ-MM-DD"
              inputMode="numeric"
              maxLength={10}
              value={filters[key]}
              error={key === 'from' ? fromProblem : toProblem}
              onChange={(e) => set(key)(e.currentTarget.value)}
              data-testid={`audit-${key}`}
            />
          ))}
          <NativeSelect
            label={t('audit.user')}
            value={filters.userId}
            onChange={(e) => set('userId')(e.currentTarget.value)}
            data={[{ value: '', label: t('audit.anyUser') }, ...(page?.users ?? []).map((u) => ({ value: u.id, label: u.name }))]}
            data-testid="audit-user"
          />
          <NativeSelect
            label={t('audit.action')}
            value={filters.action}
            onChange={(e) => set('action')(e.currentTarget.value)}
            data={[{ value: '', label: t('audit.anyAction') }, ...(page?.actions ?? []).map((a) => ({ value: a, label: actionText(a) }))]}
            data-testid="audit-action"
          />
          <TextInput
            label={t('audit.entityId')}
            description={t('audit.entityIdHint')}
            value={filters.entityId}
            onChange={(e) => set('entityId')(e.currentTarget.value)}
            data-testid="audit-entity"
          />
          <Button type="submit" loading={loading} data-testid="audit-search">
            {t('audit.search')}
          </Button>
          <Button variant="subtle" onClick={clear}>
            {t('audit.clear')}
          </Button>
        </Group>
      </Paper>
      {rows.length === 0 && !loading ? (
        <Text data-testid="audit-empty">{t('audit.empty')}</Text>
      ) : (
        <Table striped withTableBorder data-testid="audit-table">
          <Table.Caption>{t('audit.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.columns.seq')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.at')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.user')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.action')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.subject')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.seq} data-testid="audit-row">
                <Table.Td>{r.seq}</Table.Td>
                <Table.Td>{formatDateTime(r.at)}</Table.Td>
                <Table.Td>{r.userName ?? r.userId ?? t('audit.system')}</Table.Td>
                <Table.Td>{actionText(r.action)}</Table.Td>
                <Table.Td>
                  {entityText(r.entity)} {r.label ?? r.entityId}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" style={{ wordBreak: 'break-word' }}>
                    {detailParts(r.details).map((part, i) => (
                      <span key={i}>
                        {i > 0 ? ' · ' : ''}
                        {part.label ? <strong>{part.label}:</strong> : null} {part.value}
                      </span>
                    ))}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {page?.nextBefore ? (
        <div>
          <Button variant="light" loading={loading} onClick={() => void load(applied, page.nextBefore!)} data-testid="audit-more">
            {t('audit.more')}
          </Button>
        </div>
      ) : null}
    </Stack>
  );
}
