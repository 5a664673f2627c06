import { describe, expect, it } from 'vitest';
import { checkUpdateUrl, updateSettingsFromEnv } from './settings';

describe('update settings from the environment', () => {
  it('are off without a server, and say why', () => {
    expect(updateSettingsFromEnv({})).toEqual({ url: null, channel: 'latest', stagingId: null, checkIntervalHours: 4, off: 'ingen uppdateringsserver (BUFFERT_UPDATE_URL)' });
  });

  it('take the region’s https folder, its channel and a machine staging id', () => {
    expect(
      updateSettingsFromEnv({
        BUFFERT_UPDATE_URL: ' https://uppdatering.region.se/buffert ',
        BUFFERT_UPDATE_CHANNEL: 'beta',
        BUFFERT_UPDATE_STAGING_ID: '6F1B2C3D-0000-4000-8000-000000000001',
      }),
    ).toEqual({ url: 'https://uppdatering.region.se/buffert/', channel: 'beta', stagingId: '6f1b2c3d-0000-4000-8000-000000000001', checkIntervalHours: 4, off: null });
  });

  it('turn off with BUFFERT_UPDATES=off whatever else is set', () => {
    expect(updateSettingsFromEnv({ BUFFERT_UPDATES: 'off', BUFFERT_UPDATE_URL: 'https://u.region.se/' })).toMatchObject({ url: null, off: 'BUFFERT_UPDATES=off' });
  });

  it('refuse a feed that could be changed on the way, and a staging id that is not a UUID', () => {
    expect(updateSettingsFromEnv({ BUFFERT_UPDATE_URL: 'http://u.region.se/buffert/' })).toMatchObject({ url: null, off: expect.stringContaining('https://') });
    expect(checkUpdateUrl('http://127.0.0.1:5340/feed')).toEqual({ url: 'http://127.0.0.1:5340/feed/' });
    expect(checkUpdateUrl('ftp://u.region.se/')).toMatchObject({ problem: expect.stringContaining('https://') });
    expect(checkUpdateUrl('inte en adress')).toMatchObject({ problem: expect.stringContaining('ingen adress') });
    expect(checkUpdateUrl('https://user:pw@u.region.se/')).toMatchObject({ problem: expect.stringContaining('lösenord') });
    expect(checkUpdateUrl('https://u.region.se/?x=1')).toMatchObject({ problem: expect.stringContaining('mapp') });
    expect(updateSettingsFromEnv({ BUFFERT_UPDATE_URL: 'https://u.region.se/', BUFFERT_UPDATE_STAGING_ID: 'maskin-7' })).toMatchObject({ url: null, off: expect.stringContaining('UUID') });
  });

  it('fall back to the latest channel for a channel name electron-updater could not turn into a file name', () => {
    expect(updateSettingsFromEnv({ BUFFERT_UPDATE_URL: 'https://u.region.se/', BUFFERT_UPDATE_CHANNEL: '../etc' }).channel).toBe('latest');
  });
});
