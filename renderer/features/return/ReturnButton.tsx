import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/context';
import { ReturnDialog } from './ReturnDialog';

/** The recipient card's "Retur": the return dialog; afterwards the card shows Återlämnat. */
export function ReturnButton({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const [opened, setOpened] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      {notice ? (
        <Text size="sm" role="status" data-testid="return-notice">
          {notice}
        </Text>
      ) : null}
      <Button
        variant="default"
        onClick={() => {
          setNotice(null);
          setOpened(true);
        }}
        data-testid="recipient-return"
      >
        {t('return.open')}
      </Button>
      <ReturnDialog
        recipientId={recipientId}
        opened={opened}
        onClose={() => setOpened(false)}
        onDone={(message) => {
          setOpened(false);
          setNotice(message);
          void stores.recipient.getState().loadCard(recipientId);
          stores.router.getState().navigate({ page: 'recipient', id: recipientId, tab: 'returned' }, { replace: true });
        }}
      />
    </>
  );
}
