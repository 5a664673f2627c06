import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { CENTRAL_CHAIN, centralChains, verifyCentralChain } from './log';
import { verifyWorkstationAudit, workstationsWithAudit } from './workstation';

/**
 * `npm run central -- verify-audit [klient-id]`: central's own audit chains and each workstation's
 * chain as it arrived. Every break is listed; with breaks the command fails (exit status 1).
 */
export async function verifyAuditCommand(db: Db, clientId?: string): Promise<Result<string>> {
  const lines: string[] = [];
  let broken = 0;
  const chains = clientId ? [clientId] : await centralChains(db);
  for (const chain of chains) {
    const r = await verifyCentralChain(db, chain);
    if (r.count === 0 && r.breaks.length === 0 && clientId) continue;
    const label = chain === CENTRAL_CHAIN ? 'Centralens egen logg' : `Centralens logg för arbetsstation ${chain}`;
    lines.push(r.breaks.length === 0 ? `${label}: ${r.count} poster, kedjan är hel.` : `${label}: ${r.count} poster, ${r.breaks.length} brott:`);
    for (const b of r.breaks) lines.push(`  ${b.message}`);
    broken += r.breaks.length;
  }
  const clients = clientId ? [clientId] : await workstationsWithAudit(db);
  for (const id of clients) {
    const r = await verifyWorkstationAudit(db, id);
    const problems = r.flagged.length + r.stored.length;
    lines.push(
      problems === 0
        ? `Arbetsstation ${id}: ${r.count} poster mottagna (till nr ${r.headSeq}), kedjan är hel.`
        : `Arbetsstation ${id}: ${r.count} poster mottagna (till nr ${r.headSeq}), ${problems} brott:`,
    );
    for (const f of r.flagged) lines.push(`  [${f.kind}, upptäckt ${f.detectedAt}] ${f.message}`);
    for (const s of r.stored) lines.push(`  [${s.kind}, i centralens kopia] ${s.message}`);
    broken += problems;
  }
  if (lines.length === 0) lines.push(clientId ? `Ingen logg från arbetsstation ${clientId} finns hos centralen.` : 'Inga loggar finns ännu.');
  const text = lines.join('\n');
  return broken === 0 ? ok(text) : err('audit-broken', `${text}\n\nGranskningsloggen har ${broken} brott. Utred dem innan loggen används som underlag.`);
}
