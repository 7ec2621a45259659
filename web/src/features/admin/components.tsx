/** Back-office building blocks on top of the design system: errors, permission gates, page headings, status badges. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { Alert, Badge, Loading } from '../../ui';
import { useCan } from './auth';
import type { OrderStatus } from '../orders/api';
import type { ProductStatus } from '../products/api';

/** A translated message for an API error: known problem `code`s map to `admin.errors.<CODE>`, else the problem's `detail`. */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const fields = Array.isArray(error.body.errors) ? (error.body.errors as { field: string; message: string }[]) : [];
    const extra = fields.length ? ` (${fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : '';
    const known = t(`admin.errors.${error.code}`, { defaultValue: '' }) || t(`common.errors.${error.code}`, { defaultValue: '' });
    return (known || error.message || t('admin.errors.generic')) + extra;
  }
  return t('admin.errors.network');
}

/** An API error shown as an alert (nothing when `error` is null). */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Alert>{errorText(error, t)}</Alert>;
}

/** Loading / error / content for one query. */
export function QueryState({ query, children }: { query: { isPending: boolean; error: unknown }; children: ReactNode }) {
  if (query.error) return <ErrorMessage error={query.error} />;
  if (query.isPending) return <Loading />;
  return <>{children}</>;
}

/** Renders children only when the user holds `permission`, else a "no access" message. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can(permission)) return <Alert>{t('admin.noAccess')}</Alert>;
  return <>{children}</>;
}

/** The page's h1, which also sets the document title. */
export function PageTitle({ children, actions }: { children: string; actions?: ReactNode }) {
  useTitle(children, 'admin');
  return (
    <div className="row" style={{ justifyContent: 'space-between' }}>
      <h1>{children}</h1>
      {actions}
    </div>
  );
}

const ORDER_TONES: Partial<Record<OrderStatus, 'warning' | 'danger' | 'success'>> = {
  pending: 'warning',
  payment_processing: 'warning',
  confirmed: 'success',
  delivered: 'success',
  cancelled: 'danger',
};

/** An order status as a translated badge. */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Badge tone={ORDER_TONES[status]}>{t(`admin.orderStatus.${status}`)}</Badge>;
}

/** A product status as a translated badge. */
export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return <Badge tone={status === 'active' ? 'success' : status === 'archived' ? 'danger' : 'warning'}>{t(`admin.productStatus.${status}`)}</Badge>;
}

/** What {@link ReturnSummary} shows of a return (RMA); money in minor units. */
export interface ReturnLike {
  lines: { sku: string; title: string; quantity: number }[];
  reason: string;
  status: 'authorized' | 'received';
  refund: { amount: { amount: number; currency: string } } | null;
  createdAt: string;
  receivedAt: string | null;
}

/**
 * One return (RMA) as staff read it: units per SKU, reason, status badge, the refund it made and
 * its date (received, else authorized); `children` follow (actions, a link).
 */
export function ReturnSummary({ value, children }: { value: ReturnLike; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const r = value;
  return (
    <>
      {r.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku})`).join(', ')} · {r.reason} ·{' '}
      <Badge tone={r.status === 'received' ? 'success' : 'warning'}>{t(`admin.support.returns.states.${r.status}`)}</Badge>
      {r.refund ? ` · ${t('admin.support.returns.refunded', { amount: formatMoney(r.refund.amount, i18n.language) })}` : null}
      {' · '}{formatDateTime(r.receivedAt ?? r.createdAt, i18n.language)}
      {children}
    </>
  );
}
