import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';

/** The tag an anonymised ticket carries (so agents tell why it has no customer). */
export const ERASED_TAG = 'erased-customer';

/** SQL: hex SHA-256 of an e-mail column, trimmed and lower-cased (as `user.erased` carries it). */
const hashOf = (column: string) => sql.raw(`encode(sha256(convert_to(lower(btrim(${column})), 'UTF8')), 'hex')`);

/**
 * `user.erased` (inside the relay's `tx`): the person's tickets (theirs by account, or by an
 * e-mail whose hash is `emailSha256`) lose the customer id, name and address (the address becomes
 * `erased-<ticket id>@erased.invalid`, RFC 2606) and get the tag {@link ERASED_TAG}; their contact
 * messages lose name, address and IP. Messages, history and attachments stay: they are the
 * shop's record of what was asked and answered. Idempotent.
 * @returns how many tickets and contact messages were anonymised.
 */
export async function eraseCustomer(tx: Tx, userId: string, emailSha256: string | null): Promise<{ tickets: number; contacts: number }> {
  const byEmail = emailSha256 ? sql`or ${hashOf('email')} = ${emailSha256}` : sql``;
  const tickets = await tx.execute(sql`
    update support.ticket set customer_id = null, name = null, email = 'erased-' || id || '@erased.invalid',
      tags = case when ${ERASED_TAG} = any(tags) then tags else array_append(tags, ${ERASED_TAG}::text) end, updated_at = now()
    where (customer_id = ${userId} ${byEmail}) and email not like '%@erased.invalid'`);
  const contacts = emailSha256
    ? await tx.execute(sql`
        update support.contact_message set name = '', email = 'erased-' || id || '@erased.invalid', ip = null
        where ${hashOf('email')} = ${emailSha256}`)
    : { rowCount: 0 };
  const count = (r: unknown) => Number((r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0);
  return { tickets: count(tickets), contacts: count(contacts) };
}
