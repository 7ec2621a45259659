import { describe, expect, it } from 'vitest';
import { isRoleName, normalizeRoles, permissionsFor, ROLE_NAMES, ROLE_PERMISSIONS } from './roles.js';

describe('roles', () => {
  it('grants admin everything through *', () => {
    expect(permissionsFor(['admin'])).toEqual(['*']);
    expect(permissionsFor(['manager', 'admin'])).toEqual(['*']);
  });

  it('grants a manager the shop permissions and the analytics organisation and targets, nothing about users', () => {
    const p = permissionsFor(['manager']);
    expect(p).toEqual([
      'analytics:read', 'analytics:write', 'catalog:read', 'catalog:write', 'customers:read', 'events:read', 'imports:read', 'imports:write',
      'inventory:read', 'inventory:write', 'mail:read', 'newsletters:read', 'newsletters:write', 'orders:read', 'orders:write', 'promotions:read', 'promotions:write', 'scenarios:write', 'sites:read', 'targets:write',
    ]);
    expect(p).not.toContain('users:read');
    expect(p).not.toContain('users:write');
  });

  it('grants analyst and support their own permissions', () => {
    expect(permissionsFor(['analyst'])).toEqual(['analytics:read']);
    expect(permissionsFor(['support'])).toEqual(['content:write', 'customers:read', 'mail:read', 'orders:read', 'support:read', 'support:write']);
  });

  it('grants a customer nothing', () => {
    expect(permissionsFor(['customer'])).toEqual([]);
    expect(permissionsFor([])).toEqual([]);
  });

  it('unions several roles without duplicates', () => {
    expect(permissionsFor(['analyst', 'support', 'support'])).toEqual(['analytics:read', 'content:write', 'customers:read', 'mail:read', 'orders:read', 'support:read', 'support:write']);
  });

  it('ignores unknown role names', () => {
    expect(permissionsFor(['root', 'analyst'])).toEqual(['analytics:read']);
    expect(isRoleName('root')).toBe(false);
    expect(isRoleName('support')).toBe(true);
  });

  it('uses resource:action permission names', () => {
    for (const role of ROLE_NAMES) {
      for (const p of ROLE_PERMISSIONS[role]) expect(p === '*' || /^[a-z]+:[a-z]+$/.test(p)).toBe(true);
    }
  });

  it('normalises role lists for storage', () => {
    expect(normalizeRoles(['support', 'admin', 'support'])).toEqual(['admin', 'support']);
    expect(normalizeRoles(['bogus'])).toEqual(['customer']);
    expect(normalizeRoles([])).toEqual(['customer']);
  });
});
