import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { signatureProblem, type SignatureProblem } from '../../platform/http/signature.js';
import { shipment, shipmentEvent } from './db/schema.js';
import { trackingUrl } from './domain/carriers.js';
import type { TrackingStatus } from './domain/delivery.js';
import { OrdersErrors } from './orders.errors.js';
import type { OrderDto } from './orders.contract.js';
import type { OrderLifecycle } from './orders.lifecycle.js';
import { toSnapshot, type OrderReads } from './orders.reads.js';

/** A tracking update: the new status, what was said, when (default now). */
export interface TrackingUpdate {
  status: TrackingStatus;
  detail?: string | null;
  occurredAt?: string;
}

/** A carrier's webhook event: its id (de-duplication), the parcel (carrier and tracking number) and the update. */
export interface CarrierEvent extends TrackingUpdate {
  id: string;
  carrier?: string;
  trackingNumber: string;
}

const SIGNATURE_REASONS: Record<SignatureProblem | 'unconfigured', string> = {
  missing: 'missing (header comptoir-signature)',
  malformed: 'malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>)',
  stale: 'too old or too far in the future (5 minutes tolerance)',
  mismatch: 'invalid',
  unconfigured: 'not accepted: no CARRIER_WEBHOOK_SECRET is configured',
};

/**
 * Delivery tracking of shipments: status updates from the back office or a carrier's signed
 * webhook, each a step of the shipment's timeline (`orders.shipment_event`) with
 * `order.shipment_tracked` in the same transaction; `delivered` goes through the lifecycle (the
 * order is delivered once all its shipments are).
 */
export class ShipmentTracking {
  constructor(
    private readonly database: Database,
    private readonly reads: OrderReads,
    private readonly lifecycle: OrderLifecycle,
    private readonly webhookSecret: string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Staff's update of shipment `shipmentId` of order `orderId`.
   * @throws 404 ORDERS.NOT_FOUND / ORDERS.SHIPMENT_NOT_FOUND, 409 ORDERS.SHIPMENT_DELIVERED.
   */
  async update(orderId: string, shipmentId: string, update: TrackingUpdate, actor: string): Promise<OrderDto> {
    await this.database.transaction(async (tx) => {
      const [found] = await tx.select({ id: shipment.id }).from(shipment).where(and(eq(shipment.id, shipmentId), eq(shipment.orderId, orderId)));
      if (!found) throw OrdersErrors.shipmentNotFound(shipmentId);
      await this.record(tx, orderId, shipmentId, update, { source: 'staff', actor, externalId: null });
    });
    return this.reads.get(orderId);
  }

  /**
   * A carrier's webhook: checks the signature on the raw body (`comptoir-signature`, as payment
   * webhooks: HMAC-SHA256 of `"<t>." + body`, 5 minutes tolerance), finds the shipment by
   * tracking number (and carrier when given, case-insensitive) and records the update once per
   * event id (a replay answers `duplicate: true`).
   * @throws 401 ORDERS.BAD_SIGNATURE, 404 ORDERS.SHIPMENT_NOT_FOUND, 409 ORDERS.SHIPMENT_DELIVERED.
   */
  async fromCarrier(rawBody: Buffer | undefined, signature: string | undefined, event: CarrierEvent): Promise<{ received: true; duplicate: boolean }> {
    const problem = !this.webhookSecret ? 'unconfigured' : rawBody === undefined ? 'missing' : signatureProblem(signature, rawBody, this.webhookSecret, Math.floor(this.now().getTime() / 1000));
    if (problem) throw OrdersErrors.badCarrierSignature(SIGNATURE_REASONS[problem]);
    return this.database.transaction(async (tx) => {
      const parcels = await tx.select({ id: shipment.id, orderId: shipment.orderId, carrier: shipment.carrier }).from(shipment).where(eq(shipment.trackingNumber, event.trackingNumber.trim()));
      const parcel = parcels.find((p) => !event.carrier || p.carrier.toLowerCase() === event.carrier.trim().toLowerCase());
      if (!parcel) throw OrdersErrors.parcelNotFound(event.trackingNumber);
      const recorded = await this.record(tx, parcel.orderId, parcel.id, event, { source: 'carrier', actor: null, externalId: event.id });
      return { received: true as const, duplicate: !recorded };
    });
  }

  /**
   * Records one step under the order's lock: the timeline row (skipped, returning false, when the
   * carrier's event id is already recorded), the shipment's status (`delivered` through the
   * lifecycle) and `order.shipment_tracked`.
   */
  private async record(tx: Tx, orderId: string, shipmentId: string, update: TrackingUpdate, by: { source: 'staff' | 'carrier'; actor: string | null; externalId: string | null }): Promise<boolean> {
    const row = await this.lifecycle.lock(tx, orderId);
    const [current] = await tx.select().from(shipment).where(eq(shipment.id, shipmentId));
    if (!current) throw OrdersErrors.shipmentNotFound(shipmentId);
    const at = update.occurredAt ? new Date(update.occurredAt) : this.now();
    const detail = update.detail?.trim() || null;
    const inserted = await tx.insert(shipmentEvent)
      .values({ id: newId('shev'), shipmentId, status: update.status, detail, occurredAt: at, source: by.source, actor: by.actor, externalId: by.externalId })
      .onConflictDoNothing().returning({ id: shipmentEvent.id });
    if (inserted.length === 0) return false;
    if (current.status === 'delivered') throw OrdersErrors.shipmentDelivered(shipmentId);
    if (update.status === 'delivered') await this.lifecycle.markDelivered(tx, row, shipmentId, at, by.actor ?? 'system');
    else await tx.update(shipment).set({ status: update.status }).where(eq(shipment.id, shipmentId));
    const dto = await this.reads.get(orderId, tx);
    await publish(tx, 'order.shipment_tracked', {
      order: toSnapshot(dto),
      shipment: {
        id: current.id, carrier: current.carrier, trackingNumber: current.trackingNumber, trackingUrl: trackingUrl(current.carrier, current.trackingNumber),
        lines: current.lines, shippedAt: current.shippedAt.toISOString(), estimatedDeliveryOn: current.estimatedDeliveryOn,
      },
      status: update.status, detail, at: at.toISOString(), source: by.source,
    }, orderId);
    return true;
  }
}
