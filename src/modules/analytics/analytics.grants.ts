import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { accessGrant, region, store } from './db/schema.js';
import { AnalyticsErrors } from './analytics.errors.js';
import type { Scope } from './analytics.scope.js';

/** One access grant: a region node (its whole subtree; the company node = everything) or one store. */
export interface GrantDto {
  kind: 'region' | 'store';
  id: string;
  code: string;
  name: string;
}

/** Answers whether identity knows a user id (identity's contract `getUser`). */
export type UserExists = (userId: string) => Promise<boolean>;

/**
 * The grants of `userId` that the caller can see (nodes in the caller's `scope`; grants on
 * other nodes exist but are neither shown nor changed by this caller), regions first, by code.
 * @throws AppError 404 `ANALYTICS.USER_NOT_FOUND` when identity does not know the user.
 */
export async function userGrants(db: Executor, scope: Scope, userId: string, userExists: UserExists): Promise<{ userId: string; grants: GrantDto[] }> {
  if (!(await userExists(userId))) throw AnalyticsErrors.userNotFound(userId);
  return { userId, grants: await visibleGrants(db, scope, userId) };
}

async function visibleGrants(db: Executor, scope: Scope, userId: string): Promise<GrantDto[]> {
  const regions = await db.select({ id: region.id, code: region.code, name: region.name }).from(accessGrant)
    .innerJoin(region, eq(region.id, accessGrant.nodeId))
    .where(and(eq(accessGrant.userId, userId), eq(accessGrant.nodeKind, 'region'), inArray(region.id, scope.regionIds)));
  const stores = await db.select({ id: store.id, code: store.code, name: store.name }).from(accessGrant)
    .innerJoin(store, eq(store.id, accessGrant.nodeId))
    .where(and(eq(accessGrant.userId, userId), eq(accessGrant.nodeKind, 'store'), inArray(store.id, scope.storeIds)));
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'en');
  return [
    ...regions.sort(byCode).map((r) => ({ kind: 'region' as const, ...r })),
    ...stores.sort(byCode).map((s) => ({ kind: 'store' as const, ...s })),
  ];
}

/**
 * Replaces the grants of `userId` on the nodes the caller can see with `grants` (duplicates
 * merged), in one transaction; grants on nodes outside the caller's scope are kept as they are.
 * Every granted node must be in the caller's scope, so nobody grants more than they see.
 * @throws AppError 404 `ANALYTICS.USER_NOT_FOUND`, 404 `ANALYTICS.REGION_NOT_FOUND` /
 *   `ANALYTICS.STORE_NOT_FOUND` (a node unknown or outside the caller's scope; nothing written).
 */
export async function putUserGrants(
  database: Database, scope: Scope, userId: string, grants: { kind: 'region' | 'store'; id: string }[], userExists: UserExists,
): Promise<{ userId: string; grants: GrantDto[] }> {
  if (!(await userExists(userId))) throw AnalyticsErrors.userNotFound(userId);
  const regions = new Set(scope.regionIds);
  const stores = new Set(scope.storeIds);
  for (const g of grants) {
    if (g.kind === 'region' && !regions.has(g.id)) throw AnalyticsErrors.regionNotFound(g.id);
    if (g.kind === 'store' && !stores.has(g.id)) throw AnalyticsErrors.storeNotFound(g.id);
  }
  const wanted = [...new Map(grants.map((g) => [`${g.kind} ${g.id}`, g])).values()];
  await database.transaction(async (tx) => {
    // The nodes must still exist when the grants are written (a concurrent delete answers 404).
    const regionIds = wanted.filter((g) => g.kind === 'region').map((g) => g.id);
    const storeIds = wanted.filter((g) => g.kind === 'store').map((g) => g.id);
    const foundRegions = new Set((await tx.select({ id: region.id }).from(region).where(inArray(region.id, regionIds)).for('share')).map((r) => r.id));
    const missingRegion = regionIds.find((id) => !foundRegions.has(id));
    if (missingRegion) throw AnalyticsErrors.regionNotFound(missingRegion);
    const foundStores = new Set((await tx.select({ id: store.id }).from(store).where(inArray(store.id, storeIds))).map((s) => s.id));
    const missingStore = storeIds.find((id) => !foundStores.has(id));
    if (missingStore) throw AnalyticsErrors.storeNotFound(missingStore);
    await tx.delete(accessGrant).where(and(eq(accessGrant.userId, userId), eq(accessGrant.nodeKind, 'region'), inArray(accessGrant.nodeId, scope.regionIds)));
    await tx.delete(accessGrant).where(and(eq(accessGrant.userId, userId), eq(accessGrant.nodeKind, 'store'), inArray(accessGrant.nodeId, scope.storeIds)));
    if (wanted.length) {
      await tx.insert(accessGrant).values(wanted.map((g) => ({ id: newId('agr'), userId, nodeKind: g.kind, nodeId: g.id }))).onConflictDoNothing();
    }
  });
  return { userId, grants: await visibleGrants(database.db, scope, userId) };
}
