import { useEffect } from 'react';
import type { TextSize } from '../../../shared/api/settings';
import { useSession, useStores } from '../../app/context';

/** The root font size of each text size: Mantine sizes everything in rem, so all of the UI follows. */
const ROOT_FONT_SIZE: Record<TextSize, string> = { normal: '100%', large: '112.5%', larger: '125%' };

export function applyTextSize(size: TextSize, doc: Document = document): void {
  doc.documentElement.style.fontSize = ROOT_FONT_SIZE[size];
  doc.documentElement.dataset.textSize = size;
}

/**
 * The person's text size (Inställningar), applied when someone logs in or out: the login screen
 * keeps the last person's size.
 */
export function useTextSize(): void {
  const { transport } = useStores();
  const userId = useSession((s) => s.status?.user?.id ?? null);
  const phase = useSession((s) => s.phase);
  useEffect(() => {
    if (phase === 'loading') return;
    let current = true;
    void transport.invoke('settings.user', {}).then((result) => {
      if (current && result.ok) applyTextSize(result.value.textSize);
    });
    return () => {
      current = false;
    };
  }, [transport, userId, phase]);
}
