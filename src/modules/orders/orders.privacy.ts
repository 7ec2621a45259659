import { eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { order, orderReturn } from './db/schema.js';

/** The staff tag an anonymised order carries (so the back office tells why it has no name). */
export const ERASED_TAG = 'erased-customer';

/** An address snapshot with its personal fields emptied: only the country is kept (tax, statistics). */
const anonymised = (column: typeof order.shippingAddress | typeof order.billingAddress) =>
  sql`case when ${column} is null then null else jsonb_build_object('firstName', '', 'lastName', '', 'line1', '', 'city', '', 'postalCode', '', 'country', ${column}->>'country') end`;

/**
 * Anonymises a customer's orders inside `tx` (the erasure's transaction, GDPR art. 17): every
 * order of `customerId`, and every guest order placed with `email` (lowercased), keeps its
 * lines, money, status, history, shipments and refunds (book-keeping), but loses the e-mail, the
 * customer id, the guest access token and the names, street, town, postal code and phone of both
 * address snapshots (the country stays); it gets the staff tag {@link ERASED_TAG}. The
 * customer's imported returns lose their customer id.
 * @returns how many orders were anonymised.
 */
export async function anonymiseCustomer(tx: Tx, customerId: string, email: string | null): Promise<number> {
  const mine = email ? or(eq(order.customerId, customerId), eq(order.email, email.toLowerCase())) : eq(order.customerId, customerId);
  const changed = await tx
    .update(order)
    .set({
      email: null, customerId: null, accessTokenHash: null,
      shippingAddress: anonymised(order.shippingAddress), billingAddress: anonymised(order.billingAddress),
      tags: sql`(select array_agg(distinct t order by t) from unnest(${order.tags} || array[${ERASED_TAG}]::text[]) t)`,
      updatedAt: new Date(),
    })
    .where(mine)
    .returning({ id: order.id });
  await tx.update(orderReturn).set({ customerId: null }).where(eq(orderReturn.customerId, customerId));
  return changed.length;
}
