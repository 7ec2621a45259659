/**
 * Delivery estimates and tracking statuses. Pure.
 */

/** Where a parcel is, as staff or the carrier tell it (`delivered` is final). */
export const SHIPMENT_STATUSES = ['shipped', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
/** A status of {@link SHIPMENT_STATUSES}. */
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * The day (`YYYY-MM-DD`, UTC) `businessDays` working days (Monday–Friday; public holidays are
 * not known) after `shippedAt`; a parcel leaving on a weekend counts from the next Monday.
 */
export function estimatedDelivery(shippedAt: Date, businessDays: number): string {
  const day = new Date(Date.UTC(shippedAt.getUTCFullYear(), shippedAt.getUTCMonth(), shippedAt.getUTCDate()));
  const weekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;
  while (weekend(day)) day.setUTCDate(day.getUTCDate() + 1);
  for (let left = businessDays; left > 0; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (!weekend(day)) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

/** Statuses a tracking update may set (a shipment starts `shipped`). */
export const TRACKING_STATUSES = ['in_transit', 'out_for_delivery', 'delivered', 'exception'] as const satisfies readonly ShipmentStatus[];
/** A status of {@link TRACKING_STATUSES}. */
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
