import { sql } from 'drizzle-orm';
import { hasPermission, type AuthUser } from '../../platform/auth.js';
import type { Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { siteOfStore } from './domain/site-stores.js';

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
 * The acting user of the command line and other system work (`npx comptoir import stores|targets`,
 * `demo chain`): the `*` permission, so {@link scopeFor} gives it the company. Never a signed-in user.
 */
export const SYSTEM_USER: AuthUser = { id: 'system', roles: [], permissions: ['*'] };

/**
 * The scope of `user` from their grants (`analytics.access_grant`), resolved with a recursive
 * walk of the region tree. Every analytics query filters by this; a node id outside it is treated
 * as unknown (404), so figures never leak through totals, rankings or a crafted id. Staff limited
 * to some sites (`user.sites`) also lose the online stores of other sites (`WEB`, `WEB-<SITE>`)
 * and every node above one (so the company): see {@link withinSites}.
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
  const scope = { company: row?.company ?? false, regionIds: row?.region_ids ?? [], storeIds: row?.store_ids ?? [] };
  return user.sites ? withinSites(scope, await loadOrg(db), user.sites) : scope;
}

/**
 * `scope` for staff limited to `sites` (codes): without the online stores of other sites
 * ({@link siteOfStore}) and without every region above one of them, the company's root included,
 * since a node's figures are the sum of the stores under it. Tills and online stores of no site
 * stay as granted.
 */
export function withinSites(scope: Scope, org: Org, sites: readonly string[]): Scope {
  const hidden = [...org.stores.values()].filter((s) => {
    const site = siteOfStore(s);
    return site !== null && !sites.includes(site);
  });
  if (hidden.length === 0) return scope;
  const hiddenStores = new Set(hidden.map((s) => s.id));
  const above = new Set<string>();
  for (const s of hidden) {
    for (let r: string | null | undefined = s.regionId; r && !above.has(r); r = org.regions.get(r)?.parentId) above.add(r);
  }
  return {
    company: scope.company && !above.has(org.rootId),
    regionIds: scope.regionIds.filter((r) => !above.has(r)),
    storeIds: scope.storeIds.filter((s) => !hiddenStores.has(s)),
  };
}

/** A store as the read side needs it (`openedOn`/`closedOn` local dates, `currency` ISO 4217). */
export interface OrgStore {
  id: string;
  code: string;
  name: string;
  city: string;
  regionId: string;
  /** `physical` (a till) or `online` (a web shop, whose stock the catalog keeps). */
  kind: 'physical' | 'online';
  currency: string;
  openedOn: string;
  closedOn: string | null;
  sellingAreaM2: number | null;
}

/** The organisation tree, loaded once per request (regions and stores are small tables). */
export interface Org {
  rootId: string;
  regions: Map<string, { id: string; code: string; parentId: string | null; name: string; depth: number }>;
  stores: Map<string, OrgStore>;
  /** Child region ids by region, ordered by name. */
  childRegions: Map<string, string[]>;
  /** Store ids attached directly to a region, ordered by name. */
  directStores: Map<string, string[]>;
}

/** Loads regions (with their depth, root = 0) and stores. */
export async function loadOrg(db: Executor): Promise<Org> {
  const regionRows = await rows<{ id: string; code: string; parent_id: string | null; name: string; depth: number }>(
    db,
    sql`with recursive t as (
          select id, code, parent_id, name, 0 as depth from analytics.region where parent_id is null
          union all select r.id, r.code, r.parent_id, r.name, t.depth + 1 from analytics.region r join t on r.parent_id = t.id)
        select id, code, parent_id, name, depth from t order by name, id`,
  );
  const storeRows = await rows<{ id: string; code: string; name: string; city: string; region_id: string; kind: 'physical' | 'online'; currency: string; opened_on: string; closed_on: string | null; selling_area_m2: number | null }>(
    db,
    sql`select id, code, name, city, region_id, kind, currency, opened_on::text as opened_on, closed_on::text as closed_on, selling_area_m2 from analytics.store order by name, id`,
  );
  const org: Org = { rootId: '', regions: new Map(), stores: new Map(), childRegions: new Map(), directStores: new Map() };
  for (const r of regionRows) {
    org.regions.set(r.id, { id: r.id, code: r.code, parentId: r.parent_id, name: r.name, depth: Number(r.depth) });
    if (r.parent_id === null) org.rootId = r.id;
    else org.childRegions.set(r.parent_id, [...(org.childRegions.get(r.parent_id) ?? []), r.id]);
  }
  for (const s of storeRows) {
    org.stores.set(s.id, { id: s.id, code: s.code, name: s.name, city: s.city, regionId: s.region_id, kind: s.kind, currency: s.currency, openedOn: s.opened_on, closedOn: s.closed_on, sellingAreaM2: s.selling_area_m2 === null ? null : Number(s.selling_area_m2) });
    org.directStores.set(s.region_id, [...(org.directStores.get(s.region_id) ?? []), s.id]);
  }
  return org;
}

/** Every region id of the subtree of `regionId` (itself included). */
export function subtreeRegions(org: Org, regionId: string): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    out.push(id);
    for (const c of org.childRegions.get(id) ?? []) walk(c);
  };
  walk(regionId);
  return out;
}

/** A node of the tree resolved against the caller's scope. */
export interface ResolvedNode {
  kind: 'company' | 'region' | 'store';
  /** The region id (the root region's for the company) or the store id. */
  id: string;
  code: string;
  name: string;
  /** The region id (the root for the company); undefined for a store. */
  regionId?: string;
  /** The store's currency (ISO 4217); null for the company and regions. */
  currency: string | null;
  /** The visible regions of the node's subtree (itself included); empty for a store. */
  regionIds: string[];
  /** The visible stores under the node (the store itself for a store). */
  storeIds: string[];
}

/**
 * Resolves `node` (`company`, a region id or a store id) for a caller with `scope`: the company
 * needs company scope, a region must be visible, a store too. A node outside the scope is answered
 * exactly like an unknown one. The one node resolution of the module (read routes and targets).
 * @throws AppError 404 ANALYTICS.NODE_NOT_FOUND.
 */
export function resolveNode(org: Org, scope: Scope, node: string): ResolvedNode {
  const visibleStores = new Set(scope.storeIds);
  const visibleRegions = new Set(scope.regionIds);
  const regionNode = (id: string, kind: 'company' | 'region'): ResolvedNode => {
    const regions = subtreeRegions(org, id);
    const region = org.regions.get(id);
    return {
      kind, id, code: region?.code ?? id, name: region?.name ?? id, regionId: id, currency: null,
      regionIds: regions.filter((r) => visibleRegions.has(r)),
      storeIds: regions.flatMap((r) => org.directStores.get(r) ?? []).filter((s) => visibleStores.has(s)),
    };
  };
  if (node === 'company' || (node === org.rootId && org.rootId)) {
    if (!scope.company || !org.rootId) throw AnalyticsErrors.nodeNotFound(node);
    return regionNode(org.rootId, 'company');
  }
  if (org.regions.has(node) && visibleRegions.has(node)) return regionNode(node, 'region');
  const store = org.stores.get(node);
  if (store && visibleStores.has(node)) return { kind: 'store', id: store.id, code: store.code, name: store.name, currency: store.currency, regionIds: [], storeIds: [store.id] };
  throw AnalyticsErrors.nodeNotFound(node);
}

/** {@link resolveNode} after loading the organisation (for a caller that has no {@link Org} yet). */
export async function findNode(db: Executor, scope: Scope, node: string): Promise<ResolvedNode> {
  return resolveNode(await loadOrg(db), scope, node);
}
