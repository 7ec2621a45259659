import { sql } from 'drizzle-orm';
import { hasPermission, type AuthUser } from '../../platform/auth.js';
import type { Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';

/**
 * What a user may see of the organisation: `company` when they see everything (a grant on the
 * company node, or the `*` permission), else the regions of their granted subtrees and the stores
 * in them or granted directly. Deny by default: no grant gives empty lists.
 */
export interface Scope {
  company: boolean;
  /** Visible region ids (each granted region and every region below it). */
  regionIds: string[];
  /** Visible store ids (the stores of the visible regions plus the stores granted directly). */
  storeIds: string[];
}

/**
 * The scope of `user` from their grants (`analytics.access_grant`), resolved with a recursive
 * walk of the region tree. Every analytics query filters by this; a node id outside it is treated
 * as unknown (404), so figures never leak through totals, rankings or a crafted id.
 */
export async function scopeFor(db: Executor, user: AuthUser): Promise<Scope> {
  const [row] = await rows<{ company: boolean; region_ids: string[] | null; store_ids: string[] | null }>(
    db,
    sql`
    with recursive granted as (
      select r.id, r.parent_id from analytics.region r
      where ${hasPermission(user, '*')} and r.parent_id is null
         or r.id in (select node_id from analytics.access_grant where user_id = ${user.id} and node_kind = 'region')
      union
      select c.id, c.parent_id from analytics.region c join granted g on c.parent_id = g.id
    )
    select
      exists (select 1 from granted where parent_id is null) as company,
      (select array_agg(distinct id) from granted) as region_ids,
      (select array_agg(distinct s.id) from analytics.store s
        where s.region_id in (select id from granted)
           or s.id in (select node_id from analytics.access_grant where user_id = ${user.id} and node_kind = 'store')) as store_ids`,
  );
  return { company: row?.company ?? false, regionIds: row?.region_ids ?? [], storeIds: row?.store_ids ?? [] };
}
