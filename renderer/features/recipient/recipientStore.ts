import { createStore } from 'zustand/vanilla';
import type { ActivityRow } from '../../../shared/api/activity';
import type { AidRow, CfrLookupResult, RecipientCard, RecipientOrderRow } from '../../../shared/api/recipient';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { Saved } from '../../../shared/api/schemas';
import { parseWith } from '../../../shared/api/validate';
import type { Transport } from '../../../shared/api/transport';
import type { ArticleType } from '../../../shared/domain/model';
import type { AppError, Result } from '../../../shared/result';
import type { RecipientTab } from '../../app/router';

/** A search that found nobody in the replica: what was looked for, and what to say. */
export interface NotFound {
  kind: 'personalNumber' | 'careUnit';
  value: string;
  message: string;
}

export interface AidFilter {
  isoCode: string;
  articleType: ArticleType | null;
}

export interface RecipientState {
  queryInput: string;
  /** A refusal under the search field (invalid personnummer…): nothing was looked up. */
  message: string | null;
  searching: boolean;
  notFound: NotFound | null;

  cardId: string | null;
  card: RecipientCard | null;
  cardError: AppError | null;
  loading: boolean;
  /** The open tab's rows (aids tabs) or the recipient's orders (Beställt). */
  aids: AidRow[] | null;
  orders: RecipientOrderRow[] | null;
  /** Aktiviteter: the recipient's activities, newest first. */
  activities: ActivityRow[] | null;
  tabError: string | null;
  filter: AidFilter;

  setQueryInput(value: string): void;
  /** Runs the search; resolves to the recipient to open, or null (message / not found shown). */
  search(text?: string): Promise<string | null>;
  loadCard(id: string): Promise<void>;
  loadTab(id: string, tab: RecipientTab): Promise<void>;
  setFilter(filter: Partial<AidFilter>): void;

  /** The population register (CFR): the last look-up's answer, or why there is none. */
  cfr: CfrLookupResult | null;
  cfrError: string | null;
  cfrLoading: boolean;
  lookUpRegister(personalNumber: string): Promise<void>;
  /** Takes the person just found into the store; resolves to the new recipient's id. */
  adopt(personalNumber: string): Promise<Result<Saved>>;
  /** Saves the card's editable fields (validated with the contract's schema first). */
  updateContact(args: HandlerArgs<'recipient.updateContact'>): Promise<Result<Saved>>;
}

export type RecipientStore = ReturnType<typeof createRecipientStore>;

export function createRecipientStore(transport: Transport, onError: (error: AppError) => void) {
  let tabSeq = 0;
  let cardSeq = 0;
  const store = createStore<RecipientState>()((set, get) => ({
    queryInput: '',
    message: null,
    searching: false,
    notFound: null,
    cardId: null,
    card: null,
    cardError: null,
    loading: false,
    aids: null,
    orders: null,
    activities: null,
    tabError: null,
    filter: { isoCode: '', articleType: null },

    setQueryInput: (value) => set({ queryInput: value, message: null }),

    async search(text) {
      const query = text ?? get().queryInput;
      if (text !== undefined) set({ queryInput: text });
      set({ searching: true, message: null, notFound: null, cfr: null, cfrError: null });
      const result = await transport.invoke('recipient.search', { query });
      set({ searching: false });
      if (!result.ok) {
        set({ message: result.error.message });
        return null;
      }
      if (result.value.found) return result.value.recipientId;
      set({ notFound: { kind: result.value.kind, value: result.value.value, message: result.value.message } });
      return null;
    },

    async loadCard(id) {
      const seq = ++cardSeq;
      if (get().cardId !== id) set({ card: null, aids: null, orders: null, filter: { isoCode: '', articleType: null } });
      set({ cardId: id, loading: true, cardError: null });
      const result = await transport.invoke('recipient.get', { id });
      if (seq !== cardSeq) return;
      if (result.ok) set({ card: result.value, loading: false });
      else {
        set({ card: null, cardError: result.error, loading: false });
        if (result.error.code !== 'not-found') onError(result.error);
      }
    },

    async loadTab(id, tab) {
      const seq = ++tabSeq;
      set({ tabError: null });
      if (tab === 'ordered') {
        const result = await transport.invoke('recipient.orders', { recipientId: id });
        if (seq !== tabSeq) return;
        if (result.ok) set({ orders: result.value, aids: null });
        else set({ tabError: result.error.message });
        return;
      }
      if (tab === 'activities') {
        const result = await transport.invoke('activity.forRecipient', { recipientId: id });
        if (seq !== tabSeq) return;
        if (result.ok) set({ activities: result.value, aids: null });
        else set({ tabError: result.error.message });
        return;
      }
      // Avvikelser: the tab's own list (features/deviation) loads itself.
      if (tab === 'deviations') {
        set({ aids: null, orders: null });
        return;
      }
      const { isoCode, articleType } = get().filter;
      const result = await transport.invoke('recipient.aids', { recipientId: id, tab, isoCode, articleType });
      if (seq !== tabSeq) return;
      if (result.ok) set({ aids: result.value, orders: null });
      else set({ tabError: result.error.message, aids: [] });
    },

    setFilter: (filter) => set({ filter: { ...get().filter, ...filter } }),

    cfr: null,
    cfrError: null,
    cfrLoading: false,
    async lookUpRegister(personalNumber) {
      set({ cfrLoading: true, cfr: null, cfrError: null });
      const result = await transport.invoke('recipient.cfrLookup', { personalNumber });
      set({ cfrLoading: false, ...(result.ok ? { cfr: result.value } : { cfrError: result.error.message }) });
    },
    async adopt(personalNumber) {
      const result = await transport.invoke('recipient.adopt', { personalNumber });
      if (result.ok) set({ cfr: null, notFound: null, queryInput: '' });
      else set({ cfrError: result.error.message });
      return result;
    },
    async updateContact(args) {
      const valid = parseWith(contract['recipient.updateContact'].input, args);
      if (!valid.ok) return valid;
      const result = await transport.invoke('recipient.updateContact', args);
      if (result.ok) void get().loadCard(args.recipientId);
      else onError(result.error);
      return result;
    },
  }));
  return store;
}
