import { useEffect, useState } from 'react';
import type { RegionSettings } from '../../../shared/domain/region-settings/settings';
import { useStores } from '../../app/context';

/**
 * The region's settings in effect on this workstation (regionSettings.get: central's synced values,
 * the defaults where central set none); null until they have been read. Read when the screen opens,
 * so a value central changed applies from the next time the screen is opened after a sync.
 */
export function useRegionSettings(): RegionSettings | null {
  const { transport } = useStores();
  const [settings, setSettings] = useState<RegionSettings | null>(null);
  useEffect(() => {
    let current = true;
    void transport.invoke('regionSettings.get', {}).then((r) => {
      if (current && r.ok) setSettings(r.value.settings);
    });
    return () => {
      current = false;
    };
  }, [transport]);
  return settings;
}
