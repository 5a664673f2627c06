import { createStore } from 'zustand/vanilla';
import type { ArticleComponentView, ReplacementsView } from '../../../shared/api/article';
import type { IssueView, NewOrderContext, OrderLineLookup, OrderRecipient, PlacedOrder, WaitingOrder } from '../../../shared/api/recipient-order';
import type { PdfDocument } from '../../../shared/api/documents';
import type { Transport } from '../../../shared/api/transport';
import { emptyHeader, isDirectOrder, isPrescription, PAYER_ID, type OrderHeader, type RecipientOrderKind } from '../../../shared/domain/order/recipient-orders';
import { err, ok, type AppError, type Result } from '../../../shared/result';

/** One line of the order being made: an article, and for a tracked article from the own store the scanned individual. */
export interface NewOrderLine {
  key: number;
  article: OrderLineLookup['article'];
  individual: OrderLineLookup['individual'];
  quantity: number;
  /** Empty: the service point's payer. */
  payerId: string;
  text: string;
  /** The article first asked for, when this line is its replacement. */
  replacesArticleId: string | null;
}

export interface NewOrderState {
  context: NewOrderContext | null;
  contextError: AppError | null;
  recipient: OrderRecipient | null;
  recipientError: AppError | null;
  kind: RecipientOrderKind;
  servicePointId: string | null;
  lines: NewOrderLine[];
  header: OrderHeader;
  /** Replacement logistics: the line's article lacks stock; ranked equivalents with stock to choose from. */
  proposal: { key: number | null; view: ReplacementsView } | null;
  /** The individmall of the main aid just added: components to add with it. */
  components: { articleNo: string; list: ArticleComponentView[] } | null;
  /** The last scan or typed code: added, or why not. */
  feedback: { tone: 'ok' | 'refused'; message: string } | null;
  placing: boolean;
  placeError: AppError | null;
  placed: PlacedOrder | null;
  open(recipientId: string | null): Promise<void>;
  findRecipient(text: string): Promise<Result<OrderRecipient>>;
  setKind(kind: RecipientOrderKind): void;
  setServicePoint(id: string): void;
  addCode(code: string, options?: { fromComponents?: boolean }): Promise<Result<OrderLineLookup>>;
  updateLine(key: number, patch: Partial<Pick<NewOrderLine, 'quantity' | 'payerId' | 'text'>>): void;
  removeLine(key: number): void;
  /** Takes the chosen equivalent instead of the line's article (the line remembers what it replaces). */
  acceptReplacement(articleNo: string): Promise<Result<OrderLineLookup>>;
  dismissProposal(): void;
  addComponents(articleNos: string[]): Promise<void>;
  /**
   * Beställning efter beställningsmall (manual 001): the ticked template lines, with their
   * quantities, become order lines. A tracked article from the central store is one line per
   * individual; from the own store its individuals are scanned (the line says so).
   */
  applyTemplate(name: string, chosen: { articleNo: string; quantity: number }[]): Promise<{ added: number; refused: string[] }>;
  dismissComponents(): void;
  setHeader(patch: Partial<OrderHeader>): void;
  place(): Promise<Result<PlacedOrder>>;
  reset(): void;
}

/** The kinds this recipient can get: förskrivning to patients (prescribers), beställning to care units. */
export function kindsFor(recipient: OrderRecipient | null, mayPrescribe: boolean): RecipientOrderKind[] {
  if (!recipient) return [];
  if (recipient.kind === 'careUnit') return ['directCareUnitOrder', 'careUnitOrder'];
  return mayPrescribe ? ['directPrescription', 'prescription'] : [];
}

/** What stops the order from being saved (null: it can be). */
export function placeBlocker(s: Pick<NewOrderState, 'recipient' | 'servicePointId' | 'lines' | 'header' | 'kind'>): string | null {
  if (!s.recipient) return 'Sök fram mottagaren först.';
  if (!s.servicePointId) return 'Du har inget tjänsteställe i det här lagret.';
  if (s.lines.length === 0) return 'Lägg till minst en rad: skanna eller skriv ett artikel- eller individnummer.';
  const badPayer = s.lines.find((l) => l.payerId.trim() !== '' && !PAYER_ID.test(l.payerId.trim()));
  if (badPayer) return `Betalaren på raden ${badPayer.article.articleNo} ska vara 5 siffror.`;
  if (s.header.manual && !s.header.manualComment?.trim()) return 'En MANUELL order måste ha en kommentar.';
  return null;
}

const headerFor = (recipient: OrderRecipient | null, jointDefault: boolean): OrderHeader => ({
  ...emptyHeader(),
  jointDelivery: jointDefault,
  contactPrescriber: recipient?.contactPrescriber ?? false,
  phone: recipient?.phone ?? null,
  doorCode: recipient?.doorCode ?? null,
  instructions: recipient?.deliveryInstructions ?? null,
});

export function createNewOrderStore(transport: Transport, onError: (error: AppError) => void) {
  let key = 0;
  const initial = {
    context: null,
    contextError: null,
    recipient: null,
    recipientError: null,
    kind: 'directPrescription' as RecipientOrderKind,
    servicePointId: null,
    lines: [],
    header: emptyHeader(),
    feedback: null,
    placing: false,
    placeError: null,
    placed: null,
    proposal: null,
    components: null,
  };
  const store = createStore<NewOrderState>()((set, get) => {
    const chooseRecipient = (recipient: OrderRecipient | null) => {
      const ctx = get().context;
      const kinds = kindsFor(recipient, ctx?.mayPrescribe ?? false);
      set({ recipient, recipientError: null, kind: kinds[0] ?? (recipient?.kind === 'careUnit' ? 'directCareUnitOrder' : 'directPrescription'), lines: [], header: headerFor(recipient, ctx?.jointDeliveryDefault ?? false), placed: null, placeError: null, feedback: null, proposal: null, components: null });
    };
    // Replacement logistics: too little available where the order draws from → ranked equivalents.
    const checkArticle = async (k: number | null, articleId: string, quantity: number) => {
      const r = await transport.invoke('article.replacements', { articleId, quantity, source: isDirectOrder(get().kind) ? 'own' : 'central' });
      if (!r.ok) return;
      if (r.value.needed) set({ proposal: { key: k, view: r.value } });
      else if (get().proposal?.key === k) set({ proposal: null });
    };
    const checkStock = async (k: number) => {
      const line = get().lines.find((l) => l.key === k);
      if (!line || line.individual) return;
      await checkArticle(k, line.article.articleId, line.quantity);
    };
    // The individmall: the standard components of a main aid are proposed with it.
    const proposeComponents = async (articleNo: string) => {
      const r = await transport.invoke('article.get', { articleNo });
      if (!r.ok) return;
      const list = r.value.components.filter((c) => c.articleStatus !== 'gone');
      set({ components: list.length > 0 ? { articleNo, list } : null });
    };
    return {
      ...initial,
      async open(recipientId) {
        try {
          const r = await transport.invoke('order.newContext', { recipientId });
          if (!r.ok) return set({ contextError: r.error });
          set({ context: r.value, contextError: null, servicePointId: r.value.servicePoints[0]?.id ?? null });
          if (r.value.recipient || recipientId === null) chooseRecipient(r.value.recipient ?? get().recipient);
        } catch (e) {
          onError({ code: 'transport', message: e instanceof Error ? e.message : String(e) });
        }
      },
      async findRecipient(text) {
        const r = await transport.invoke('order.findRecipient', { text });
        if (!r.ok) {
          set({ recipientError: r.error });
          return r;
        }
        chooseRecipient(r.value);
        return r;
      },
      setKind(kind) {
        // Lines of a direct order carry individuals; from the central store they do not: start over.
        const switching = isDirectOrder(kind) !== isDirectOrder(get().kind);
        set({ kind, ...(switching ? { lines: [] } : {}), placeError: null });
      },
      setServicePoint(id) {
        set({ servicePointId: id });
      },
      async addCode(code, options = {}) {
        const r = await transport.invoke('order.lineLookup', { code, kind: get().kind });
        if (!r.ok) {
          set({ feedback: { tone: 'refused', message: r.error.message } });
          // A tracked article the own store lacks: its equivalents that the store has.
          const articleId = r.error.details?.articleId;
          if (r.error.code === 'individual-missing' && typeof articleId === 'string') await checkArticle(null, articleId, 1);
          return r;
        }
        const { article, individual } = r.value;
        if (individual && get().lines.some((l) => l.individual?.id === individual.id)) {
          const e = err('already-on-order', `Individ ${individual.individualNo} står redan på ordern.`);
          set({ feedback: { tone: 'refused', message: e.error.message } });
          return e;
        }
        const same = !article.trackedIndividually ? get().lines.find((l) => l.article.articleId === article.articleId) : undefined;
        if (same) {
          set({ lines: get().lines.map((l) => (l === same ? { ...l, quantity: l.quantity + 1 } : l)) });
        } else {
          set({ lines: [...get().lines, { key: ++key, article, individual, quantity: 1, payerId: '', text: '', replacesArticleId: null }] });
        }
        const what = individual ? `individ ${individual.individualNo}` : `${article.articleNo} ${article.name}`;
        set({ feedback: { tone: 'ok', message: `Lade till ${what}.${article.warning ? ` ${article.warning}` : ''}` }, placeError: null });
        const line = get().lines.find((l) => l.article.articleId === article.articleId && (individual ? l.individual?.id === individual.id : true));
        if (line && !individual) await checkStock(line.key);
        if (!options.fromComponents) await proposeComponents(article.articleNo);
        return r;
      },
      updateLine(k, patch) {
        set({ lines: get().lines.map((l) => (l.key === k ? { ...l, ...patch } : l)) });
        if (patch.quantity !== undefined) void checkStock(k);
      },
      async acceptReplacement(articleNo) {
        const proposal = get().proposal;
        if (!proposal) return err('no-proposal', 'Inget förslag.');
        const r = await transport.invoke('order.lineLookup', { code: articleNo, kind: get().kind, pickIndividual: true });
        if (!r.ok) {
          set({ feedback: { tone: 'refused', message: r.error.message } });
          return r;
        }
        const replaced = proposal.view.article;
        const { article, individual } = r.value;
        set({
          lines:
            proposal.key === null
              ? [...get().lines, { key: ++key, article, individual, quantity: 1, payerId: '', text: '', replacesArticleId: replaced.articleId }]
              : get().lines.map((l) => (l.key === proposal.key ? { ...l, article, individual, replacesArticleId: l.replacesArticleId ?? l.article.articleId } : l)),
          proposal: null,
          feedback: {
            tone: 'ok',
            message: `${article.articleNo} ${article.name}${individual ? ` (individ ${individual.individualNo}${individual.location ? `, ${individual.location}` : ''})` : ''} ersätter ${replaced.articleNo}.`,
          },
        });
        return r;
      },
      dismissProposal() {
        set({ proposal: null });
      },
      async addComponents(articleNos) {
        set({ components: null });
        for (const no of articleNos) await get().addCode(no, { fromComponents: true });
      },
      dismissComponents() {
        set({ components: null });
      },
      async applyTemplate(name, chosen) {
        const refused: string[] = [];
        let added = 0;
        const touched: number[] = [];
        for (const { articleNo, quantity } of chosen) {
          if (!Number.isInteger(quantity) || quantity < 1) {
            refused.push(`${articleNo}: antalet ska vara ett heltal, minst 1.`);
            continue;
          }
          const r = await transport.invoke('order.lineLookup', { code: articleNo, kind: get().kind });
          if (!r.ok) {
            refused.push(r.error.message);
            continue;
          }
          const { article } = r.value;
          if (article.trackedIndividually) {
            const fresh = Array.from({ length: quantity }, () => ({ key: ++key, article, individual: null, quantity: 1, payerId: '', text: '', replacesArticleId: null }));
            set({ lines: [...get().lines, ...fresh] });
          } else {
            const same = get().lines.find((l) => l.article.articleId === article.articleId && !l.individual);
            if (same) {
              set({ lines: get().lines.map((l) => (l === same ? { ...l, quantity: l.quantity + quantity } : l)) });
              touched.push(same.key);
            } else {
              const line = { key: ++key, article, individual: null, quantity, payerId: '', text: '', replacesArticleId: null };
              set({ lines: [...get().lines, line] });
              touched.push(line.key);
            }
          }
          added++;
        }
        const summary = `Från mallen ${name}: ${added} av ${chosen.length} ${chosen.length === 1 ? 'artikel tillagd' : 'artiklar tillagda'}.`;
        set({ feedback: { tone: refused.length > 0 ? 'refused' : 'ok', message: [summary, ...refused].join(' ') }, placeError: null });
        // Replacement logistics for what the sending store lacks (the last short line is proposed).
        for (const k of touched) await checkStock(k);
        return { added, refused };
      },
      removeLine(k) {
        set({ lines: get().lines.filter((l) => l.key !== k) });
      },
      setHeader(patch) {
        set({ header: { ...get().header, ...patch } });
      },
      async place() {
        const s = get();
        const blocked = placeBlocker(s);
        if (blocked) {
          const e = err('incomplete', blocked);
          set({ placeError: e.error });
          return e;
        }
        set({ placing: true, placeError: null });
        try {
          const clean = (t: string | null) => (t && t.trim() !== '' ? t.trim() : null);
          const h = s.header;
          const r = await transport.invoke('order.place', {
            kind: s.kind,
            recipientId: s.recipient!.id,
            servicePointId: s.servicePointId!,
            header: {
              ...h,
              phone: clean(h.phone),
              doorCode: clean(h.doorCode),
              instructions: clean(h.instructions),
              contactPerson: clean(h.contactPerson),
              otherInformation: clean(h.otherInformation),
              manualComment: h.manual ? clean(h.manualComment) : null,
            },
            lines: s.lines.map((l) => ({
              articleId: l.article.articleId,
              quantity: l.quantity,
              individualId: l.individual?.id ?? null,
              payerId: l.payerId.trim() === '' ? null : l.payerId.trim(),
              text: clean(l.text),
              replacesArticleId: l.replacesArticleId,
            })),
          });
          if (!r.ok) {
            set({ placing: false, placeError: r.error });
            return r;
          }
          // The placed order's proposals (individmall, replacement) go with it: the next order starts clean.
          set({ placing: false, placed: r.value, lines: [], proposal: null, components: null });
          return r;
        } catch (e) {
          set({ placing: false });
          onError({ code: 'transport', message: e instanceof Error ? e.message : String(e) });
          return err('transport', 'Kunde inte spara ordern.');
        }
      },
      reset() {
        set({ ...initial });
      },
    };
  });
  return store;
}
export type NewOrderStore = ReturnType<typeof createNewOrderStore>;

/* ---------- utleverans ---------- */

export interface IssueState {
  orderId: string | null;
  view: IssueView | null;
  error: AppError | null;
  /** Units picked per line number (scanned, or confirmed by hand for untracked lines). */
  picked: Record<number, number>;
  feedback: { tone: 'ok' | 'refused' | 'attention'; message: string } | null;
  issuing: boolean;
  issueError: AppError | null;
  /** The last utleverans: how many lines went out, how many still wait (0: the order is out). */
  issued: { count: number; left: number } | null;
  open(orderId: string): Promise<void>;
  scan(code: string): { tone: 'ok' | 'refused' | 'attention'; message: string } | null;
  setPicked(lineNo: number, quantity: number): void;
  pickList(): Promise<Result<PdfDocument>>;
  issue(): Promise<Result<unknown>>;
}

/** Lines still to be handed out (not issued, not cancelled). */
export const openLines = (view: IssueView | null) => (view ? view.lines.filter((l) => l.status === 'registered') : []);
/** Open lines picked whole: what "Utleverera" hands out now (the rest may follow later). */
export const pickedLines = (view: IssueView | null, picked: Record<number, number>) => openLines(view).filter((l) => (picked[l.lineNo] ?? 0) === l.quantity);
export const allPicked = (view: IssueView | null, picked: Record<number, number>): boolean =>
  view !== null && openLines(view).length > 0 && pickedLines(view, picked).length === openLines(view).length;

export function createIssueStore(transport: Transport, onError: (error: AppError) => void) {
  return createStore<IssueState>()((set, get) => ({
    orderId: null,
    view: null,
    error: null,
    picked: {},
    feedback: null,
    issuing: false,
    issueError: null,
    issued: null,
    async open(orderId) {
      if (get().orderId !== orderId) set({ orderId, view: null, error: null, picked: {}, feedback: null, issueError: null, issued: null });
      try {
        const r = await transport.invoke('order.issueView', { orderId });
        if (get().orderId !== orderId) return;
        set(r.ok ? { view: r.value, error: null } : { error: r.error });
      } catch (e) {
        onError({ code: 'transport', message: e instanceof Error ? e.message : String(e) });
      }
    },
    scan(code) {
      const view = get().view;
      if (!view || !view.direct || view.status === 'shipped') return null;
      const c = code.trim();
      const byIndividual = view.lines.find((l) => l.individualNo === c);
      const line = byIndividual ?? view.lines.find((l) => !l.tracked && l.articleNo === c);
      let fb: IssueState['feedback'];
      if (!line) {
        const trackedArticle = view.lines.find((l) => l.tracked && l.articleNo === c);
        fb = trackedArticle
          ? { tone: 'refused', message: `Artikel ${c} följs per individ: skanna individnumret ${trackedArticle.individualNo ?? ''} i stället.` }
          : { tone: 'refused', message: `${c} står inte på ordern.` };
      } else if (line.status !== 'registered') {
        fb = { tone: 'attention', message: `Rad ${line.lineNo} (${line.articleNo}) är redan utlevererad.` };
      } else {
        const have = get().picked[line.lineNo] ?? 0;
        if (have >= line.quantity) fb = { tone: 'attention', message: `Rad ${line.lineNo} är redan plockad (${line.quantity} st).` };
        else {
          set({ picked: { ...get().picked, [line.lineNo]: have + 1 } });
          fb = { tone: 'ok', message: `Rad ${line.lineNo}: ${line.articleNo} ${line.name}${line.individualNo ? `, individ ${line.individualNo}` : ''} plockad (${have + 1} av ${line.quantity}).` };
        }
      }
      set({ feedback: fb });
      return fb;
    },
    setPicked(lineNo, quantity) {
      set({ picked: { ...get().picked, [lineNo]: quantity } });
    },
    async pickList() {
      const id = get().orderId;
      if (!id) return err('no-order', 'Ingen order.');
      const r = await transport.invoke('order.pickList', { orderId: id });
      // The first print makes the order För plock: show it.
      if (r.ok) await get().open(id);
      return r;
    },
    async issue() {
      const view = get().view;
      if (!view) return err('no-order', 'Ingen order.');
      const lines = pickedLines(view, get().picked);
      if (lines.length === 0) {
        const e = err('not-picked', 'Skanna de individer och artiklar som lämnas ut innan utleveransen.');
        set({ issueError: e.error });
        return e;
      }
      set({ issuing: true, issueError: null });
      try {
        const r = await transport.invoke('order.issue', {
          orderId: view.orderId,
          lines: lines.map((l) => ({ lineNo: l.lineNo, individualId: l.individualId, quantity: l.quantity })),
        });
        const left = openLines(view).length - lines.length;
        set({ issuing: false, ...(r.ok ? { issued: { count: lines.length, left } } : { issueError: r.error }) });
        if (r.ok) await get().open(view.orderId);
        return r.ok ? ok(r.value) : r;
      } catch (e) {
        set({ issuing: false });
        onError({ code: 'transport', message: e instanceof Error ? e.message : String(e) });
        return err('transport', 'Kunde inte göra utleveransen.');
      }
    },
  }));
}
export type IssueStore = ReturnType<typeof createIssueStore>;

/** The start page's list of direct orders waiting for their utleverans. */
export async function loadWaiting(transport: Transport): Promise<WaitingOrder[]> {
  const r = await transport.invoke('order.waiting', {});
  return r.ok ? r.value : [];
}

export const kindIsPrescription = isPrescription;
