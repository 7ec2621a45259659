import { sql } from 'drizzle-orm';
import type { Db } from './types.js';

/** Per database, the channels with a NOTIFY in flight; true when another was asked for meanwhile. */
const inFlight = new WeakMap<Db, Map<string, boolean>>();

/**
 * Sends `NOTIFY channel` on `db` in its own autocommit statement (so the caller's transaction,
 * already committed, never takes PostgreSQL's global notify lock), at most one in flight per
 * database and channel: asks made meanwhile are folded into one more after it. Listeners only
 * need to hear that something changed, not how many times. Errors (the database is closing) are
 * ignored. Returns at once; the NOTIFY runs in the background.
 */
export function notifyCoalesced(db: Db, channel: string): void {
  let channels = inFlight.get(db);
  if (!channels) inFlight.set(db, (channels = new Map()));
  if (channels.has(channel)) {
    channels.set(channel, true);
    return;
  }
  channels.set(channel, false);
  void db
    .execute(sql`select pg_notify(${channel}, '')`)
    .catch(() => undefined)
    .finally(() => {
      const again = channels.get(channel);
      channels.delete(channel);
      if (again) notifyCoalesced(db, channel);
    });
}
