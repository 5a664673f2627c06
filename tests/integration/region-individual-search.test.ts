import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Region setting individualSearch (issue 13 item 4) set on central with the admin CLI reaches the
 * workstation's individual search after a pull: 'substring' refuses `*`, 'wildcards' reads plain
 * text as a whole number, 'both' takes either.
 */

let central: CentralUnderTest;
let ws: Workstation;
beforeAll(async () => {
  central = await startCentral();
  ws = workstation('region-individual-search', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(ws.backend);
  login(ws.backend, 'U2');
}, 120_000);
afterAll(async () => {
  ws?.cleanup();
  await central?.close();
});

const search = (query: string) => dispatch(ws.backend, 'individual.search', { query, limit: 50 });

describe('individualSearch from the region settings', () => {
  it('substring refuses *, wildcards reads plain text as the whole number, both takes either', async () => {
    const no = ws.backend.context.db.prepare('SELECT individual_no FROM individual WHERE length(individual_no) >= 6 ORDER BY individual_no LIMIT 1').pluck().get() as string;
    const part = no.slice(1, 5);
    const head = no.slice(0, 4);
    // 'both' (default).
    expect(search(`${head}*`)).toMatchObject({ ok: true, value: { match: 'list' } });
    expect(search(part)).toMatchObject({ ok: true });

    await central.admin(['region-setting', 'individualSearch', '"substring"']);
    await settle(ws.backend);
    expect(search(`${head}*`)).toMatchObject({ ok: false, error: { code: 'query-wildcard-not-allowed', message: expect.stringContaining('utan * (stjärna)') } });
    const bySubstring = search(part);
    expect(bySubstring.ok).toBe(true);

    await central.admin(['region-setting', 'individualSearch', '"wildcards"']);
    await settle(ws.backend);
    expect(search(`${head}*`)).toMatchObject({ ok: true, value: { match: 'list' } });
    // A whole number still opens the individual; a part of one finds nothing without *.
    expect(search(no)).toMatchObject({ ok: true, value: { match: 'exact' } });
    const byPart = search(part);
    expect(byPart).toMatchObject({ ok: true, value: { match: 'list', total: 0 } });
  }, 120_000);

  it('jointDeliveryDefault: the new order form starts with samleverans as central set it', async () => {
    const ctx = () => dispatch(ws.backend, 'order.newContext', { recipientId: null });
    expect(ctx()).toMatchObject({ ok: true, value: { jointDeliveryDefault: false } });
    await central.admin(['region-setting', 'jointDeliveryDefault', 'true']);
    await settle(ws.backend);
    expect(ctx()).toMatchObject({ ok: true, value: { jointDeliveryDefault: true } });
    await central.admin(['region-setting', 'jointDeliveryDefault', 'false']);
    await settle(ws.backend);
    expect(ctx()).toMatchObject({ ok: true, value: { jointDeliveryDefault: false } });
  }, 120_000);

  it('careUnitCode: the recipient search and the order form read a care unit by the form central set', async () => {
    const code = ws.backend.context.db.prepare('SELECT care_unit_code FROM recipient WHERE care_unit_code IS NOT NULL ORDER BY care_unit_code LIMIT 1').pluck().get() as string;
    const find = (query: string) => dispatch(ws.backend, 'recipient.search', { query });
    // The default form (4–5 digits): the demo's code is a care unit, VE123 is nothing.
    expect(find(code)).toMatchObject({ ok: true, value: { found: true, kind: 'careUnit' } });
    expect(find('VE123')).toMatchObject({ ok: false, error: { code: 'query-invalid', message: expect.stringContaining('4–5 siffror') } });

    await central.admin(['region-setting', 'careUnitCode', JSON.stringify({ pattern: 'VE\\d{3}', description: 'VE och 3 siffror' })]);
    await settle(ws.backend);
    expect(find('VE123')).toMatchObject({ ok: true, value: { found: false, kind: 'careUnit', value: 'VE123' } });
    expect(find(code)).toMatchObject({ ok: false, error: { message: expect.stringContaining('VE och 3 siffror') } });
    expect(dispatch(ws.backend, 'order.findRecipient', { text: 'VE123' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('vårdenhet med koden VE123') } });

    await central.admin(['region-setting', 'careUnitCode', JSON.stringify({ pattern: '\\d{4,5}', description: '4–5 siffror' })]);
    await settle(ws.backend);
    expect(find(code)).toMatchObject({ ok: true, value: { found: true, kind: 'careUnit' } });
  }, 120_000);

  it('stockListType: the type the stock list starts with reaches the workstation as central set it', async () => {
    const get = () => dispatch(ws.backend, 'regionSettings.get', {});
    expect(get()).toMatchObject({ ok: true, value: { settings: { stockListType: 'all' } } });
    await central.admin(['region-setting', 'stockListType', '"mainAid"']);
    await settle(ws.backend);
    expect(get()).toMatchObject({ ok: true, value: { settings: { stockListType: 'mainAid' } } });
    await central.admin(['region-setting', 'stockListType', '"allt"']).catch(() => undefined);
    await settle(ws.backend);
    expect(get()).toMatchObject({ ok: true, value: { settings: { stockListType: 'mainAid' } } });
  }, 120_000);
});
