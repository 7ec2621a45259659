/** Back-office sites (sales channels): list, create, edit, delete, and the back office's current site. */
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, ok, type Body } from '../../lib/api';

/** A site as the back office sees it. */
export type Site = Awaited<ReturnType<typeof listSites>>['data'][number];

/** A new site (POST /api/admin/sites). */
export type NewSite = Body<'/api/admin/sites', 'post'>;

/** Changes to a site (PATCH /api/admin/sites/{code}; the code cannot change). */
export type SiteChanges = Body<'/api/admin/sites/{code}', 'patch'>;

/** Every site, the default one first. */
export function listSites() {
  return ok(api.GET('/api/admin/sites'));
}

/** Creates a site. */
export function createSite(body: NewSite) {
  return ok(api.POST('/api/admin/sites', { body }));
}

/** Updates a site. */
export function updateSite(code: string, body: SiteChanges) {
  return ok(api.PATCH('/api/admin/sites/{code}', { params: { path: { code } }, body }));
}

/** Deletes a site (never the default one). */
export function deleteSite(code: string) {
  return ok(api.DELETE('/api/admin/sites/{code}', { params: { path: { code } } }));
}

/** The sites, for pickers and the switcher (query key `['admin', 'sites']`). */
export function useSites(enabled = true) {
  return useQuery({ queryKey: ['admin', 'sites'], queryFn: listSites, staleTime: 60_000, enabled });
}

const STORAGE_KEY = 'comptoir.admin.site';
const listeners = new Set<() => void>();

function stored(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

let current = typeof window === 'undefined' ? '' : stored();

/** Sets the back office's current site (`''`: all sites), kept in this browser. */
export function setAdminSite(code: string): void {
  current = code;
  try {
    if (code) localStorage.setItem(STORAGE_KEY, code);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // No storage (private mode): the choice lasts until the page reloads.
  }
  for (const l of listeners) l();
}

/** The back office's current site code (`''`: all sites): the order, product, promotion, newsletter, ticket and contact lists show only its records. */
export function useAdminSite(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
    () => '',
  );
}
