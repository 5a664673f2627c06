import type { StoreKind } from '../../../shared/domain/model';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { orderArticlesReader } from './facts';
import { recipientOrderLocalMutations } from './recipient-mutations';

interface TemplateVersionRow {
  store_id: string;
  name: string;
  deleted: number;
}

/** The workstation half of the order mutations: replenishment and order templates. */
export function orderLocalMutations(db: Db): LocalMutationGroup<'order'> & LocalMutationGroup<'orderTemplate'> {
  const articles = orderArticlesReader(db);
  const storeKind = db.prepare<[string], { kind: StoreKind }>('SELECT kind FROM store WHERE id = ?');
  const currentTemplate = db.prepare<[string], TemplateVersionRow>(
    'SELECT store_id, name, deleted FROM order_template WHERE template_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1',
  );
  const templateName = (templateId: string) => currentTemplate.get(templateId)?.name ?? 'okänd mall';
  return {
    ...recipientOrderLocalMutations(db),
    'order.replenish': {
      // Central's number and routing come at push: the workstation keeps the provisional number.
      facts: (args) => ({ articles: articles(args.lines.map((l) => l.articleId)), fromStoreKind: storeKind.get(args.fromStoreId)?.kind ?? null, central: null }),
      describe: (args) =>
        `${args.kind === 'stockTransfer' ? 'Lagerflytt' : 'Lagerpåfyllnad'} ${args.provisionalNo} (${args.lines.length} ${args.lines.length === 1 ? 'rad' : 'rader'})`,
    },
    'orderTemplate.save': {
      facts: (args) => {
        const current = currentTemplate.get(args.templateId);
        return { articles: articles(args.lines.map((l) => l.articleId)), existingStoreId: current?.store_id ?? null };
      },
      describe: (args) => `Beställningsmall "${args.name}" sparad (${args.lines.length} rader)`,
    },
    'orderTemplate.delete': {
      facts: (args) => {
        const current = currentTemplate.get(args.templateId);
        return { current: current && current.deleted === 0 ? { storeId: current.store_id, name: current.name } : null };
      },
      describe: (args) => `Beställningsmall "${templateName(args.templateId)}" borttagen`,
    },
  };
}
