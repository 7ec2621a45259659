/** Back-office users: customers and staff, their roles. */
import { useQuery } from '@tanstack/react-query';
import { api, ok, type Query } from '../../lib/api';
import { downloadFile } from '../admin/list';

/** A user account. */
export type User = Awaited<ReturnType<typeof listUsers>>['data'][number];

/** A role name. */
export type Role = User['roles'][number];

/** Role names, most to least privileged. */
export const ROLES = ['admin', 'manager', 'analyst', 'support', 'customer'] as const satisfies readonly Role[];

/** Search, role filter and page of GET /api/admin/users. */
export type UserListQuery = Query<'/api/admin/users'>;

/** A page of users. */
export function listUsers(query: UserListQuery) {
  return ok(api.GET('/api/admin/users', { params: { query } }));
}

/** Downloads the users of `query` (search, role, sort) as CSV (every page). */
export function exportUsers(query: Query<'/api/admin/users/export'>) {
  return downloadFile(api.GET('/api/admin/users/export', { params: { query }, parseAs: 'blob' }), 'customers.csv');
}

/** "First Last", or null when the user has no name. */
export function fullName(u: Pick<User, 'firstName' | 'lastName'>): string | null {
  return [u.firstName, u.lastName].filter(Boolean).join(' ') || null;
}

/** One user. */
export function useUser(id: string) {
  return useQuery({ queryKey: ['admin', 'users', 'one', id], queryFn: () => ok(api.GET('/api/admin/users/{id}', { params: { path: { id } } })) });
}

/** A customer's saved addresses, defaults first (GET /api/admin/users/{id}/addresses). */
export function useCustomerAddresses(id: string) {
  return useQuery({ queryKey: ['admin', 'users', 'addresses', id], queryFn: async () => (await ok(api.GET('/api/admin/users/{id}/addresses', { params: { path: { id } } }))).data });
}

/** Replaces a user's roles and the sites whose back office they are limited to (null: every site); answers the user. */
export function saveAccess(id: string, roles: Role[], sites: string[] | null) {
  return ok(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body: { roles, sites } }));
}

/** Staff's tags and notes on a customer (newest note first). */
export function useStaffNotes(id: string) {
  return useQuery({ queryKey: ['admin', 'users', 'notes', id], queryFn: () => ok(api.GET('/api/admin/users/{id}/notes', { params: { path: { id } } })) });
}

/** Adds a staff note on a customer; answers their tags and notes. */
export function addCustomerNote(id: string, body: string) {
  return ok(api.POST('/api/admin/users/{id}/notes', { params: { path: { id } }, body: { body } }));
}

/** Replaces staff's tags on a customer; answers their tags and notes. */
export function setCustomerTags(id: string, tags: string[]) {
  return ok(api.PUT('/api/admin/users/{id}/tags', { params: { path: { id } }, body: { tags } }));
}
