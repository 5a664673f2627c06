import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../electron/backend/api/dispatch';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import type { RegionSettingsView } from '../../shared/api/region-settings';
import { DEFAULT_REGION_SETTINGS } from '../../shared/domain/region-settings/settings';
import { batchRegionStore, readRegionSettings } from '../../server/region-settings/settings';
import { regionStoreOf } from '../../electron/backend/region-settings/settings';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 13 item 4 against the real central server: the region's settings are central's
 * (`central region-setting <key> <json>`, validated, audited) and reach the workstation by its
 * next pull; the workstation's cache forgets the old value when the pull brings the row.
 */

let central: CentralUnderTest;
let ws: Workstation;
beforeAll(async () => {
  central = await startCentral();
  ws = workstation('region-settings', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(ws.backend);
  login(ws.backend, 'U3');
}, 120_000);
afterAll(async () => {
  ws?.cleanup();
  await central?.close();
});

const view = (): RegionSettingsView => {
  const r = dispatch(ws.backend, 'regionSettings.get', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as RegionSettingsView;
};

describe('Regionens inställningar synced from central', () => {
  it('a value set on central reaches the workstation after a pull', async () => {
    expect(view().settings).toEqual(DEFAULT_REGION_SETTINGS);
    expect(await central.admin(['region-settings'])).toMatch(/^cancelSameDayOnly = true {2}\(standard/m);
    expect(await central.admin(['region-setting', 'cancelSameDayOnly', 'false'])).toMatch(/^cancelSameDayOnly = false\. Arbetsstationerna/);
    expect(await central.admin(['region-setting', 'storeNumbers', '{"central":"10","purchase":"999","investigation":"800"}'])).toContain('storeNumbers');
    // Not yet pulled: the workstation still has the old value.
    expect(view().settings.cancelSameDayOnly).toBe(true);
    await settle(ws.backend);
    const after = view();
    expect(after.settings.cancelSameDayOnly).toBe(false);
    expect(after.settings.storeNumbers).toEqual({ central: '10', purchase: '999', investigation: '800' });
    expect(after.problems).toEqual([]);
    expect(after.stored).toContain('cancelSameDayOnly');
    // Central's own rules read the same value in a transaction.
    const db = { query: async (text: string, params?: readonly unknown[]) => ({ rows: await central.query!(text, params ? [...params] : []) }) };
    expect((await readRegionSettings(db as never)).cancelSameDayOnly).toBe(false);
    expect(await central.admin(['region-settings'])).toMatch(/^cancelSameDayOnly = false {2}\(satt, ändrad /m);
    // Audited like other admin writes.
    const audit = await central.query!<{ action: string; entity_id: string }>("SELECT action, entity_id FROM audit_log WHERE action = 'regionSetting.set' ORDER BY chain_seq");
    expect(audit.map((a) => a.entity_id)).toEqual(['cancelSameDayOnly', 'storeNumbers']);
  }, 120_000);

  it('refuses an unknown key or a bad value in Swedish and changes nothing', async () => {
    await expect(central.admin(['region-setting', 'loginMode', '"bankid"'])).rejects.toThrow(/Ogiltigt värde för loginMode.*Inget ändrades/);
    await expect(central.admin(['region-setting', 'loginMode', 'siths'])).rejects.toThrow(/ingen JSON/);
    await expect(central.admin(['region-setting', 'colour', '"red"'])).rejects.toThrow(/Okänd inställning "colour"/);
    await expect(central.admin(['region-setting', 'storeNumbers', '{"central":"1 1","purchase":"801","investigation":"998"}'])).rejects.toThrow(/Ett lagernummer är 1–10/);
    expect(await central.query!('SELECT key FROM region_setting WHERE key = $1', ['colour'])).toEqual([]);
    expect((await central.query!<{ value: unknown }>('SELECT value FROM region_setting WHERE key = $1', ['loginMode']))[0]?.value ?? 'password').toBe('password');
  }, 60_000);

  it('a row the workstation cannot use keeps the default and is reported', async () => {
    // A value central's schema would refuse (written around the command, as an older or newer central might).
    await central.query!(`UPDATE region_setting SET value = '"sometimes"'::jsonb WHERE key = 'returnRekond'`);
    expect(await central.admin(['region-settings'])).toMatch(/^FEL returnRekond: /m);
    await central.admin(['region-setting', 'jointDeliveryDefault', 'true']);
    await settle(ws.backend);
    const v = view();
    expect(v.settings.jointDeliveryDefault).toBe(true);
    // The hand-written row has no change-log entry: the workstation never saw it.
    expect(v.settings.returnRekond).toBe(true);
  }, 60_000);

  it('individualRegistration: store → the store registers a B-aid; central → the workstation refuses, and central refuses what a workstation that had not pulled yet let through', async () => {
    login(ws.backend, 'U2');
    const article = ws.backend.context.db
      .prepare("SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1")
      .pluck()
      .get() as string;
    const register = (no: string) => dispatch(ws.backend, 'individual.register', { articleId: article, individualNo: no, serialNo: null, estimatedAgeYears: 1, text: null });
    const suffix = String(Date.now()).slice(-6);
    // 'store' (the default): registered here and accepted by central.
    expect(register(`RS1${suffix}`)).toMatchObject({ ok: true });
    await settle(ws.backend);
    expect(await central.query!('SELECT individual_no FROM individual WHERE individual_no = $1', [`RS1${suffix}`])).toHaveLength(1);
    // Central changes it; the workstation has not pulled yet: it lets it through, central refuses.
    await central.admin(['region-setting', 'individualRegistration', '"central"']);
    expect(register(`RS2${suffix}`)).toMatchObject({ ok: true });
    await settle(ws.backend);
    expect(await central.query!('SELECT individual_no FROM individual WHERE individual_no = $1', [`RS2${suffix}`])).toEqual([]);
    const conflicts = dispatch(ws.backend, 'sync.conflicts', {});
    expect(conflicts.ok && (conflicts.value as { code: string }[]).some((c) => c.code === 'registration-by-central')).toBe(true);
    expect(ws.backend.context.db.prepare('SELECT count(*) FROM individual WHERE individual_no = ?').pluck().get(`RS2${suffix}`)).toBe(0);
    // Pulled: the workstation refuses by itself, in Swedish.
    expect(view().settings.individualRegistration).toBe('central');
    expect(register(`RS3${suffix}`)).toMatchObject({ ok: false, error: { code: 'registration-by-central', message: expect.stringContaining('registrerar hjälpmedelscentralen alla nya individer') } });
    await central.admin(['region-setting', 'individualRegistration', '"store"']);
    await settle(ws.backend);
    expect(register(`RS4${suffix}`)).toMatchObject({ ok: true });
  }, 120_000);

  it('storeNumbers: the region’s numbers pick the stores on both sides; a number missing from the store table falls back to the kind and is reported', async () => {
    const centralStore = async (role: 'central' | 'purchase' | 'investigation') =>
      batchRegionStore({ tx: { query: async (text: string, params?: readonly unknown[]) => ({ rows: await central.query!(text, params ? [...params] : []) }) } as never, cache: new Map() }, role);
    await central.admin(['region-setting', 'storeNumbers', '{"central":"10","purchase":"800","investigation":"999"}']);
    await settle(ws.backend);
    expect(regionStoreOf(ws.backend.context.db, 'investigation')).toBe('999');
    expect(await centralStore('investigation')).toBe('999');
    // Another existing store as the investigation store: both sides use it.
    await central.admin(['region-setting', 'storeNumbers', '{"central":"10","purchase":"800","investigation":"800"}']);
    await settle(ws.backend);
    expect(regionStoreOf(ws.backend.context.db, 'investigation')).toBe('800');
    expect(await centralStore('investigation')).toBe('800');
    expect(view().problems).toEqual([]);
    // A number the store table lacks: the store of that kind, and a problem on both sides.
    await central.admin(['region-setting', 'storeNumbers', '{"central":"10","purchase":"800","investigation":"997"}']);
    await settle(ws.backend);
    expect(regionStoreOf(ws.backend.context.db, 'investigation')).toBe('999');
    expect(await centralStore('investigation')).toBe('999');
    expect(view().problems).toEqual([{ key: 'storeNumbers', message: 'Lager 997 (utredningslagret) finns inte i lagerregistret; lager 999 används.' }]);
    expect(await central.admin(['region-settings'])).toContain('FEL storeNumbers: Lager 997 (utredningslagret) finns inte i lagerregistret; lager 999 används.');
    await central.admin(['region-setting', 'storeNumbers', '{"central":"10","purchase":"800","investigation":"999"}']);
    await settle(ws.backend);
  }, 120_000);

  it('loginMode: in a SITHS region central refuses a password and the workstation asks for the card and takes no kept password; back to password, both take it', async () => {
    const screenMethod = () => {
      const r = dispatch(ws.backend, 'session.screen', {});
      return r.ok ? (r.value as { method: string }).method : r.error.message;
    };
    dispatch(ws.backend, 'session.logout', {});
    expect(screenMethod()).toBe('password');
    expect((await dispatchAsync(ws.backend, 'session.loginOnline', { userId: 'U2', secret: DEMO_PASSWORD })).ok).toBe(true);
    dispatch(ws.backend, 'session.logout', {});

    await central.admin(['region-setting', 'loginMode', '"siths"']);
    // Not pulled yet: the workstation still offers the password, central refuses it.
    expect(await dispatchAsync(ws.backend, 'session.loginOnline', { userId: 'U2', secret: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'wrong-login-method', message: expect.stringContaining('loggar in med SITHS-kort') },
    });
    expect(await central.query!("SELECT count(*)::int AS n FROM audit_log WHERE action = 'login.refused' AND details->>'code' = 'wrong-login-method'")).toEqual([{ n: 1 }]);
    await settle(ws.backend);
    expect(screenMethod()).toBe('siths');
    // The password the workstation kept from before opens nothing offline either.
    expect(dispatch(ws.backend, 'session.login', { userId: 'U2', secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'wrong-login-method' } });

    await central.admin(['region-setting', 'loginMode', '"password"']);
    await settle(ws.backend);
    expect(screenMethod()).toBe('password');
    expect(dispatch(ws.backend, 'session.login', { userId: 'U2', secret: DEMO_PASSWORD })).toMatchObject({ ok: true });
    expect((await dispatchAsync(ws.backend, 'session.loginOnline', { userId: 'U2', secret: DEMO_PASSWORD })).ok).toBe(true);
    dispatch(ws.backend, 'session.logout', {});
    login(ws.backend, 'U3');
  }, 120_000);
});
