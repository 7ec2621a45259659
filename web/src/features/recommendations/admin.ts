/** Back-office recommendations: merchandiser pins and exclusions (applied at once by the server), and model builds. */
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../lib/api';

/** A model build: status, trigger, figures (baskets, items, customers, duration ms, peak memory MB) and times (UTC ISO 8601). */
export type ModelBuild = Awaited<ReturnType<typeof listBuilds>>['data'][number];

/** Pins per product and exclusions (products and categories), as GET /api/admin/recommendations/controls answers them. */
export type Controls = Awaited<ReturnType<typeof controls>>;

/** What an exclusion targets. */
export type ExclusionKind = Controls['exclusions'][number]['kind'];

/** Cache key shared by the page and the product page's section. */
export const CONTROLS_KEY = ['admin', 'recommendations', 'controls'];
/** Cache key of the builds list. */
export const BUILDS_KEY = ['admin', 'recommendations', 'builds'];

function controls() {
  return ok(api.GET('/api/admin/recommendations/controls'));
}

function listBuilds() {
  return ok(api.GET('/api/admin/recommendations/builds'));
}

/** The merchandiser's controls (needs `catalog:read`). */
export function useControls() {
  return useQuery({ queryKey: CONTROLS_KEY, queryFn: controls });
}

/** The latest 20 builds, newest first; polled every 3 s while one is running. */
export function useBuilds() {
  return useQuery({
    queryKey: BUILDS_KEY,
    queryFn: listBuilds,
    refetchInterval: (query) => (query.state.data?.data.some((b) => b.status === 'running') ? 3_000 : false),
  });
}

/** Replaces the products pinned to `productId`'s list, in order (empty removes them); 404 CATALOG.PRODUCT_NOT_FOUND for an unknown or unpublished one. */
export function setPins(productId: string, productIds: string[]) {
  return ok(api.PUT('/api/admin/recommendations/products/{id}/pins', { params: { path: { id: productId } }, body: { productIds } }));
}

/** Never recommends a product, or any product of a category and its subcategories. */
export function exclude(kind: ExclusionKind, id: string) {
  return ok(api.POST('/api/admin/recommendations/exclusions', { body: { kind, id } }));
}

/** Lifts an exclusion. */
export function include(kind: ExclusionKind, id: string) {
  return ok(api.DELETE('/api/admin/recommendations/exclusions/{kind}/{id}', { params: { path: { kind, id } } }));
}

/** Starts a model build; 409 RECOMMENDATIONS.BUILD_RUNNING (with `buildId`) while one runs. */
export function startBuild() {
  return ok(api.POST('/api/admin/recommendations/builds'));
}
