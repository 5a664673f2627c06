import type { ArticleStatus } from '../model';

/**
 * Replacement logistics (ersättningslogistik, manual 003; "Utgående produkt som alternativ",
 * manual 001): when the ordered article lacks available stock in the store it is to come from,
 * the other articles of its replacement group (ersättningsgrupp) that have enough are proposed,
 * best rank first; the person chooses. The region ranks the group, so older phasing-out articles
 * that still have stock are ranked first where the region wants them used up.
 */

/** Where the order draws from: the own buffer store, or the central store. */
export type ReplacementSource = 'own' | 'central';

export interface ReplacementMember {
  articleId: string;
  articleNo: string;
  articleStatus: ArticleStatus;
  rank: number;
  /** Available (on hand − reserved) in the own store. */
  ownAvailable: number;
  /** Available in the central store; null when this workstation does not know it. */
  centralAvailable: number | null;
}

export interface RankedReplacement<M extends ReplacementMember> {
  member: M;
  /** May be proposed: not gone, and enough available in the source store. */
  proposable: boolean;
  /** Why not (Swedish, for the person), null when proposable. */
  reason: string | null;
  /** The one proposed in place of the ordered article (the best-ranked proposable one). */
  suggested: boolean;
}

export interface ReplacementDecision<M extends ReplacementMember> {
  /** The ordered article cannot be delivered as it is: it is gone, or has too little available. */
  needed: boolean;
  /** Why it is needed (Swedish), null when not. */
  why: string | null;
  /** The other members of the group, by rank then article number. */
  candidates: RankedReplacement<M>[];
  suggestedArticleId: string | null;
}

/** Whether an article with this status may be ordered anew at all, and under what condition. */
export function statusRule(status: ArticleStatus): { orderable: boolean; onlyFromStock: boolean; message: string | null } {
  switch (status) {
    case 'gone':
      return { orderable: false, onlyFromStock: false, message: 'Artikeln är utgången och kan inte beställas.' };
    case 'phasingOut':
      return { orderable: true, onlyFromStock: true, message: 'Artikeln är utgående: den levereras bara så länge lagersaldo finns.' };
    default:
      return { orderable: true, onlyFromStock: false, message: null };
  }
}

/** Available quantity of a member in the source store (unknown central stock counts as none). */
export const availableIn = (m: Pick<ReplacementMember, 'ownAvailable' | 'centralAvailable'>, source: ReplacementSource): number =>
  source === 'own' ? m.ownAvailable : (m.centralAvailable ?? 0);

const storeName = (source: ReplacementSource) => (source === 'own' ? 'eget lager' : 'centrallagret');

/** Orders the group's members by rank (ties: article number), the ordered article left out. */
export function byRank<M extends ReplacementMember>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => a.rank - b.rank || (a.articleNo < b.articleNo ? -1 : a.articleNo > b.articleNo ? 1 : 0));
}

/**
 * Ranks the replacements of `ordered` for `quantity` from `source`: every other member of its group
 * with whether it may be proposed, and the suggestion (the best-ranked member that may).
 */
export function rankReplacements<M extends ReplacementMember>(input: {
  ordered: M;
  members: readonly M[];
  quantity: number;
  source: ReplacementSource;
}): ReplacementDecision<M> {
  const { ordered, quantity, source } = input;
  const orderedAvailable = availableIn(ordered, source);
  const why =
    ordered.articleStatus === 'gone'
      ? `Artikel ${ordered.articleNo} är utgången och kan inte beställas.`
      : orderedAvailable < quantity
        ? `Artikel ${ordered.articleNo} har ${Math.max(0, orderedAvailable)} tillgängliga i ${storeName(source)}, ${quantity} behövs.`
        : null;
  const needed = why !== null;
  let suggestedArticleId: string | null = null;
  const candidates = byRank(input.members.filter((m) => m.articleId !== ordered.articleId)).map((member): RankedReplacement<M> => {
    const available = availableIn(member, source);
    let reason: string | null = null;
    if (member.articleStatus === 'gone') reason = 'Utgången: kan inte beställas.';
    else if (available < quantity) reason = `${Math.max(0, available)} tillgängliga i ${storeName(source)}, ${quantity} behövs.`;
    const proposable = reason === null;
    const suggested = needed && proposable && suggestedArticleId === null;
    if (suggested) suggestedArticleId = member.articleId;
    return { member, proposable, reason, suggested };
  });
  return { needed, why, candidates, suggestedArticleId };
}
