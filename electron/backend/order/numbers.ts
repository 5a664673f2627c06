import { randomUUID } from 'node:crypto';
import { provisionalOrderNo } from '../../../shared/domain/order/rules';
import type { BackendContext } from '../backend';
import { getSetting, setSetting } from '../db/settings';

/** The counter of provisional order numbers and this workstation's tag in them (replica-local). */
export function provisionalNumbers(ctx: BackendContext) {
  const counter = ctx.db.prepare<[], { value: number }>("SELECT value FROM local_counter WHERE name = 'provisionalOrderNo'");
  const bump = ctx.db.prepare<[number]>(
    "INSERT INTO local_counter (name, value) VALUES ('provisionalOrderNo', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
  );
  const tag = (): string => {
    let t = getSetting(ctx.db, 'workstationTag');
    if (t === null) {
      t = randomUUID().replace(/-/g, '').slice(0, 4).toUpperCase();
      setSetting(ctx.db, 'workstationTag', t);
    }
    return t;
  };
  return {
    /** The next `n` numbers, and the write that takes them (run inside the orders' transaction). */
    take(n: number): { numbers: string[]; commit: () => void } {
      const last = counter.get()?.value ?? 0;
      const t = tag();
      return { numbers: Array.from({ length: n }, (_, i) => provisionalOrderNo(ctx.ownStoreId, t, last + i + 1)), commit: () => bump.run(last + n) };
    },
  };
}

