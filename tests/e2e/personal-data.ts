import { DEMO_REGISTER_EXTRA, demoRegion, USERS } from '../../shared/demo/generator';

/**
 * What may never stand in a log or a support bundle: every personal number (in each written
 * form), name and street address of the demo region both sides seed from, and the staff's names.
 */
export function demoPersonalData(): [kind: string, text: string][] {
  const out: [string, string][] = [];
  const people = [...[...demoRegion().recipients()].filter((r) => r.kind === 'patient'), ...DEMO_REGISTER_EXTRA];
  for (const p of people) {
    const pnr = p.personalNumber;
    if (pnr) {
      // 191212121212, 19121212-1212, 121212-1212, 1212121212
      for (const form of [pnr, `${pnr.slice(0, 8)}-${pnr.slice(8)}`, `${pnr.slice(2, 8)}-${pnr.slice(8)}`, pnr.slice(2)]) out.push(['personnummer', form]);
    }
    out.push(['namn', p.name], ['adress', p.address]);
  }
  for (const u of USERS) out.push(['namn (personal)', u.name]);
  return out;
}

/** The places in `text` where one of `needles` stands (a personal number only as a whole number). */
export function personalDataHits(text: string, needles: [string, string][], where: string): string[] {
  const lines = text.split('\n');
  const hits: string[] = [];
  for (const [kind, needle] of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      // Digits inside a longer number are not that personal number (e.g. a timestamp).
      if (kind === 'personnummer' && (/\d/.test(text[at - 1] ?? '') || /\d/.test(text[at + needle.length] ?? ''))) continue;
      const lineNo = text.slice(0, at).split('\n').length;
      hits.push(`${where}:${lineNo} ${kind} "${needle}": ${lines[lineNo - 1]?.slice(0, 300)}`);
      break;
    }
  }
  return hits;
}
