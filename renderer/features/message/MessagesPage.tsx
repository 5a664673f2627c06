import { Alert, Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageList, MessageView } from '../../../shared/api/message';
import type { MessageMark } from '../../../shared/domain/message/messages';
import { useStores } from '../../app/context';
import { routeToHash } from '../../app/router';
import { formatDateTime } from '../../i18n/format';

type Show = 'unread' | 'all';

/**
 * Meddelanden: what central has told the person (moved delivery dates, shipped and delivered
 * orders, closed work orders) and the store, newest first. Reading and deleting are the person's own
 * marks, synced like any write; the unread count is in the status bar.
 */
export function MessagesPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const { transport } = stores;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [show, setShow] = useState<Show>('all');
  const [list, setList] = useState<MessageList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (which: Show) => {
      const result = await transport.invoke('message.list', { show: which });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setList(result.value);
    },
    [transport],
  );

  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  useEffect(() => {
    void load(show);
    // New messages arrive with a pull: the list follows.
    return transport.on('data.changed', ({ tables }) => {
      if (tables.includes('message') || tables.includes('message_mark')) void load(show);
    });
  }, [load, show, transport]);

  const mark = async (m: MessageView, how: MessageMark) => {
    setBusy(m.id);
    const result = await transport.invoke('message.mark', { messageId: m.id, mark: how });
    setBusy(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    await load(show);
    void stores.session.getState().refreshStatus();
  };

  const toOrder = (event: MouseEvent, orderId: string) => {
    event.preventDefault();
    stores.router.getState().navigate({ page: 'order', id: orderId });
  };

  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('message.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('message.intro')}
      </Text>
      <Group justify="space-between">
        <SegmentedControl
          value={show}
          onChange={(v) => setShow(v === 'unread' ? 'unread' : 'all')}
          data={[
            { value: 'all', label: t('message.showAll') },
            { value: 'unread', label: t('message.showUnread') },
          ]}
          aria-label={t('message.title')}
          data-testid="messages-show"
        />
        {list ? (
          <Text size="sm" data-testid="messages-unread">
            {t('message.unreadCount', { count: list.unread })}
          </Text>
        ) : null}
      </Group>
      {error ? (
        <Alert color="red" role="alert" data-testid="messages-error">
          {error}
        </Alert>
      ) : null}
      <Paper withBorder>
        {list && list.messages.length === 0 ? (
          <Text p="md" c="dimmed" data-testid="messages-none">
            {t('message.none')}
          </Text>
        ) : (
          <Table striped highlightOnHover data-testid="messages-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('message.at')}</Table.Th>
                <Table.Th>{t('message.kind')}</Table.Th>
                <Table.Th>{t('message.text')}</Table.Th>
                <Table.Th>{t('message.order')}</Table.Th>
                <Table.Th>{t('message.to')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(list?.messages ?? []).map((m) => (
                <Table.Tr key={m.id} data-testid="message-row" data-read={m.read ? 'yes' : 'no'} fw={m.read ? undefined : 600}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.at)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {m.read ? null : (
                        <Badge size="xs" color="blue" style={{ flexShrink: 0 }}>
                          {t('message.unread')}
                        </Badge>
                      )}
                      {t(`messageKinds.${m.kind}`)}
                    </Group>
                  </Table.Td>
                  <Table.Td data-testid="message-text">{m.text}</Table.Td>
                  <Table.Td>
                    {m.orderId && m.orderNo ? (
                      <Anchor href={routeToHash({ page: 'order', id: m.orderId })} onClick={(e) => toOrder(e, m.orderId!)}>
                        {m.orderNo}
                      </Anchor>
                    ) : (
                      '–'
                    )}
                  </Table.Td>
                  <Table.Td>{m.personal ? t('message.toMe') : t('message.toStore')}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      {m.read ? null : (
                        <Button size="compact-sm" variant="light" disabled={busy !== null} onClick={() => void mark(m, 'read')} data-testid="message-read">
                          {t('message.markRead')}
                        </Button>
                      )}
                      <Button size="compact-sm" variant="subtle" color="red" disabled={busy !== null} onClick={() => void mark(m, 'deleted')} data-testid="message-delete">
                        {t('message.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
