/** Back-office promotions: list with usage counts, create, edit, disable/enable. */
import { api, ok, type Body, type Query } from '../../lib/api';

/** A promotion code with its usage. */
export type Promotion = Awaited<ReturnType<typeof listPromotions>>['data'][number];

/** Promotion types. */
export const PROMOTION_TYPES = ['percentage', 'fixed_amount', 'free_shipping'] as const satisfies readonly Promotion['type'][];

/** A new promotion (POST /api/admin/promotions). */
export type NewPromotion = Body<'/api/admin/promotions', 'post'>;

/** Changes to a promotion (PATCH /api/admin/promotions/{id}; the code cannot change). */
export type PromotionChanges = Body<'/api/admin/promotions/{id}', 'patch'>;

/** A page of promotions. */
export function listPromotions(query: Query<'/api/admin/promotions'>) {
  return ok(api.GET('/api/admin/promotions', { params: { query } }));
}

/** Creates a promotion. */
export function createPromotion(body: NewPromotion) {
  return ok(api.POST('/api/admin/promotions', { body }));
}

/** Updates a promotion. */
export function updatePromotion(id: string, body: PromotionChanges) {
  return ok(api.PATCH('/api/admin/promotions/{id}', { params: { path: { id } }, body }));
}

/** Disables (`disabled: true`) or enables a promotion. */
export function setPromotionDisabled(id: string, disabled: boolean) {
  const params = { params: { path: { id } } };
  return disabled ? ok(api.POST('/api/admin/promotions/{id}/disable', params)) : ok(api.POST('/api/admin/promotions/{id}/enable', params));
}
