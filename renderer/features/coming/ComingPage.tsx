import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/context';
import type { ComingFeature } from '../../app/router';

/** A screen that later issues fill: says so plainly instead of showing something broken. */
export function ComingPage({ feature }: { feature: ComingFeature | 'orders' }) {
  const { t } = useTranslation();
  const stores = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [feature]);
  return (
    <Paper withBorder p="lg" maw={640} data-testid="coming-page">
      <Stack gap="sm">
        <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
          {t('coming.title', { feature: t(`nav.${feature}`) })}
        </Title>
        <Text>{t('coming.text')}</Text>
        <Text size="sm">{t('coming.meanwhile')}</Text>
        <div>
          <Button variant="light" onClick={() => stores.router.getState().navigate({ page: 'start' })}>
            {t('coming.toStart')}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
