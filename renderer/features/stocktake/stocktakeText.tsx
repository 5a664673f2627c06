import { Badge, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndividualLine, StocktakeSummary } from '../../../shared/api/stocktake';
import type { ScanSoundName } from '../../../shared/feedback/sounds';
import { formatDate, formatNumber } from '../../i18n/format';
import type { ShownScan } from './stocktakeStore';

// Dark enough for small badge text on white (WCAG AA 4.5:1), as in components/StatusBadge.tsx.
const STATUS_COLORS: Record<StocktakeSummary['status'], string> = {
  counting: '#1864ab',
  approved: '#1f6f33',
  joined: '#5f3dc4',
};

/** Pågår / Godkänd 2026-11-22 / Ingår i "…". */
export function StocktakeStatusBadge({ summary }: { summary: Pick<StocktakeSummary, 'status' | 'approvedAt' | 'joined'> }) {
  const { t } = useTranslation();
  const text =
    summary.status === 'approved'
      ? t('stocktake.status.approvedAt', { date: summary.approvedAt ? formatDate(summary.approvedAt) : '' })
      : summary.status === 'joined'
        ? t('stocktake.status.joinedInto', { name: summary.joined?.name ?? '' })
        : t('stocktake.status.counting');
  return (
    <Badge variant="outline" color={STATUS_COLORS[summary.status]} size="sm" radius="sm" tt="none" data-testid="stocktake-status">
      {text}
    </Badge>
  );
}

export function BlindBadge({ blind }: { blind: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant={blind ? 'filled' : 'outline'} color={blind ? '#343a40' : '#495057'} size="sm" radius="sm" tt="none" title={blind ? t('stocktake.blindHelp') : t('stocktake.openHelp')}>
      {blind ? t('stocktake.blind') : t('stocktake.open')}
    </Badge>
  );
}

/** Counted of expected, with a bar and what is left. */
export function ProgressBar({ counted, expected, label, compact = false }: { counted: number; expected: number; label: string; compact?: boolean }) {
  const { t } = useTranslation();
  const percent = expected === 0 ? (counted > 0 ? 100 : 0) : Math.min(100, Math.round((counted / expected) * 100));
  const left = Math.max(0, expected - counted);
  return (
    <div className="stocktake-progress">
      {/* The bar is the progressbar, its value in words ("3 av 65"), not Mantine's percentage. */}
      <Progress.Root size={compact ? 'sm' : 'md'}>
        <Progress.Section
          value={percent}
          color={percent >= 100 ? '#1f6f33' : '#1864ab'}
          withAria={false}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={expected}
          aria-valuenow={Math.min(counted, expected)}
          aria-valuetext={t('stocktake.progress.valueText', { counted, expected })}
        />
      </Progress.Root>
      <Text size="xs" component="span" className="stocktake-progress-text">
        {compact
          ? t('stocktake.progress.compact', { counted: formatNumber(counted), expected: formatNumber(expected) })
          : t('stocktake.progress.full', { counted: formatNumber(counted), expected: formatNumber(expected), left: formatNumber(left) })}
      </Text>
    </div>
  );
}

/** The feedback area's colour: green (counted), amber (look here), red (refused), grey (nothing counted). */
export function feedbackOutcome(scan: ShownScan | null): 'idle' | 'ok' | 'over' | 'refused' {
  if (scan === null) return 'idle';
  switch (scan.outcome) {
    case 'found':
    case 'article':
      return 'ok';
    case 'duplicate':
    case 'wrongPlace':
    case 'unknown':
    case 'outOfScope':
      return 'over';
    case 'skipped':
      return 'idle';
    case 'invalid':
    case 'error':
      return 'refused';
  }
}

/** The scanner's tone for a scan's outcome (scanner/sounds.ts). */
export function toneOf(scan: ShownScan): ScanSoundName {
  const o = feedbackOutcome(scan);
  return o === 'ok' ? 'ok' : o === 'over' ? 'attention' : o === 'refused' ? 'refused' : 'attention';
}

const OUTCOME_COLORS: Record<IndividualLine['outcome'], string> = {
  found: '#1f6f33',
  missing: '#c92a2a',
  uncounted: '#495057',
  arrivedAfter: '#1864ab',
  leftAfter: '#5f3dc4',
  wrongPlace: '#a8410a',
  outOfScope: '#7a4d00',
};

export function OutcomeBadge({ outcome }: { outcome: IndividualLine['outcome'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={OUTCOME_COLORS[outcome]} size="sm" radius="sm" tt="none" maw="none" style={{ flexShrink: 0 }}>
      {t(`stocktake.outcomes.${outcome}`)}
    </Badge>
  );
}

/** A signed number: +2, −1, 0 (a true minus sign). */
export const signed = (n: number): string => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0');
