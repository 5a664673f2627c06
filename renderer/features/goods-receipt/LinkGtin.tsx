import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/goods-receipt';
import { useReceipt, useSession, useStores } from '../../app/context';
import { isStoreAdmin } from '../session/permissions';

/**
 * After a scan of a valid GTIN no article has: a store admin links it, once, to one of the
 * delivery's articles (region master data from then on); then the code is scanned again.
 */
export function LinkGtin({ view }: { view: ReceiptView }) {
  const { t } = useTranslation();
  const { transport } = useStores();
  const gtin = useReceipt((s) => s.lastScan?.unknownGtin ?? null);
  const admin = useSession((s) => isStoreAdmin(s.status?.user));
  const [articleId, setArticleId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [linked, setLinked] = useState<string | null>(null);
  if (gtin === null) return null;
  if (linked === gtin) {
    return (
      <Text size="sm" mb="sm" c="#1f6f33" fw={600} role="status" data-testid="link-gtin-done">
        {t('receipt.linkGtin.done', { gtin })}
      </Text>
    );
  }
  if (!admin) {
    return (
      <Text size="sm" mb="sm" data-testid="link-gtin-not-admin">
        {t('receipt.linkGtin.notAdmin', { gtin })}
      </Text>
    );
  }
  const link = async () => {
    if (articleId === null) return;
    setBusy(true);
    setError(null);
    const result = await transport.invoke('article.linkGtin', { gtin, articleId });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setLinked(gtin);
  };
  return (
    <Paper withBorder p="sm" mb="sm" component="section" aria-label={t('receipt.linkGtin.title', { gtin })} data-testid="link-gtin">
      <Text size="sm" fw={600}>
        {t('receipt.linkGtin.title', { gtin })}
      </Text>
      <Group gap="sm" align="flex-end" mt="xs">
        <Select
          label={t('receipt.linkGtin.article')}
          data={view.lines.map((l) => ({ value: l.articleId, label: `${l.articleNo} ${l.name}` }))}
          value={articleId}
          onChange={setArticleId}
          w={420}
        />
        <Button onClick={() => void link()} disabled={articleId === null} loading={busy}>
          {t('receipt.linkGtin.link')}
        </Button>
      </Group>
      {error ? (
        <Text size="sm" c="red.9" mt="xs" role="alert">
          {error}
        </Text>
      ) : null}
    </Paper>
  );
}
