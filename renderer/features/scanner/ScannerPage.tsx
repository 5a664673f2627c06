import { Alert, Badge, Button, Group, NativeSelect, NumberInput, Paper, Radio, SimpleGrid, Slider, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HID_POS_PROFILE_NAMES, SCANNER_MODES, type HidDevice, type ScannerSettings, type ScannerStatus } from '../../../shared/api/scanner';
import type { ScanMeaning } from '../../../shared/scan';
import type { AppError } from '../../../shared/result';
import { useScanner, useStores } from '../../app/context';
import { resolveScan, type ScanResolution } from './scanRouter';
import type { ClassifiedScan, RecentScan } from './scannerStore';
import { useScanHandler } from './useScanHandler';

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/**
 * Control characters made visible: GS as a highlighted "GS" mark (the picture ␝ is missing from
 * many fonts), others as their code. Copying the text gives the visible form.
 */
export function VisibleText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let plain = '';
  let key = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      if (plain) parts.push(plain);
      plain = '';
      parts.push(
        <span key={key++} className="scan-gs" title={code === 0x1d ? 'GS (FNC1, 0x1D)' : `0x${code.toString(16).toUpperCase().padStart(2, '0')}`}>
          {code === 0x1d ? 'GS' : `0x${code.toString(16).toUpperCase().padStart(2, '0')}`}
        </span>,
      );
    } else plain += ch;
  }
  if (plain) parts.push(plain);
  return <>{parts}</>;
}

function statusColor(state: ScannerStatus['state'] | undefined): string {
  switch (state) {
    case 'connected':
      return '#1f6f33';
    case 'disconnected':
    case 'opening':
      return 'orange.9';
    case 'error':
    case 'unavailable':
      return 'red.9';
    default:
      return 'gray.7';
  }
}

function deviceName(d: HidDevice): string {
  return d.product ?? `${hex4(d.vendorId)}:${hex4(d.productId)}`;
}

/** Skannrar: this workstation's scanner, its settings, and a place to try scans. */
export function ScannerPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const scanner = stores.scanner;
  const saved = useScanner((s) => s.settings);
  const status = useScanner((s) => s.status);
  const devices = useScanner((s) => s.devices);
  const devicesLoading = useScanner((s) => s.devicesLoading);
  const recent = useScanner((s) => s.recent);
  const [draft, setDraft] = useState<ScannerSettings | null>(saved);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: AppError } | null>(null);
  const [resolutions, setResolutions] = useState<ReadonlyMap<number, ScanResolution>>(new Map());
  const [since] = useState(() => recent[0]?.scan.id ?? 0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    void scanner.getState().load();
    void scanner.getState().loadDevices();
  }, [scanner]);
  useEffect(() => {
    if (saved !== null) setDraft((d) => d ?? saved);
  }, [saved]);

  // While this page is open every scan is a test: classified and looked up, never acted on.
  useScanHandler(async (scan: ClassifiedScan) => {
    const resolution = await resolveScan(stores.transport, scan.meaning);
    setResolutions((m) => new Map(m).set(scan.id, resolution));
    const kind = t(`scanner.kinds.${scan.meaning.kind}`);
    if (scan.meaning.kind === 'unknown') return { tone: 'refused', message: t('scanner.test.refused', { reason: scan.meaning.error.message }) };
    return resolution.ok
      ? { tone: 'ok', message: t('scanner.test.ok', { kind, opens: t(`scanner.test.wouldOpen.${resolution.target.page}`, { label: resolution.target.label }) }) }
      : { tone: 'attention', message: t('scanner.test.nothingToOpen', { kind, reason: resolution.message }) };
  });

  const update = (patch: Partial<ScannerSettings>) => {
    setResult(null);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };
  const updateWedge = (patch: Partial<ScannerSettings['wedge']>) => setDraft((d) => (d ? { ...d, wedge: { ...d.wedge, ...patch } } : d));

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    const r = await scanner.getState().save(draft);
    setSaving(false);
    if (r.ok) setDraft(r.value);
    setResult(r.ok ? { ok: true } : { ok: false, error: r.error });
  };

  const chooseDevice = (d: HidDevice) =>
    update({
      device: { vendorId: d.vendorId, productId: d.productId, serialNumber: d.serialNumber, path: d.path, usagePage: d.usagePage, name: deviceName(d) },
    });

  const shown = recent.filter((r) => r.scan.id > since);

  return (
    <Stack gap="md" maw={1200} data-testid="scanner-page">
      <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
        {t('scanner.title')}
      </Title>
      <Text size="sm" maw={820}>
        {t('scanner.intro')}
      </Text>

      <Paper withBorder p="md">
        <Group gap="sm" align="center">
          <Text fw={600}>{t('scanner.status.label')}</Text>
          <Badge size="lg" tt="none" color={statusColor(status?.state)} data-testid="scanner-state">
            {t(`scanner.states.${status?.state ?? 'off'}`)}
          </Badge>
          <Text size="sm" data-testid="scanner-status-message">
            {status?.message ?? ''}
          </Text>
        </Group>
      </Paper>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="scanner-test-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="scanner-test-heading">
              {t('scanner.test.title')}
            </Title>
            <Text size="sm">{t('scanner.test.intro')}</Text>
            <TextInput label={t('scanner.test.field')} description={t('scanner.test.fieldHelp')} data-testid="scanner-test-field" />
            <div aria-live="polite" data-testid="scanner-test-results">
              {shown.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('scanner.test.none')}
                </Text>
              ) : (
                shown.map((r, i) => <TestedScan key={r.scan.id} recent={r} resolution={resolutions.get(r.scan.id)} latest={i === 0} />)
              )}
            </div>
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="scanner-settings-heading">
          {draft === null ? (
            <Text size="sm">{t('common.loading')}</Text>
          ) : (
            <Stack gap="sm">
              <Title order={2} size="h4" id="scanner-settings-heading">
                {t('scanner.settings.title')}
              </Title>
              <Radio.Group label={t('scanner.settings.mode')} value={draft.mode} onChange={(v) => update({ mode: v as ScannerSettings['mode'] })}>
                <Stack gap={6} mt={4}>
                  {SCANNER_MODES.map((m) => (
                    <Radio key={m} value={m} label={t(`scanner.modes.${m}`)} description={t(`scanner.modeHelp.${m}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              {draft.mode === 'hidPos' ? (
                <NativeSelect
                  label={t('scanner.settings.profile')}
                  value={draft.profile}
                  onChange={(e) => update({ profile: e.currentTarget.value })}
                  data={HID_POS_PROFILE_NAMES.map((p) => ({ value: p, label: t(`scanner.profiles.${p as 'honeywell' | 'honeywell-webhid'}`) }))}
                />
              ) : null}
              {draft.mode === 'hidKeyboard' ? (
                <NativeSelect
                  label={t('scanner.settings.layout')}
                  value={draft.layout}
                  onChange={(e) => update({ layout: e.currentTarget.value as ScannerSettings['layout'] })}
                  data={[
                    { value: 'sv', label: t('scanner.layouts.sv') },
                    { value: 'us', label: t('scanner.layouts.us') },
                  ]}
                />
              ) : null}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>

      {draft !== null ? (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="scanner-devices-heading">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4" id="scanner-devices-heading">
                  {t('scanner.devices.title')}
                </Title>
                <Button variant="default" size="xs" loading={devicesLoading} onClick={() => void scanner.getState().loadDevices()}>
                  {t('scanner.devices.refresh')}
                </Button>
              </Group>
              {draft.device ? (
                <Text size="sm" data-testid="scanner-chosen">
                  {t('scanner.devices.chosen', { name: draft.device.name, id: `${hex4(draft.device.vendorId)}:${hex4(draft.device.productId)}` })}{' '}
                  <Button variant="subtle" size="compact-xs" onClick={() => update({ device: null })}>
                    {t('scanner.devices.clear')}
                  </Button>
                </Text>
              ) : (
                <Text size="sm">{t('scanner.devices.noneChosen')}</Text>
              )}
              {devices && !devices.available ? <Alert color="orange">{devices.message}</Alert> : null}
              {devices?.available && devices.message ? <Alert color="orange">{devices.message}</Alert> : null}
              <Table striped withTableBorder fz="sm" data-testid="scanner-devices">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('scanner.devices.choose')}</Table.Th>
                    <Table.Th>{t('scanner.devices.name')}</Table.Th>
                    <Table.Th>{t('scanner.devices.manufacturer')}</Table.Th>
                    <Table.Th>{t('scanner.devices.vendorProduct')}</Table.Th>
                    <Table.Th>{t('scanner.devices.usagePage')}</Table.Th>
                    <Table.Th>{t('scanner.devices.path')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(devices?.devices ?? []).length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={6}>{devices === null ? t('common.loading') : t('scanner.devices.none')}</Table.Td>
                    </Table.Tr>
                  ) : (
                    devices!.devices.map((d) => {
                      const chosen = draft.device?.vendorId === d.vendorId && draft.device.productId === d.productId && draft.device.path === d.path;
                      return (
                        <Table.Tr key={d.path}>
                          <Table.Td>
                            <Radio checked={chosen} onChange={() => chooseDevice(d)} aria-label={t('scanner.devices.chooseOne', { name: deviceName(d) })} />
                          </Table.Td>
                          <Table.Td>{deviceName(d)}</Table.Td>
                          <Table.Td>{d.manufacturer ?? '–'}</Table.Td>
                          <Table.Td>{`${hex4(d.vendorId)}:${hex4(d.productId)}`}</Table.Td>
                          <Table.Td>
                            {d.usagePage === null ? '–' : `0x${hex4(d.usagePage)}${d.usage === null ? '' : ` / 0x${hex4(d.usage)}`}`}
                            {d.usagePage === 0x8c ? ` (${t('scanner.devices.pos')})` : d.usagePage === 1 && d.usage === 6 ? ` (${t('scanner.devices.keyboard')})` : ''}
                          </Table.Td>
                          <Table.Td style={{ wordBreak: 'break-all' }}>{d.path}</Table.Td>
                        </Table.Tr>
                      );
                    })
                  )}
                </Table.Tbody>
              </Table>
            </Stack>
          </Paper>

          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Paper withBorder p="md" component="section" aria-labelledby="scanner-wedge-heading">
              <Stack gap="sm">
                <Title order={2} size="h4" id="scanner-wedge-heading">
                  {t('scanner.wedge.title')}
                </Title>
                <Switch checked={draft.wedge.enabled} onChange={(e) => updateWedge({ enabled: e.currentTarget.checked })} label={t('scanner.wedge.enabled')} />
                <Group grow align="flex-start">
                  <NumberInput label={t('scanner.wedge.maxKeyGapMs')} value={draft.wedge.maxKeyGapMs} min={5} max={200} onChange={(v) => updateWedge({ maxKeyGapMs: Number(v) })} />
                  <NumberInput label={t('scanner.wedge.maxAverageGapMs')} value={draft.wedge.maxAverageGapMs} min={2} max={100} onChange={(v) => updateWedge({ maxAverageGapMs: Number(v) })} />
                  <NumberInput label={t('scanner.wedge.minLength')} value={draft.wedge.minLength} min={1} max={64} onChange={(v) => updateWedge({ minLength: Number(v) })} />
                </Group>
                <TextInput label={t('scanner.wedge.gsSubstitute')} description={t('scanner.wedge.gsSubstituteHelp')} value={draft.wedge.gsSubstitute} onChange={(e) => updateWedge({ gsSubstitute: e.currentTarget.value })} maw={360} />
                <Group grow align="flex-start">
                  <TextInput label={t('scanner.wedge.prefix')} value={draft.wedge.prefix} onChange={(e) => updateWedge({ prefix: e.currentTarget.value })} />
                  <TextInput label={t('scanner.wedge.suffix')} value={draft.wedge.suffix} onChange={(e) => updateWedge({ suffix: e.currentTarget.value })} />
                </Group>
              </Stack>
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="scanner-sound-heading">
              <Stack gap="sm">
                <Title order={2} size="h4" id="scanner-sound-heading">
                  {t('scanner.sound.title')}
                </Title>
                <Switch checked={draft.sound.enabled} onChange={(e) => update({ sound: { ...draft.sound, enabled: e.currentTarget.checked } })} label={t('scanner.sound.enabled')} />
                <Text size="sm" id="scanner-volume-label">
                  {t('scanner.sound.volume', { percent: Math.round(draft.sound.volume * 100) })}
                </Text>
                <Slider
                  min={0}
                  max={100}
                  step={5}
                  value={Math.round(draft.sound.volume * 100)}
                  onChange={(v) => update({ sound: { ...draft.sound, volume: v / 100 } })}
                  disabled={!draft.sound.enabled}
                  thumbProps={{ 'aria-labelledby': 'scanner-volume-label' }}
                  label={null}
                />
                <Group gap="xs">
                  {(['ok', 'attention', 'refused'] as const).map((tone) => (
                    <Button key={tone} variant="default" size="xs" onClick={() => scanner.getState().playTone(tone)}>
                      {t(`scanner.sound.try.${tone}`)}
                    </Button>
                  ))}
                </Group>
                <Text size="xs" c="dimmed">
                  {t('scanner.sound.tryHelp')}
                </Text>
              </Stack>
            </Paper>
          </SimpleGrid>

          <Group>
            <Button onClick={() => void save()} loading={saving} data-testid="scanner-save">
              {t('scanner.settings.save')}
            </Button>
            {result?.ok ? (
              <Text c="#1f6f33" fw={600} role="status">
                {t('scanner.settings.saved')}
              </Text>
            ) : null}
          </Group>
          {result && !result.ok ? (
            <Alert color="red" role="alert" title={t('scanner.settings.notSaved')}>
              {result.error.message}
            </Alert>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function Gs1Elements({ meaning }: { meaning: Extract<ScanMeaning, { kind: 'gs1' }> }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder fz="sm" data-testid="scan-gs1-elements" maw={520}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('scanner.test.ai')}</Table.Th>
          <Table.Th>{t('scanner.test.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {meaning.gs1.elements.map((e, i) => (
          <Table.Tr key={`${e.ai}-${i}`}>
            <Table.Td>({e.ai})</Table.Td>
            <Table.Td>{e.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TestedScan({ recent, resolution, latest }: { recent: RecentScan; resolution: ScanResolution | undefined; latest: boolean }) {
  const { t } = useTranslation();
  const { scan, meaning } = recent.scan;
  return (
    <Paper withBorder p="sm" mt="xs" bg={latest ? undefined : 'gray.0'} data-testid={latest ? 'scan-test-latest' : 'scan-test'}>
      <Stack gap={4}>
        <div className="scan-raw" data-testid="scan-raw">
          <VisibleText text={scan.text} />
        </div>
        <Text size="sm" data-testid="scan-kind">
          <b>{t(`scanner.kinds.${meaning.kind}`)}</b>
          {' · '}
          {t(`scanner.sources.${scan.source}`)}
          {scan.symbology ? ` · ${t('scanner.test.symbology', { id: scan.symbology })}` : ''}
          {meaning.alternatives.length > 0 ? ` · ${t('scanner.test.alternatives', { kinds: meaning.alternatives.map((k) => t(`scanner.kinds.${k}`)).join(', ') })}` : ''}
        </Text>
        {meaning.kind === 'gs1' ? <Gs1Elements meaning={meaning} /> : null}
        {meaning.kind === 'unknown' ? (
          <Text size="sm" c="red.9">
            {meaning.error.message}
          </Text>
        ) : null}
        <Text size="sm" data-testid="scan-opens">
          {resolution === undefined ? t('common.loading') : resolution.ok ? t(`scanner.test.wouldOpen.${resolution.target.page}`, { label: resolution.target.label }) : resolution.message}
        </Text>
      </Stack>
    </Paper>
  );
}
