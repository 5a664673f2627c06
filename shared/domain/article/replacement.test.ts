import { describe, expect, it } from 'vitest';
import { rankReplacements, statusRule, type ReplacementMember } from './replacement';

const member = (articleNo: string, rank: number, ownAvailable: number, extra: Partial<ReplacementMember> = {}): ReplacementMember => ({
  articleId: `A${articleNo}`,
  articleNo,
  articleStatus: 'active',
  rank,
  ownAvailable,
  centralAvailable: null,
  ...extra,
});

describe('ersättningslogistik: ranked equivalents with stock are proposed (manual 003)', () => {
  it('the ordered article without stock: the best-ranked member with enough available is suggested', () => {
    const ordered = member('37121', 1, 0);
    const members = [ordered, member('46948', 3, 5), member('43027', 2, 2), member('50000', 4, 9)];
    const d = rankReplacements({ ordered, members, quantity: 2, source: 'own' });
    expect(d.needed).toBe(true);
    expect(d.why).toBe('Artikel 37121 har 0 tillgängliga i eget lager, 2 behövs.');
    expect(d.candidates.map((c) => c.member.articleNo)).toEqual(['43027', '46948', '50000']);
    expect(d.suggestedArticleId).toBe('A43027');
    expect(d.candidates.filter((c) => c.suggested).map((c) => c.member.articleNo)).toEqual(['43027']);
  });

  it('a gone member is never proposed, nor one with too little available', () => {
    const ordered = member('37121', 1, 0);
    const members = [ordered, member('43027', 2, 10, { articleStatus: 'gone' }), member('46948', 3, 1), member('50000', 4, 3)];
    const d = rankReplacements({ ordered, members, quantity: 2, source: 'own' });
    expect(d.candidates.map((c) => [c.member.articleNo, c.proposable, c.reason])).toEqual([
      ['43027', false, 'Utgången: kan inte beställas.'],
      ['46948', false, '1 tillgängliga i eget lager, 2 behövs.'],
      ['50000', true, null],
    ]);
    expect(d.suggestedArticleId).toBe('A50000');
  });

  it('an utgående member with stock is proposed (used up first when the region ranks it first)', () => {
    const ordered = member('20000', 2, 0);
    const d = rankReplacements({ ordered, members: [ordered, member('18387', 1, 4, { articleStatus: 'phasingOut' })], quantity: 1, source: 'own' });
    expect(d.suggestedArticleId).toBe('A18387');
  });

  it('no replacement is needed when the ordered article has enough; the others are listed, none suggested', () => {
    const ordered = member('37121', 1, 3);
    const d = rankReplacements({ ordered, members: [ordered, member('43027', 2, 5)], quantity: 3, source: 'own' });
    expect(d.needed).toBe(false);
    expect(d.why).toBeNull();
    expect(d.suggestedArticleId).toBeNull();
    expect(d.candidates[0]!.proposable).toBe(true);
  });

  it('from the central store its availability counts; an unknown central balance counts as none', () => {
    const ordered = member('37121', 1, 9, { centralAvailable: 0 });
    const members = [ordered, member('43027', 2, 9), member('46948', 3, 0, { centralAvailable: 4 })];
    const d = rankReplacements({ ordered, members, quantity: 1, source: 'central' });
    expect(d.why).toBe('Artikel 37121 har 0 tillgängliga i centrallagret, 1 behövs.');
    expect(d.suggestedArticleId).toBe('A46948');
  });

  it('an utgången ordered article always needs a replacement', () => {
    const ordered = member('37121', 1, 5, { articleStatus: 'gone' });
    const d = rankReplacements({ ordered, members: [ordered, member('43027', 2, 5)], quantity: 1, source: 'own' });
    expect(d.needed).toBe(true);
    expect(d.why).toBe('Artikel 37121 är utgången och kan inte beställas.');
    expect(d.suggestedArticleId).toBe('A43027');
  });
});

describe('article status rules', () => {
  it('utgången cannot be ordered, utgående only from stock, i sortiment freely', () => {
    expect(statusRule('gone')).toMatchObject({ orderable: false });
    expect(statusRule('phasingOut')).toMatchObject({ orderable: true, onlyFromStock: true });
    expect(statusRule('active')).toEqual({ orderable: true, onlyFromStock: false, message: null });
  });
});
