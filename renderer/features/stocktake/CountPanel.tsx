import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LineView, StocktakeView } from '../../../shared/api/stocktake';
import { useStocktake, useStores } from '../../app/context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { renderUiText } from '../../i18n/uiText';
import { ScanFeedbackArea, ScanForm } from '../goods-receipt/ScanPanel';
import { RegisterIndividualDialog } from '../individual/RegisterIndividualDialog';
import { useScanHandler } from '../scanner/useScanHandler';
import { StocktakeDocuments } from './StocktakeDocuments';
import type { ShownScan } from './stocktakeStore';
import { feedbackOutcome, ProgressBar, toneOf } from './stocktakeText';

/**
 * Räkna: scanner first. Every scan on this screen (the wedge, a HID scanner, or a code typed into
 * the field) goes to `stocktake.scan` with the chosen zone; the big area says what it did, with
 * the scanner's tone. A non-tracked article's line shows with a field for a typed count.
 */
export function CountPanel({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const stores = useStores();
  const stocktake = stores.stocktake;
  const counting = view.summary.status === 'counting';

  useScanHandler(async ({ scan }) => {
    if (!counting) return null;
    await stocktake.getState().scan(scan.text);
    const last = stocktake.getState().lastScan;
    return last ? { tone: toneOf(last), message: renderUiText(t, last.message) } : null;
  });

  return (
    <div className="panel-scroll">
      <div className="stocktake-count">
        <Stack gap="sm" className="stocktake-count-main">
          {counting ? (
            <>
              <Feedback />
              <ScanForm
                label={t('stocktake.scan.code')}
                help={t('stocktake.scan.codeHelp')}
                send={t('stocktake.scan.send')}
                testId="stocktake-code"
                onCode={(text) => void stocktake.getState().scan(text)}
              />
              {/* Blind: the counting screen never shows what is expected, not even to store admins. */}
              <ActiveLine showExpected={!view.summary.blind && view.showExpected} />
            </>
          ) : (
            <Alert color="green" variant="outline" data-testid="stocktake-closed">
              {t('stocktake.scan.closed')}
            </Alert>
          )}
          <Feed />
        </Stack>
        <Stack gap="sm" className="stocktake-count-side">
          <Progress view={view} />
          <Zones view={view} />
          <StocktakeDocuments view={view} />
        </Stack>
      </div>
    </div>
  );
}

function Feedback() {
  const { t } = useTranslation();
  const stores = useStores();
  const last = useStocktake((s) => s.lastScan);
  const askRef = useRef<HTMLButtonElement>(null);
  const [registering, setRegistering] = useState<string | null>(null);
  // Said until the next scan: which number was registered, after which answer.
  const [registered, setRegistered] = useState<{ no: string; seq: number } | null>(null);
  const dismissBanner = useDismissBanner();

  // A question moves the focus to its answer: Enter counts, Tab reaches "Hoppa över".
  useEffect(() => {
    if (last?.question) askRef.current?.focus();
  }, [last?.question, last?.seq]);

  const outcome = feedbackOutcome(last);
  const title = last === null ? t('stocktake.scan.title') : t(`stocktake.scan.outcomes.${last.outcome}`);
  return (
    <div>
      <ScanFeedbackArea
        lastScan={last ? { outcome, lineNo: null, seq: last.seq } : null}
        title={title}
        message={last ? renderUiText(t, last.message) : t('stocktake.scan.idle')}
        testId="stocktake-feedback"
      />
      {last?.question ? (
        <Group gap="sm" mt="xs" data-testid="stocktake-question">
          <Button
            ref={askRef}
            onClick={() => {
              dismissBanner();
              void stores.stocktake.getState().scan(last.question!, true);
            }}
            data-testid="stocktake-count-anyway"
          >
            {t('stocktake.scan.countAnyway')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              dismissBanner();
              stores.stocktake.getState().skipQuestion();
            }}
            data-testid="stocktake-skip"
          >
            {t('stocktake.scan.skip')}
          </Button>
        </Group>
      ) : null}
      {last?.unknownNo ? (
        <Group gap="sm" mt="xs">
          <Button variant="light" onClick={() => setRegistering(last.unknownNo)} data-testid="stocktake-register">
            {t('stocktake.scan.register', { no: last.unknownNo })}
          </Button>
          <Text size="sm">{t('stocktake.scan.registerHelp')}</Text>
        </Group>
      ) : null}
      {registered && registered.seq === last?.seq ? (
        <Text size="sm" c="#1f6f33" fw={600} mt="xs" role="status" data-testid="stocktake-registered">
          {t('stocktake.scan.registered', { no: registered.no })}
        </Text>
      ) : null}
      <RegisterIndividualDialog
        opened={registering !== null}
        onClose={() => setRegistering(null)}
        options={{
          individualNo: registering ?? '',
          onRegistered: ({ individualNo }) => {
            setRegistered({ no: individualNo, seq: stores.stocktake.getState().lastScan?.seq ?? -1 });
            void stores.stocktake.getState().refresh();
          },
        }}
      />
    </div>
  );
}

/** The line of the article just scanned or counted: its count, and for non-tracked ones a typed count. */
function ActiveLine({ showExpected }: { showExpected: boolean }) {
  const { t } = useTranslation();
  const line = useStocktake((s) => s.activeLine);
  if (line === null) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="stocktake-line-title" data-testid="stocktake-active-line">
      <Title order={2} size="h5" id="stocktake-line-title">
        {line.articleNo} {line.name}
      </Title>
      <dl className="facts stocktake-line-facts">
        <dt>{t('stocktake.line.counted')}</dt>
        <dd data-testid="stocktake-line-counted">
          {line.quantity === null ? t('stocktake.line.notCounted') : `${formatNumber(line.quantity)} ${line.unit}`}
        </dd>
        {!line.tracked ? (
          <>
            <dt>{t('stocktake.line.mine')}</dt>
            <dd data-testid="stocktake-line-mine">{line.mine === null ? t('stocktake.line.mineNone') : `${formatNumber(line.mine)} ${line.unit}`}</dd>
          </>
        ) : null}
        {showExpected && line.expected !== null ? (
          <>
            <dt>{t('stocktake.line.expected')}</dt>
            <dd>
              {formatNumber(line.expected)} {line.unit}
            </dd>
          </>
        ) : null}
        {line.contributions.length > 0 && !line.tracked ? (
          <>
            <dt>{t('stocktake.line.who')}</dt>
            <dd>
              <Contributions line={line} />
            </dd>
          </>
        ) : null}
      </dl>
      {line.tracked ? <Text size="sm" mt="xs">{t('stocktake.line.trackedHelp')}</Text> : <QuantityForm line={line} />}
    </Paper>
  );
}

/** Who counted what: "Lena Tekniker 5 (ersatt)". */
export function Contributions({ line }: { line: LineView }) {
  const { t } = useTranslation();
  return (
    <span data-testid="stocktake-contributions">
      {line.contributions.map((c, i) => (
        <span key={`${c.user}-${c.workstation}`}>
          {i > 0 ? ', ' : ''}
          {c.user} {formatNumber(c.quantity)}
          {c.replaced ? ` (${t('stocktake.line.replaced')})` : ''}
          <Text span size="xs" c="#495057">
            {' '}
            · {c.workstation}
          </Text>
        </span>
      ))}
    </span>
  );
}

/** The scanner's banner says what the last scan did; an answer typed after it makes it stale. */
function useDismissBanner() {
  const { scanner } = useStores();
  return () => {
    const shown = scanner.getState().feedback;
    if (shown) scanner.getState().dismissFeedback(shown.id);
  };
}

function QuantityForm({ line }: { line: LineView }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const dismissBanner = useDismissBanner();
  const [text, setText] = useState('');
  const error = useStocktake((s) => s.countError);
  const busy = useStocktake((s) => s.counting);

  const send = async (kind: 'add' | 'replace') => {
    const result = await stocktake.getState().count(line.articleId, kind, text);
    if (result.ok) {
      setText('');
      dismissBanner();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send('add');
  };
  return (
    <form onSubmit={onSubmit} aria-label={t('stocktake.line.countForm', { articleNo: line.articleNo })}>
      <Text size="xs" mt="sm" id="stocktake-quantity-help">
        {t('stocktake.line.quantityHelp')}
      </Text>
      <Group gap="sm" align="flex-start" mt={4} wrap="wrap">
        <TextInput
          label={t('stocktake.line.quantity')}
          aria-describedby="stocktake-quantity-help"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            stocktake.getState().clearCountError();
          }}
          error={error ? renderUiText(t, error) : undefined}
          inputMode="numeric"
          autoComplete="off"
          w={220}
          rightSection={<Text size="xs">{line.unit}</Text>}
          data-testid="stocktake-quantity"
        />
        <Group gap="xs" mt={19}>
          <Button type="submit" loading={busy === 'add'} data-testid="stocktake-add">
            {t('stocktake.line.add')}
          </Button>
          <Button variant="default" loading={busy === 'replace'} onClick={() => void send('replace')} data-testid="stocktake-replace">
            {t('stocktake.line.replace')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}

function Feed() {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const feed = useStocktake((s) => s.feed);
  if (feed.length === 0) return null;
  return (
    <section aria-labelledby="stocktake-feed-title">
      <Title order={2} size="h5" id="stocktake-feed-title" mb={4}>
        {t('stocktake.feed.title')}
      </Title>
      <Table withTableBorder verticalSpacing={2} data-testid="stocktake-feed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('stocktake.feed.at')}</Table.Th>
            <Table.Th w={170}>{t('stocktake.feed.outcome')}</Table.Th>
            <Table.Th>{t('stocktake.feed.what')}</Table.Th>
            <Table.Th w={90}>
              <span className="visually-hidden">{t('stocktake.feed.undo')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {feed.map((f) => (
            <Table.Tr key={f.seq} className={f.undone ? 'stocktake-undone' : undefined} data-testid="stocktake-feed-row">
              <Table.Td>{formatDateTime(f.at).slice(11)}</Table.Td>
              <Table.Td>
                <FeedBadge outcome={f.outcome} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {f.message}
                  {f.undone ? ` (${t('stocktake.feed.undone')})` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                {f.undoable && !f.undone ? (
                  <Button size="compact-xs" variant="subtle" onClick={() => void stocktake.getState().undoScan(f)} aria-label={t('stocktake.feed.undoOf', { no: f.individualNo ?? '' })}>
                    {t('stocktake.feed.undo')}
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

const FEED_COLORS = { ok: '#1f6f33', over: '#7a4d00', refused: '#c92a2a', idle: '#495057' } as const;

function FeedBadge({ outcome }: { outcome: ShownScan['outcome'] }) {
  const { t } = useTranslation();
  const tone = feedbackOutcome({ seq: 0, outcome, message: { text: '' }, individualNo: null, question: null, unknownNo: null });
  return (
    <Badge variant="outline" color={FEED_COLORS[tone]} size="sm" radius="sm" tt="none" maw="none">
      {t(`stocktake.scan.outcomes.${outcome}`)}
    </Badge>
  );
}

function Progress({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const p = view.summary.progress;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="stocktake-progress-title" data-testid="stocktake-progress">
      <Title order={2} size="h5" id="stocktake-progress-title" mb={4}>
        {t('stocktake.progress.title')}
      </Title>
      <ProgressBar counted={p.counted} expected={p.expected} label={t('stocktake.progress.total')} />
      <Text size="xs" mt={4}>
        {t('stocktake.progress.help')}
      </Text>
      <Text size="sm" mt={6} data-testid="stocktake-counts">
        {t('stocktake.progress.counts', { count: view.summary.counts, formatted: formatNumber(view.summary.counts) })}
        {view.unsynced > 0 ? ` · ${t('stocktake.progress.unsynced', { count: view.unsynced })}` : ''}
      </Text>
    </Paper>
  );
}

function Zones({ view }: { view: StocktakeView }) {
  const { t } = useTranslation();
  const stocktake = useStores().stocktake;
  const zoneId = useStocktake((s) => s.zoneId);
  const error = useStocktake((s) => s.zoneError);
  const counting = view.summary.status === 'counting';
  if (view.zones.length === 0) {
    return (
      <Paper withBorder p="sm" component="section" aria-label={t('stocktake.zones.title')}>
        <Text size="sm">{t('stocktake.zones.none')}</Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="stocktake-zones-title" data-testid="stocktake-zones">
      <Title order={2} size="h5" id="stocktake-zones-title" mb={4}>
        {t('stocktake.zones.title')}
      </Title>
      <Text size="xs" mb={6}>
        {zoneId === null ? t('stocktake.zones.choose') : t('stocktake.zones.chosen', { name: view.zones.find((z) => z.id === zoneId)?.name ?? zoneId })}
      </Text>
      <Stack gap={8}>
        {view.zones.map((z) => (
          <div key={z.id} className={z.id === zoneId ? 'stocktake-zone stocktake-zone-chosen' : 'stocktake-zone'} data-testid="stocktake-zone">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div>
                <Text size="sm" fw={600}>
                  {z.name}
                  {z.id === zoneId ? (
                    <Badge ml={6} size="xs" color="#1f6f33" variant="filled" tt="none">
                      {t('stocktake.zones.here')}
                    </Badge>
                  ) : null}
                </Text>
                <Text size="xs">{z.locations.length > 0 ? z.locations.join(', ') : t('stocktake.zones.rest')}</Text>
                <Text size="xs" data-testid="stocktake-zone-assigned">
                  {z.assignedTo === null ? t('stocktake.zones.free') : z.mine ? t('stocktake.zones.mine', { workstation: z.assignedTo }) : t('stocktake.zones.assigned', { workstation: z.assignedTo })}
                </Text>
              </div>
              {counting && z.id !== zoneId ? (
                <Button size="compact-xs" variant="light" onClick={() => void stocktake.getState().chooseZone(z.id)} aria-label={t('stocktake.zones.takeOf', { name: z.name })}>
                  {t('stocktake.zones.take')}
                </Button>
              ) : null}
            </Group>
            <ProgressBar counted={z.counted} expected={z.expected} label={t('stocktake.progress.of', { name: z.name })} compact />
          </div>
        ))}
        {view.unzoned.expected > 0 || view.unzoned.counted > 0 ? (
          <div className="stocktake-zone">
            <Text size="sm" fw={600}>
              {t('stocktake.zones.unzoned')}
            </Text>
            <Text size="xs">{t('stocktake.zones.unzonedHelp')}</Text>
            <ProgressBar counted={view.unzoned.counted} expected={view.unzoned.expected} label={t('stocktake.zones.unzoned')} compact />
          </div>
        ) : null}
      </Stack>
      {error ? (
        <Text size="sm" c="red.9" mt="xs" role="alert">
          {renderUiText(t, error)}
        </Text>
      ) : null}
    </Paper>
  );
}
