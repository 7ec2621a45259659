import type { Tx } from '../../platform/db/index.js';
import type { OrderLifecycle } from './orders.lifecycle.js';

/** A line of an imported order: snapshot of SKU, title, quantity (> 0) and unit price (minor units). */
export interface ImportedOrderLine { sku: string; title: string; quantity: number; unitPrice: number }
/** A fee or adjustment of an imported order or return, signed amount in minor units. */
export interface ImportedFee { code: string; description: string; amount: number }

/** A historical order from an import (an invoice). `placedAt` is ISO 8601 UTC. */
export interface ImportedOrder {
  externalRef: string;
  customerId: string | null;
  country: string;
  placedAt: string;
  currency: string;
  lines: ImportedOrderLine[];
  fees: ImportedFee[];
}

/** A historical return (a cancellation invoice). Quantities positive; `originalRef` is the order's externalRef when known. */
export interface ImportedReturn {
  externalRef: string;
  customerId: string | null;
  returnedAt: string;
  currency: string;
  lines: (ImportedOrderLine & { originalRef: string | null })[];
  fees: ImportedFee[];
}

/** What other modules, flows and tests may ask of orders. */
export interface OrdersContract {
  /**
   * Writes historical orders and returns of an import inside `tx`, keyed by (source, externalRef):
   * those already present are skipped, so re-running changes nothing. Imported orders are
   * `delivered` and move no stock. Returns link to their original order when it is known.
   */
  importHistory(tx: Tx, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }): Promise<{ orders: number; returns: number }>;
  /** Counts of orders and returns (all sources). */
  counts(): Promise<{ orders: number; returns: number; lines: number }>;
  /** Web orders: creation for checkout, lifecycle, reads (see OrderLifecycle). */
  lifecycle: OrderLifecycle;
}
