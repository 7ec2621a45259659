import type { RoleName } from '../identity.contract.js';

/**
 * Roles and the permissions they grant. Pure data and functions, no I/O.
 *
 * Permissions are `resource:action` strings (`catalog:write`, `orders:read`); the special
 * permission `*` grants everything (see platform/auth.ts `hasPermission`). A user's permissions
 * are the union of the permissions of their roles; they are computed when an access token is
 * issued and carried inside it.
 */

/** Every role name, in display order (most to least privileged). */
export const ROLE_NAMES: readonly RoleName[] = ['admin', 'manager', 'analyst', 'support', 'customer'];

/**
 * Role → granted permissions.
 * - `admin`: everything (`*`), including user management (`users:read`, `users:write`).
 * - `manager`: runs the shop: catalog, inventory, orders, promotions, imports; reads customers,
 *   the mail and SMS customers were sent, and the events dead-letter list.
 *   It also manages the analytics organisation, targets and saved what-if scenarios
 *   (`analytics:read`, `analytics:write`, `targets:write`, `scenarios:write`); what it sees there
 *   is limited by its analytics grants. It reads the sites (`sites:read`, the back office's site switcher).
 * - `analyst`: reads the analytics dashboards and reports (within its analytics grants).
 * - `support`: handles tickets and contact messages, writes the help centre (`content:write`);
 *   reads orders and customers to answer them.
 * - `customer`: nothing beyond their own data (own profile, cart, orders: checked by ownership,
 *   not by permission).
 */
export const ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly string[]>> = {
  admin: ['*'],
  manager: [
    'catalog:read',
    'catalog:write',
    'inventory:read',
    'inventory:write',
    'orders:read',
    'orders:write',
    'promotions:read',
    'promotions:write',
    'imports:read',
    'imports:write',
    'customers:read',
    'mail:read',
    'events:read',
    'analytics:read',
    'analytics:write',
    'targets:write',
    'scenarios:write',
    'sites:read',
    'newsletters:read',
    'newsletters:write',
  ],
  analyst: ['analytics:read'],
  support: ['support:read', 'support:write', 'content:write', 'orders:read', 'customers:read', 'mail:read'],
  customer: [],
};

/** True when `value` names a known role. */
export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

/**
 * The permissions granted by `roles`: their union, deduplicated and sorted; `['*']` alone when
 * any role grants `*`. Unknown role names grant nothing.
 */
export function permissionsFor(roles: readonly string[]): string[] {
  const granted = new Set<string>();
  for (const role of roles) {
    if (!isRoleName(role)) continue;
    for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  }
  if (granted.has('*')) return ['*'];
  return [...granted].sort();
}

/**
 * Normalises a role list for storage: known roles only, deduplicated, in {@link ROLE_NAMES}
 * order; `['customer']` when nothing remains.
 */
export function normalizeRoles(roles: readonly string[]): RoleName[] {
  const kept = ROLE_NAMES.filter((r) => roles.includes(r));
  return kept.length > 0 ? kept : ['customer'];
}
