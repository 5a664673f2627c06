import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { parseWith } from '../../shared/api/validate';
import { placeErrors } from './forms';

const FIELDS = ['articleNo', 'individualNo', 'estimatedAgeYears'] as const;

describe('placing a refusal on a form', () => {
  it('puts the contract schema\'s Swedish issues beside their fields, the first one per field', () => {
    const refused = parseWith(contract['individual.register'].input, { articleId: '', individualNo: '', estimatedAgeYears: 61 });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const placed = placeErrors(refused.error, FIELDS, { paths: { articleId: 'articleNo' } });
    expect(placed.fields).toEqual({
      articleNo: expect.any(String),
      individualNo: 'Ange ett individnummer.',
      estimatedAgeYears: 'Uppskattad ålder får vara högst 60 år.',
    });
    expect(placed.form).toBeNull();
  });

  it('puts a business refusal on the field it concerns, or above the buttons', () => {
    const duplicate = { code: 'duplicate-individual-no', message: 'Individnummer 100000 finns redan. Individnummer är unika.' };
    expect(placeErrors(duplicate, FIELDS, { codes: { 'duplicate-individual-no': 'individualNo' } })).toEqual({
      fields: { individualNo: duplicate.message },
      form: null,
    });
    const forbidden = { code: 'forbidden-role', message: 'Bara lagerpersonal får göra detta.' };
    expect(placeErrors(forbidden, FIELDS)).toEqual({ fields: {}, form: forbidden.message });
  });

  it('issues for fields the form does not have are still said', () => {
    const error = { code: 'invalid-input', message: 'x', details: { issues: [{ path: ['storeId'], message: 'Okänt lager.' }] } };
    expect(placeErrors(error, FIELDS)).toEqual({ fields: {}, form: 'Okänt lager.' });
  });
});
