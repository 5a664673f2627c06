import { STAGING_ID } from '../../../shared/domain/update/install';

/**
 * The workstation's update settings (issue 13 item 2, decision 0033), read from the environment in
 * the style of ../config.ts until the machine configuration file carries them:
 *
 * - `BUFFERT_UPDATE_URL`: the folder on the region's update server that holds latest.yml
 *   (electron-updater's generic provider). Unset: no updates. Only https, or http to this machine
 *   (a test feed): latest.yml carries the sha512 the download is checked against, so it must not
 *   be changeable on the way.
 * - `BUFFERT_UPDATE_CHANNEL`: `latest` (default) or another channel the region publishes
 *   (e.g. `beta` → beta.yml / beta-linux.yml), letters, digits and dashes.
 * - `BUFFERT_UPDATE_STAGING_ID`: a UUID that places this machine in a staged rollout
 *   (`stagingPercentage`). Unset: electron-updater's own random id, one per Windows/Linux account.
 * - `BUFFERT_UPDATES=off`: no updates whatever else is set.
 */
export interface UpdateSettings {
  url: string | null;
  channel: string;
  stagingId: string | null;
  /** Hours between two checks while the app runs (the first is shortly after start). */
  checkIntervalHours: number;
  /** Why updates are off when they are (for the log); null when they are on. */
  off: string | null;
}

export const DEFAULT_UPDATE_CHANNEL = 'latest';
export const UPDATE_CHECK_INTERVAL_HOURS = 4;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The feed URL if it is one updates may come from, else why not. */
export function checkUpdateUrl(value: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `BUFFERT_UPDATE_URL är ingen adress: ${value}` };
  }
  if (url.username || url.password) return { problem: 'BUFFERT_UPDATE_URL får inte innehålla användarnamn eller lösenord.' };
  if (url.search || url.hash) return { problem: 'BUFFERT_UPDATE_URL ska vara en mapp, utan ? eller #.' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return { problem: `BUFFERT_UPDATE_URL måste börja med https:// (${url.protocol}// bara mot den här datorn).` };
  }
  // electron-updater resolves latest.yml and the files against the folder: end it with a slash.
  return { url: url.href.endsWith('/') ? url.href : `${url.href}/` };
}

/** The update settings as values (from the environment now, from the machine configuration later). */
export interface UpdateValues {
  url?: string;
  channel?: string;
  stagingId?: string;
  /** `off`: no updates whatever else is set. */
  updates?: string;
}

/** The settings from the values: a value that cannot be used turns updates off and says why. */
export function resolveUpdateSettings(values: UpdateValues): UpdateSettings {
  const channelValue = values.channel?.trim();
  const channel = channelValue && /^[a-z0-9][a-z0-9-]{0,31}$/.test(channelValue) ? channelValue : DEFAULT_UPDATE_CHANNEL;
  const stagingValue = values.stagingId?.trim().toLowerCase();
  const stagingId = stagingValue && STAGING_ID.test(stagingValue) ? stagingValue : null;
  const base = { channel, stagingId, checkIntervalHours: UPDATE_CHECK_INTERVAL_HOURS };
  if (values.updates?.trim().toLowerCase() === 'off') return { ...base, url: null, off: 'BUFFERT_UPDATES=off' };
  const value = values.url?.trim();
  if (!value) return { ...base, url: null, off: 'ingen uppdateringsserver (BUFFERT_UPDATE_URL)' };
  const checked = checkUpdateUrl(value);
  if ('problem' in checked) return { ...base, url: null, off: checked.problem };
  if (stagingValue && stagingId === null) return { ...base, url: null, off: `BUFFERT_UPDATE_STAGING_ID är inte ett UUID: ${stagingValue}` };
  return { ...base, url: checked.url, off: null };
}

export function updateSettingsFromEnv(env: NodeJS.ProcessEnv): UpdateSettings {
  return resolveUpdateSettings({ url: env.BUFFERT_UPDATE_URL, channel: env.BUFFERT_UPDATE_CHANNEL, stagingId: env.BUFFERT_UPDATE_STAGING_ID, updates: env.BUFFERT_UPDATES });
}
