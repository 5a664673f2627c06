import { describe, expect, it } from 'vitest';
import type { ArticleType } from '../model';
import { articleInScope, describeScope, formatIso, individualInScope, locationIn, parseScope, parseZones, scopesOverlap, StocktakeScope, WHOLE_STORE, zoneOf, type ScopeArticle } from './scope';

const article = (isoCode: string, articleType: ArticleType = 'mainAid', trackedIndividually = false): ScopeArticle => ({ isoCode, articleType, trackedIndividually });
const scope = (over: Partial<StocktakeScope>): StocktakeScope => StocktakeScope.parse({ ...WHOLE_STORE, ...over });

describe('the scope of a stocktake', () => {
  it('the whole store covers every article but service articles', () => {
    for (const t of ['mainAid', 'accessory', 'sparePart', 'setting', 'consumable'] as const) expect(articleInScope(WHOLE_STORE, article('120606', t))).toBe(true);
    expect(articleInScope(WHOLE_STORE, article('120606', 'service'))).toBe(false);
    expect(articleInScope(WHOLE_STORE, article('120606', 'service', true))).toBe(false);
  });

  it('an ISO class covers its sub-classes by prefix, however the code is spaced', () => {
    const s = scope({ isoCodes: ['12 06'] });
    expect(s.isoCodes).toEqual(['1206']);
    expect(articleInScope(s, article('120606'))).toBe(true);
    expect(articleInScope(s, article('12 06 03'))).toBe(true);
    expect(articleInScope(s, article('1206'))).toBe(true);
    expect(articleInScope(s, article('122409'))).toBe(false);
    expect(articleInScope(s, article('091203'))).toBe(false);
    // A two-digit class covers all of it, and several classes add up.
    const two = scope({ isoCodes: ['12', '09'] });
    expect(articleInScope(two, article('122409'))).toBe(true);
    expect(articleInScope(two, article('091203'))).toBe(true);
    expect(articleInScope(two, article('222709'))).toBe(false);
    // Service articles stay out even inside the class.
    expect(articleInScope(s, article('120606', 'service'))).toBe(false);
  });

  it('refuses badly written ISO classes and service as an article type, in Swedish', () => {
    for (const bad of ['1', '123', '12-06', 'ab', '12 06 03 01']) {
      const r = StocktakeScope.safeParse({ ...WHOLE_STORE, isoCodes: [bad] });
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toContain('ISO-klass');
    }
    const service = StocktakeScope.safeParse({ ...WHOLE_STORE, articleTypes: ['service'] });
    expect(service.success).toBe(false);
    expect(service.error?.issues[0]?.message).toBe('Tjänsteartiklar inventeras inte.');
    expect(StocktakeScope.safeParse({ ...WHOLE_STORE, extra: 1 }).success).toBe(false);
    expect(StocktakeScope.safeParse({ ...WHOLE_STORE, isoCodes: Array.from({ length: 101 }, () => '12') }).success).toBe(false);
  });

  it('article types limit the articles', () => {
    const s = scope({ articleTypes: ['accessory', 'sparePart'] });
    expect(articleInScope(s, article('120606', 'accessory'))).toBe(true);
    expect(articleInScope(s, article('120606', 'sparePart'))).toBe(true);
    expect(articleInScope(s, article('120606', 'mainAid'))).toBe(false);
    expect(articleInScope(s, article('120606', 'consumable'))).toBe(false);
    // Types and classes together: both must hold.
    const both = scope({ articleTypes: ['accessory'], isoCodes: ['12'] });
    expect(articleInScope(both, article('120606', 'accessory'))).toBe(true);
    expect(articleInScope(both, article('220606', 'accessory'))).toBe(false);
    expect(articleInScope(both, article('120606', 'mainAid'))).toBe(false);
  });

  it('shelf locations cover the locations they begin (any case, any spacing); they count individuals only', () => {
    const s = scope({ locations: ['Hylla A'] });
    expect(locationIn(s.locations, 'Hylla A3')).toBe(true);
    expect(locationIn(s.locations, 'hylla  a12')).toBe(true);
    expect(locationIn(s.locations, 'Hylla B3')).toBe(false);
    expect(locationIn(s.locations, null)).toBe(false);
    expect(locationIn([], null)).toBe(true);
    expect(individualInScope(s, article('120606', 'mainAid', true), 'Hylla A3')).toBe(true);
    expect(individualInScope(s, article('120606', 'mainAid', true), 'Hylla B3')).toBe(false);
    expect(individualInScope(s, article('120606', 'mainAid', true), null)).toBe(false);
    // Non-tracked articles have no shelf location in the system: not in a location-limited stocktake.
    expect(articleInScope(s, article('120606', 'accessory', false))).toBe(false);
    expect(articleInScope(s, article('120606', 'mainAid', true))).toBe(true);
    expect(individualInScope(WHOLE_STORE, article('120606', 'mainAid', true), null)).toBe(true);
  });

  it('zones: an individual belongs to the first zone that names its location, else to the catch-all zone', () => {
    const zones = parseZones(
      JSON.stringify([
        { id: 'z1', name: 'Rum A', locations: ['Hylla A'] },
        { id: 'z2', name: 'Rum A1', locations: ['Hylla A1'] },
        { id: 'z3', name: 'Resten', locations: [] },
      ]),
    );
    expect(zones).toHaveLength(3);
    expect(zoneOf(zones, 'Hylla A12')).toBe('z1');
    expect(zoneOf(zones, 'Hylla B2')).toBe('z3');
    expect(zoneOf(zones, null)).toBe('z3');
    expect(zoneOf(zones.slice(0, 2), 'Hylla B2')).toBeNull();
    expect(zoneOf([], 'Hylla A1')).toBeNull();
  });

  it('overlap: two stocktakes overlap when they may count a common article or individual', () => {
    const whole = WHOLE_STORE;
    expect(scopesOverlap(whole, scope({ isoCodes: ['12'] }))).toBe(true);
    expect(scopesOverlap(scope({ isoCodes: ['12'] }), scope({ isoCodes: ['1206'] }))).toBe(true);
    expect(scopesOverlap(scope({ isoCodes: ['1206'] }), scope({ isoCodes: ['12'] }))).toBe(true);
    expect(scopesOverlap(scope({ isoCodes: ['1206'] }), scope({ isoCodes: ['1224'] }))).toBe(false);
    expect(scopesOverlap(scope({ articleTypes: ['accessory'] }), scope({ articleTypes: ['sparePart'] }))).toBe(false);
    expect(scopesOverlap(scope({ articleTypes: ['accessory'] }), scope({ articleTypes: ['sparePart', 'accessory'] }))).toBe(true);
    expect(scopesOverlap(scope({ locations: ['Hylla A'] }), scope({ locations: ['hylla a3'] }))).toBe(true);
    expect(scopesOverlap(scope({ locations: ['Hylla A'] }), scope({ locations: ['Hylla B'] }))).toBe(false);
    // A location-limited scope and an article-type scope: any type can be tracked and on the shelf.
    expect(scopesOverlap(scope({ locations: ['Hylla A'] }), scope({ articleTypes: ['consumable'] }))).toBe(true);
    // Disjoint on one dimension is enough.
    expect(scopesOverlap(scope({ isoCodes: ['12'], articleTypes: ['accessory'] }), scope({ isoCodes: ['12'], articleTypes: ['mainAid'] }))).toBe(false);
  });

  it('overlap agrees with the predicates: no article or individual is in two non-overlapping scopes', () => {
    const scopes = [
      WHOLE_STORE,
      scope({ isoCodes: ['12'] }),
      scope({ isoCodes: ['1206'] }),
      scope({ isoCodes: ['22'] }),
      scope({ articleTypes: ['accessory'] }),
      scope({ articleTypes: ['mainAid', 'sparePart'] }),
      scope({ locations: ['Hylla A'] }),
      scope({ locations: ['Hylla A1'] }),
      scope({ locations: ['Hylla B'] }),
      scope({ isoCodes: ['12'], locations: ['Hylla B'] }),
    ];
    const articles = ['120606', '122409', '220601', '091203'].flatMap((iso) =>
      (['mainAid', 'accessory', 'sparePart', 'consumable'] as const).flatMap((t) => [article(iso, t, false), article(iso, t, true)]),
    );
    const locations = ['Hylla A1', 'Hylla A2', 'Hylla B1', 'Hylla C', null];
    for (const a of scopes) {
      for (const b of scopes) {
        if (scopesOverlap(a, b)) continue;
        for (const art of articles) {
          for (const loc of art.trackedIndividually ? locations : [null]) {
            const inA = art.trackedIndividually ? individualInScope(a, art, loc) : articleInScope(a, art);
            const inB = art.trackedIndividually ? individualInScope(b, art, loc) : articleInScope(b, art);
            expect(inA && inB, `${JSON.stringify(a)} / ${JSON.stringify(b)}: ${JSON.stringify(art)} at ${loc}`).toBe(false);
          }
        }
      }
    }
  });

  it('a damaged stored scope reads as the whole store and never throws; words for lists and PDFs', () => {
    expect(parseScope('not json')).toEqual(WHOLE_STORE);
    expect(parseScope('{"isoCodes":["x"],"articleTypes":[],"locations":[]}')).toEqual(WHOLE_STORE);
    expect(parseScope(JSON.stringify(scope({ isoCodes: ['12 06'] })))).toEqual({ isoCodes: ['1206'], articleTypes: [], locations: [] });
    expect(parseZones('[{"id":"bad id"}]')).toEqual([]);
    expect(parseZones('nope')).toEqual([]);
    const name = (t: ArticleType) => ({ accessory: 'Tillbehör', mainAid: 'Huvudhjälpmedel' })[t as 'accessory'] ?? t;
    expect(describeScope(WHOLE_STORE, name)).toBe('Hela lagret');
    expect(describeScope(scope({ isoCodes: ['120603', '22'], articleTypes: ['accessory'], locations: ['Hylla A'] }), name)).toBe('ISO 12 06 03, 22 · Tillbehör · hyllplats Hylla A');
    expect(formatIso('120603')).toBe('12 06 03');
  });
});
