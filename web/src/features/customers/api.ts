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

/** Replaces a user's roles; answers the user. */
export function saveRoles(id: string, roles: Role[]) {
  return ok(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body: { roles } }));
}
