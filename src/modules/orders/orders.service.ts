import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { bulkInsert, type Database, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { HistoryEntry, ImportedOrder, ImportedReturn } from './orders.contract.js';
import { order, orderAdjustment, orderLine, orderReturn, returnLine } from './db/schema.js';

const CHUNK = 2_000;

/** Historical imports of orders and returns (see {@link OrdersContract.importHistory}). */
export class OrdersService {
  constructor(private readonly database: Database) {}

  /** See {@link OrdersContract.importHistory}. */
  async importHistory(tx: Tx, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }) {
    let ordersCreated = 0;
    let returnsCreated = 0;
    if (batch.orders.length) {
      const refs = batch.orders.map((o) => o.externalRef);
      const present = new Set(
        (await tx.select({ ref: order.externalRef }).from(order).where(and(eq(order.source, source), inArray(order.externalRef, refs)))).map((r) => r.ref),
      );
      const fresh = batch.orders.filter((o) => !present.has(o.externalRef));
      const orders: (typeof order.$inferInsert)[] = [];
      const lines: (typeof orderLine.$inferInsert)[] = [];
      const fees: (typeof orderAdjustment.$inferInsert)[] = [];
      for (const o of fresh) {
        const id = newId('ord');
        const subtotal = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
        const feesTotal = o.fees.reduce((sum, f) => sum + f.amount, 0);
        const placedAt = new Date(o.placedAt);
        orders.push({
          id, number: o.externalRef, source, externalRef: o.externalRef, customerId: o.customerId, country: o.country, status: 'delivered',
          currency: o.currency, subtotal, feesTotal, total: subtotal + feesTotal, placedAt, createdAt: placedAt, updatedAt: placedAt,
        });
        o.lines.forEach((l, position) =>
          lines.push({ id: newId('oln'), orderId: id, position, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.quantity * l.unitPrice }),
        );
        for (const f of o.fees) fees.push({ id: newId('adj'), orderId: id, code: f.code, description: f.description, amount: f.amount });
      }
      await bulkInsert(tx, order, orders);
      await bulkInsert(tx, orderLine, lines);
      await bulkInsert(tx, orderAdjustment, fees);
      ordersCreated = fresh.length;
    }
    if (batch.returns.length) {
      const refs = batch.returns.map((r) => r.externalRef);
      const present = new Set(
        (await tx.select({ ref: orderReturn.externalRef }).from(orderReturn).where(and(eq(orderReturn.source, source), inArray(orderReturn.externalRef, refs)))).map((r) => r.ref),
      );
      const fresh = batch.returns.filter((r) => !present.has(r.externalRef));
      const originals = [...new Set(fresh.flatMap((r) => r.lines.map((l) => l.originalRef).filter((x): x is string => !!x)))];
      const orderIds = new Map<string, string>();
      for (let i = 0; i < originals.length; i += CHUNK) {
        const found = await tx.select({ id: order.id, ref: order.externalRef }).from(order).where(and(eq(order.source, source), inArray(order.externalRef, originals.slice(i, i + CHUNK))));
        for (const f of found) if (f.ref) orderIds.set(f.ref, f.id);
      }
      const returns: (typeof orderReturn.$inferInsert)[] = [];
      const lines: (typeof returnLine.$inferInsert)[] = [];
      for (const r of fresh) {
        const id = newId('ret');
        const total = r.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
        const feesTotal = r.fees.reduce((sum, f) => sum + f.amount, 0);
        returns.push({ id, source, externalRef: r.externalRef, customerId: r.customerId, currency: r.currency, total, feesTotal, returnedAt: new Date(r.returnedAt) });
        for (const l of r.lines) {
          lines.push({ id: newId('rln'), returnId: id, orderId: l.originalRef ? (orderIds.get(l.originalRef) ?? null) : null, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice });
        }
      }
      await bulkInsert(tx, orderReturn, returns);
      await bulkInsert(tx, returnLine, lines);
      returnsCreated = fresh.length;
    }
    return { orders: ordersCreated, returns: returnsCreated };
  }

  /** See {@link OrdersContract.historyPage}. */
  async historyPage(source: string, kind: 'orders' | 'returns', after: string | null, limit: number): Promise<HistoryEntry[]> {
    const db = this.database.db;
    if (kind === 'orders') {
      const heads = await db.select({ id: order.id, externalRef: order.externalRef, customerId: order.customerId, at: order.placedAt, currency: order.currency })
        .from(order).where(and(eq(order.source, source), after ? gt(order.id, after) : undefined)).orderBy(asc(order.id)).limit(limit);
      if (heads.length === 0) return [];
      const lines = await db.select({ orderId: orderLine.orderId, sku: orderLine.sku, title: orderLine.title, quantity: orderLine.quantity, unitPrice: orderLine.unitPrice })
        .from(orderLine).where(inArray(orderLine.orderId, heads.map((h) => h.id))).orderBy(asc(orderLine.orderId), asc(orderLine.position));
      return entries(heads, lines.map((l) => ({ ...l, parent: l.orderId })));
    }
    const heads = await db.select({ id: orderReturn.id, externalRef: orderReturn.externalRef, customerId: orderReturn.customerId, at: orderReturn.returnedAt, currency: orderReturn.currency })
      .from(orderReturn).where(and(eq(orderReturn.source, source), after ? gt(orderReturn.id, after) : undefined)).orderBy(asc(orderReturn.id)).limit(limit);
    if (heads.length === 0) return [];
    const lines = await db.select({ returnId: returnLine.returnId, sku: returnLine.sku, title: returnLine.title, quantity: returnLine.quantity, unitPrice: returnLine.unitPrice })
      .from(returnLine).where(inArray(returnLine.returnId, heads.map((h) => h.id))).orderBy(asc(returnLine.returnId), asc(returnLine.id));
    return entries(heads, lines.map((l) => ({ ...l, parent: l.returnId })));
  }
}

/** Joins page heads with their lines (grouped by `parent`). */
function entries(
  heads: { id: string; externalRef: string | null; customerId: string | null; at: Date; currency: string }[],
  lines: { parent: string; sku: string; title: string; quantity: number; unitPrice: number }[],
): HistoryEntry[] {
  const by = new Map<string, HistoryEntry['lines']>();
  for (const l of lines) {
    const list = by.get(l.parent) ?? [];
    list.push({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice });
    by.set(l.parent, list);
  }
  return heads.map((h) => ({ id: h.id, externalRef: h.externalRef ?? h.id, customerId: h.customerId, at: h.at.toISOString(), currency: h.currency, lines: by.get(h.id) ?? [] }));
}
