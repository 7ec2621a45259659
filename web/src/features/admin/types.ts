/** Shapes of the back-office API answers (see GET /openapi.json). */
import type { Money } from '../../lib/api';

/** `{ total, limit, page }` of a paginated list. */
export interface PageInfo {
  total: number;
  limit: number;
  page: number;
}

/** A paginated list answer. */
export interface Paged<T> {
  data: T[];
  pagination: PageInfo;
}

/** Every order status, in lifecycle order. */
export const ORDER_STATUSES = ['pending', 'payment_processing', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
/** An order status. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

import type { Address } from '../../lib/api';
export type { Address };

/** An order as the back office sees it. */
export interface Order {
  id: string;
  number: string;
  status: OrderStatus;
  nextStatuses: OrderStatus[];
  email: string | null;
  customerId: string | null;
  locale: string;
  currency: string;
  lines: { sku: string; title: string; quantity: number; unitPrice: Money; discount: Money; lineTotal: Money }[];
  totals: { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money };
  promotionCode: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingMethod: { id: string; name: string } | null;
  shipments: { id: string; carrier: string; trackingNumber: string; lines: { sku: string; quantity: number }[]; status: string; shippedAt: string; deliveredAt: string | null }[];
  statusHistory: { from: string | null; to: string; reason: string | null; actor: string | null; at: string }[];
  cancelReason: string | null;
  source: string;
  placedAt: string;
  updatedAt: string;
}

/** A payment of an order, with its refunds. */
export interface Payment {
  id: string;
  orderId: string;
  provider: string;
  status: 'authorized' | 'captured' | 'partially_refunded' | 'refunded' | 'voided' | 'failed';
  amount: Money;
  capturedAmount: Money;
  refundedAmount: Money;
  card: { brand: string; last4: string } | null;
  failureCode: string | null;
  failureMessage: string | null;
  refunds: { id: string; amount: Money; reason: string; createdAt: string; createdBy: string | null }[];
  createdAt: string;
}

/** Product statuses. */
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
/** A product status. */
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** A variant with back-office fields. */
export interface AdminVariant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  available: number;
  costPrice: Money | null;
  onHand: number;
  lowStockThreshold: number;
}

/** A product of any status. */
export interface AdminProduct {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: ProductStatus;
  category: { id: string; name: string; slug: string };
  images: { url: string; alt?: string }[];
  price: Money;
  inStock: boolean;
  createdAt: string;
  updatedAt: string;
  variants: AdminVariant[];
}

/** A node of the category tree. */
export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  position: number;
  productCount: number;
  children: CategoryNode[];
}

/** Stock movement types. */
export const MOVEMENT_TYPES = ['receipt', 'sale', 'return', 'adjustment'] as const;

/** One line of a SKU's stock ledger. */
export interface Movement {
  id: string;
  sku: string;
  type: (typeof MOVEMENT_TYPES)[number];
  quantity: number;
  reason: string;
  actor: string | null;
  onHandAfter: number;
  createdAt: string;
}

/** Promotion types. */
export const PROMOTION_TYPES = ['percentage', 'fixed_amount', 'free_shipping'] as const;

/** A promotion code with its usage. */
export interface Promotion {
  id: string;
  code: string;
  type: (typeof PROMOTION_TYPES)[number];
  value: number;
  currency: string;
  minSubtotal: number | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  skus: string[];
  categoryIds: string[];
  disabled: boolean;
  disabledAt: string | null;
  timesUsed: number;
  remaining: number | null;
  createdAt: string;
}

/** Role names, most to least privileged. */
export const ROLES = ['admin', 'manager', 'analyst', 'support', 'customer'] as const;
/** A role name. */
export type Role = (typeof ROLES)[number];

/** A user account. */
export interface User {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  roles: Role[];
  country: string | null;
  locale: 'en' | 'fr';
  createdAt: string;
}

/** An Online Retail import job. */
export interface ImportJob {
  id: string;
  source: string;
  filename: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'refused';
  progress: { phase: string; rows: number; total?: number };
  report: {
    dateFormat: 'dmy' | 'mdy' | 'ymd';
    dateFormatDetected: boolean;
    period: { first: string; last: string } | null;
    counts: { read: number; imported: number; rejected: number };
    rejected: { line: number; reason: string }[];
    created: { products: number; customers: number; orders: number; returns: number };
    durationMs: number;
  } | null;
  error: { code: string; detail: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A stored outgoing mail (list entry). */
export interface MailSummary {
  id: string;
  to: string;
  subject: string;
  locale: 'en' | 'fr';
  template: 'welcome' | 'order_confirmation' | 'order_shipped' | 'order_cancelled';
  status: 'stored' | 'queued' | 'sent' | 'failed';
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A mail with its bodies. */
export interface MailMessage extends MailSummary {
  text: string;
  html: string;
}

/** An event whose delivery failed too many times. */
export interface DeadLetter {
  id: string;
  type: string;
  aggregateId: string | null;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  occurredAt: string;
}

/** GET /api/admin/orders/summary. */
export interface OrdersSummary {
  orders: number;
  revenue: Money;
  averageOrderValue: Money;
}

/** GET /api/admin/inventory/low-stock entry. */
export interface LowStock {
  sku: string;
  productId: string;
  title: string;
  onHand: number;
  threshold: number;
}
