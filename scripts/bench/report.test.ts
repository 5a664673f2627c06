import { describe, expect, it } from 'vitest';
import { mergeReport } from './report';

const existing = [
  '# Benchmarks',
  '',
  'Run: 2026-12-01 10:46 UTC; parts: scan, replica.',
  '',
  '## Scanning (issue 3)',
  '',
  '- classify p95 0.01 ms',
  '',
  '## Workstation replica (issue 2): 200 000 articles',
  '',
  '| a | 1 |',
  '',
  '## Targets',
  '',
  '| Target | Measured | Target | |',
  '|---|---|---|---|',
  '| scan p95 | 0.010 ms | < 1 ms | ok |',
  '| lookup p99 | 0.150 ms | < 0.2 ms | ok |',
  '',
].join('\n');

describe('docs/benchmarks.md after a run of some parts', () => {
  it('replaces the sections and target rows of the parts run and keeps the others', () => {
    const fresh = [
      '# Benchmarks',
      '',
      'Run: 2026-12-02 01:00 UTC; parts: replica, articles.',
      '',
      '## Workstation replica (issue 2): 100 000 articles',
      '',
      '| a | 2 |',
      '',
      '## Article search (issue 11)',
      '',
      '| search p95 | 3 ms |',
      '',
      '## Targets',
      '',
      '| Target | Measured | Target | |',
      '|---|---|---|---|',
      '| lookup p99 | 0.120 ms | < 0.2 ms | ok |',
      '| article search p95 | 3.000 ms | < 10 ms | ok |',
      '',
    ].join('\n');
    const merged = mergeReport(existing, fresh);
    expect(merged).toContain('Run: 2026-12-02 01:00 UTC; parts: replica, articles. Sections of other parts are from earlier runs.');
    expect(merged).toContain('- classify p95 0.01 ms');
    expect(merged).toContain('## Workstation replica (issue 2): 100 000 articles\n\n| a | 2 |');
    expect(merged).not.toContain('| a | 1 |');
    expect(merged.indexOf('## Article search')).toBeLessThan(merged.indexOf('## Targets'));
    expect(merged).toContain('| scan p95 | 0.010 ms | < 1 ms | ok |');
    expect(merged).toContain('| lookup p99 | 0.120 ms |');
    expect(merged).not.toContain('| lookup p99 | 0.150 ms |');
    expect(merged).toContain('| article search p95 | 3.000 ms |');
    expect(merged.match(/## Targets/g)).toHaveLength(1);
  });
});
