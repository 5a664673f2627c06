import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ArticleStatus, IndividualStatus } from '../../shared/domain/model';

// Darker than Mantine's shade 9 where needed: small badge text must reach 4.5:1 contrast (WCAG AA)
// on white and on the highlighted row of a list.
const INDIVIDUAL_COLORS: Record<IndividualStatus, string> = {
  inStore: '#1f6f33',
  atRecipient: '#1864ab',
  reserved: '#5f3dc4',
  inRepair: '#a8410a',
  rekond: '#8a5a00',
  scrapped: '#343a40',
  investigation: '#c92a2a',
};

const ARTICLE_COLORS: Record<ArticleStatus, string> = {
  active: '#2f9e44',
  phasingOut: '#f08c00',
  gone: '#868e96',
};

export function IndividualStatusBadge({ status, size = 'sm' }: { status: IndividualStatus; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={INDIVIDUAL_COLORS[status]} size={size} radius="sm" tt="none">
      {t(`individualStatuses.${status}`)}
    </Badge>
  );
}

/** The article status in plain text, with a coloured dot as a visual cue only. */
export function ArticleStatusText({ status }: { status: ArticleStatus }) {
  const { t } = useTranslation();
  return (
    <span>
      <span className="status-dot" style={{ background: ARTICLE_COLORS[status] }} aria-hidden="true" />
      {t(`articleStatuses.${status}`)}
    </span>
  );
}
