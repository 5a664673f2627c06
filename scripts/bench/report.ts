/**
 * docs/benchmarks.md is written by `npm run bench`. A run of some parts (`--only receipt`) must not
 * wipe the figures of the others: the fresh report's sections replace the sections with the same
 * heading, the others stay as they were, and the Targets table keeps every earlier row whose
 * target was not measured again. The run line names the parts of this run and says the rest
 * come from earlier runs.
 */

export interface Report {
  /** Everything before the first "## " heading (title, introduction, run line). */
  head: string[];
  /** Sections in order, keyed by their heading line. */
  sections: { heading: string; lines: string[] }[];
}

export const TARGETS_HEADING = '## Targets';

export function parseReport(text: string): Report {
  const head: string[] = [];
  const sections: Report['sections'] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) sections.push({ heading: line, lines: [] });
    else if (sections.length === 0) head.push(line);
    else sections[sections.length - 1]!.lines.push(line);
  }
  return { head, sections };
}

/** "## Goods receipt (issue 8): 200 000 articles, …" → "## Goods receipt (issue 8)": the sizes may differ between runs. */
const sectionKey = (heading: string): string => heading.split(':')[0]!.trim();
/** A target row's name: its first cell. */
const targetName = (row: string): string | null => (row.startsWith('| ') && !row.startsWith('| Target') && !row.startsWith('|---') ? row.split('|')[1]!.trim() : null);

export function formatReport(report: Report): string {
  return [...report.head, ...report.sections.flatMap((s) => [s.heading, ...s.lines])].join('\n');
}

/** The fresh report merged into the existing one (fresh sections and target rows win). */
export function mergeReport(existing: string, fresh: string): string {
  const old = parseReport(existing);
  const now = parseReport(fresh);
  const sections = old.sections.filter((s) => s.heading !== TARGETS_HEADING);
  for (const section of now.sections) {
    if (section.heading === TARGETS_HEADING) continue;
    const at = sections.findIndex((s) => sectionKey(s.heading) === sectionKey(section.heading));
    if (at >= 0) sections[at] = section;
    else sections.push(section);
  }
  const oldTargets = old.sections.find((s) => s.heading === TARGETS_HEADING)?.lines ?? [];
  const newTargets = now.sections.find((s) => s.heading === TARGETS_HEADING)?.lines ?? [];
  const fresher = new Set(newTargets.map(targetName).filter((n): n is string => n !== null));
  const rows = [...oldTargets.map(targetName).flatMap((n, i) => (n !== null && !fresher.has(n) ? [oldTargets[i]!] : [])), ...newTargets.filter((r) => targetName(r) !== null)];
  const targets = { heading: TARGETS_HEADING, lines: ['', '| Target | Measured | Target | |', '|---|---|---|---|', ...rows, ''] };
  const head = now.head.map((line) => (line.startsWith('Run: ') ? `${line} Sections of other parts are from earlier runs.` : line));
  return formatReport({ head, sections: [...sections, targets] });
}
