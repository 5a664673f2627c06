import { Alert, Badge, Code, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionSettingsView } from '../../../shared/api/region-settings';
import { REGION_SETTING_KEYS, type RegionSettingKey, type RegionSettings } from '../../../shared/domain/region-settings/settings';
import { useStores } from '../../app/context';

/** Regionens inställningar: what central set for the region (read-only), and the stored values it could not use, in red. */
export function RegionSettingsSection() {
  const { t } = useTranslation();
  const { transport } = useStores();
  const [view, setView] = useState<RegionSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void transport.invoke('regionSettings.get', {}).then((result) => {
      if (!current) return;
      if (result.ok) setView(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport]);

  const yesNo = (v: boolean) => t(v ? 'settings.regionValues.yes' : 'settings.regionValues.no');
  const format = (key: RegionSettingKey, s: RegionSettings): string => {
    switch (key) {
      case 'loginMode':
        return t(`settings.regionValues.loginMode.${s.loginMode}`);
      case 'articleSearch':
        return t(`settings.regionValues.articleSearch.${s.articleSearch}`);
      case 'individualSearch':
        return t(`settings.regionValues.individualSearch.${s.individualSearch}`);
      case 'individualRegistration':
        return t(`settings.regionValues.individualRegistration.${s.individualRegistration}`);
      case 'storeNumbers':
        return t('settings.regionValues.storeNumbers', s.storeNumbers);
      case 'careUnitCode':
        return t('settings.regionValues.careUnitCode', s.careUnitCode);
      case 'stockListType':
        return s.stockListType === 'all' ? t('settings.regionValues.allTypes') : t(`articleTypes.${s.stockListType}`);
      default:
        return yesNo(s[key]);
    }
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('settings.regionTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.regionHelp')}
        </Text>
        {error ? (
          <Alert color="red" variant="outline" role="alert">
            {error}
          </Alert>
        ) : null}
        {view && view.problems.length > 0 ? (
          <Alert color="red" variant="outline" role="alert" data-testid="region-setting-problems">
            <Text size="sm" fw={600}>
              {t('settings.regionProblems')}
            </Text>
            <List size="sm">
              {view.problems.map((p, i) => (
                <List.Item key={`${p.key}-${i}`} c="red.9">
                  {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Table striped withTableBorder data-testid="region-settings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.setting')}</Table.Th>
              <Table.Th>{t('settings.value')}</Table.Th>
              <Table.Th>{t('settings.source')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view
              ? REGION_SETTING_KEYS.map((key) => {
                  const refused = view.problems.some((p) => p.key === key);
                  const stored = view.stored.includes(key) && !refused;
                  return (
                    <Table.Tr key={key} data-key={key}>
                      <Table.Td>
                        {t(`settings.regionKeys.${key}`)} <Code>{key}</Code>
                      </Table.Td>
                      <Table.Td c={refused ? 'red.9' : undefined}>{format(key, view.settings)}</Table.Td>
                      <Table.Td>
                        <Badge variant="outline" color={stored ? 'blue' : refused ? 'red' : 'gray'}>
                          {t(stored ? 'settings.regionStored' : 'settings.regionDefault')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              : null}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
