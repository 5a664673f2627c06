import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus, PurchaseOrderStatus } from '../../../shared/domain/model';

// Dark enough for small badge text on white (WCAG AA 4.5:1), as in components/StatusBadge.tsx.
const ORDER_COLORS: Record<OrderStatus, string> = {
  registered: '#1864ab',
  picking: '#5f3dc4',
  shipped: '#a8410a',
  delivered: '#1f6f33',
  cancelled: '#343a40',
};

const PURCHASE_ORDER_COLORS: Record<PurchaseOrderStatus | 'shipped', string> = {
  ordered: '#1864ab',
  delivered: '#a8410a',
  received: '#1f6f33',
  cancelled: '#343a40',
  shipped: '#5f3dc4',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={ORDER_COLORS[status]} size="sm" radius="sm" tt="none">
      {t(`orderStatuses.${status}`)}
    </Badge>
  );
}

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus | 'shipped' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={PURCHASE_ORDER_COLORS[status]} size="sm" radius="sm" tt="none">
      {t(`purchaseOrderStatuses.${status}`)}
    </Badge>
  );
}

/** "Väntar på central": the order has no case number yet. */
export function PendingCentralBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="#7a4d00" size="sm" radius="sm" tt="none">
      {t('order.pendingCentral')}
    </Badge>
  );
}
