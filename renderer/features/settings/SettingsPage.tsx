import { Alert, Badge, Code, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_SIZES, type SettingsView, type TextSize } from '../../../shared/api/settings';
import { useRouter, useStores } from '../../app/context';
import { RegionSettingsSection } from './RegionSettingsSection';
import { applyTextSize } from './textSize';

const SOURCE_COLOR = { machine: 'blue', environment: 'grape', default: 'gray' } as const;

/**
 * Inställningar: what IT has set for this machine (read-only, with where each value comes from:
 * the machine configuration, the environment or the default) and what the person chooses for
 * themselves on this workstation.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const navigate = useRouter((s) => s.navigate);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
    let current = true;
    void transport.invoke('settings.get', {}).then((result) => {
      if (!current) return;
      if (result.ok) setView(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport]);

  const chooseTextSize = async (size: TextSize) => {
    setSaved(false);
    const result = await transport.invoke('settings.saveUser', { ...(view?.user ?? { textSize: 'normal' }), textSize: size });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    applyTextSize(result.value.textSize);
    setView((v) => (v ? { ...v, user: result.value } : v));
    setSaved(true);
  };

  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
        {t('settings.title')}
      </Title>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {error}
        </Alert>
      ) : null}

      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('settings.userTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.userHelp')}
          </Text>
          <Group gap="sm" align="center">
            <Text id="text-size-label" fw={500}>
              {t('settings.textSize')}
            </Text>
            <SegmentedControl
              aria-labelledby="text-size-label"
              data-testid="text-size"
              value={view?.user.textSize ?? 'normal'}
              onChange={(value) => void chooseTextSize(value as TextSize)}
              data={TEXT_SIZES.map((size) => ({ value: size, label: t(`settings.textSizes.${size}`) }))}
              disabled={view === null}
            />
            {saved ? (
              <Text size="sm" c="teal.9" fw={600} role="status">
                {t('settings.saved')}
              </Text>
            ) : null}
          </Group>
          <Text size="sm">
            {t('settings.scannerHint')}{' '}
            <a
              href="#/scanners"
              onClick={(e) => {
                e.preventDefault();
                navigate({ page: 'scanners' });
              }}
            >
              {t('nav.scanners')}
            </a>
            {view && view.machine.scannerLocked.length > 0 ? ` ${t('settings.scannerLocked')}` : ''}
          </Text>
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('settings.machineTitle')}
          </Title>
          {view ? (
            <Text size="sm" data-testid="machine-config-file">
              {view.machine.present ? t('settings.machineFile') : t('settings.machineNoFile')} <Code>{view.machine.file}</Code>
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {t('settings.machineHelp')}
          </Text>
          <Table striped withTableBorder data-testid="machine-settings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.setting')}</Table.Th>
                <Table.Th>{t('settings.field')}</Table.Th>
                <Table.Th>{t('settings.value')}</Table.Th>
                <Table.Th>{t('settings.source')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view?.machine.settings.map((s) => (
                <Table.Tr key={s.path} data-path={s.path}>
                  <Table.Td>{t(`settings.fields.${s.path}`, { defaultValue: s.path })}</Table.Td>
                  <Table.Td>
                    <Code>{s.path}</Code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{s.value ?? t('settings.defaultValue')}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={SOURCE_COLOR[s.source]}>
                      {t(`settings.sources.${s.source}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>

      <RegionSettingsSection />
    </Stack>
  );
}
