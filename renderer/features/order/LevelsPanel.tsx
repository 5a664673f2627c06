import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockLevelRow } from '../../../shared/api/order';
import { useLevel, useSession, useStores } from '../../app/context';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDate, formatNumber } from '../../i18n/format';
import { isStoreAdmin } from '../session/permissions';
import { LevelDialog } from './LevelDialog';

/** Min/max-nivåer: the store's levels; store admins add and change them, others read them. */
export function LevelsPanel() {
  const { t } = useTranslation();
  const level = useStores().level;
  const rows = useLevel((s) => s.rows);
  const error = useLevel((s) => s.error);
  const query = useLevel((s) => s.text);
  const admin = useSession((s) => isStoreAdmin(s.status?.user));
  const [text, setText] = useState(query);
  const [editing, setEditing] = useState<StockLevelRow | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void level.getState().load();
  }, [level]);

  const none = t('common.none');
  const columns = useMemo<Column<StockLevelRow>[]>(
    () => [
      { key: 'articleNo', header: t('order.levels.columns.articleNo'), width: '80px', render: (r) => r.articleNo },
      { key: 'name', header: t('order.levels.columns.name'), width: 'minmax(220px, 3fr)', render: (r) => r.name },
      { key: 'min', header: t('order.levels.columns.min'), width: '70px', align: 'right', render: (r) => formatNumber(r.minLevel) },
      { key: 'max', header: t('order.levels.columns.max'), width: '70px', align: 'right', render: (r) => formatNumber(r.maxLevel) },
      {
        key: 'available',
        header: t('order.levels.columns.available'),
        width: '170px',
        align: 'right',
        render: (r) =>
          r.available < r.minLevel ? (
            <span className="negative">
              {formatNumber(r.available)} ({t('order.levels.belowMin')})
            </span>
          ) : (
            formatNumber(r.available)
          ),
      },
      { key: 'updatedAt', header: t('order.levels.columns.updatedAt'), width: '100px', render: (r) => formatDate(r.updatedAt) },
      { key: 'user', header: t('order.levels.columns.user'), width: 'minmax(140px, 2fr)', render: (r) => r.userName ?? none },
    ],
    [t, none],
  );
  const list = useMemo(() => rows ?? [], [rows]);
  const getRow = useCallback((i: number) => list[i], [list]);
  const edit = useCallback((row: StockLevelRow) => {
    setNotice(null);
    setEditing(row);
  }, []);

  const emptyText = rows === null ? undefined : query.trim() !== '' ? t('order.levels.noMatches') : t('order.levels.empty');
  return (
    <>
      <Text size="sm" mb="xs">
        {t('order.levels.intro')} {admin ? null : <strong id="levels-only-admins">{t('order.levels.onlyAdmins')}</strong>}
      </Text>
      <Group gap="md" align="flex-start" wrap="nowrap" mb="xs">
        <TextInput
          label={t('order.levels.search')}
          description={t('order.levels.searchHelp')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') level.getState().setText(text);
            if (e.key === 'ArrowDown' && gridRef.current) {
              e.preventDefault();
              gridRef.current.focus();
            }
          }}
          onBlur={() => {
            if (text !== query) level.getState().setText(text);
          }}
          w={340}
          autoComplete="off"
          data-testid="levels-search"
        />
        {admin ? (
          <Button
            variant="light"
            mt={42}
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
            data-testid="level-new"
          >
            {t('order.levels.new')}
          </Button>
        ) : null}
        {admin ? (
          <Button variant="light" mt={42} disabled={list[activeIndex] === undefined} onClick={() => list[activeIndex] && edit(list[activeIndex])} data-testid="level-edit">
            {t('order.levels.edit')}
          </Button>
        ) : null}
        <Text size="sm" c="#1f6f33" fw={600} mt={48} aria-live="polite" data-testid="levels-notice">
          {notice ?? ''}
        </Text>
        <Text size="sm" fw={600} mt={48} ml="auto" aria-live="polite" data-testid="levels-count">
          {rows === null ? t('common.loading') : t('order.levels.count', { count: rows.length })}
        </Text>
      </Group>
      {error ? (
        <Alert color="red" variant="outline" role="alert" mb="xs">
          {error.message}
        </Alert>
      ) : null}
      <VirtualTable
        label={t('order.levels.label')}
        columns={columns}
        rowCount={list.length}
        getRow={getRow}
        getRowKey={(r) => r.articleId}
        // Store admins change a level with Enter or a double click; others only read.
        onOpen={admin ? edit : undefined}
        onActiveChange={setActiveIndex}
        openOnClick={false}
        keyboardHelp={admin ? t('order.levels.keyboardHelp') : undefined}
        gridRef={gridRef}
        emptyText={emptyText}
        testId="levels-list"
      />
      {admin ? <LevelDialog row={editing === 'new' ? null : editing} opened={editing !== null} onClose={() => setEditing(null)} onSaved={setNotice} /> : null}
    </>
  );
}
