/** Back-office routes under /admin: one lazily loaded chunk per page. */
import type { RouteObject } from 'react-router';

export const adminRoutes: RouteObject[] = [
  { path: '/admin', lazy: async () => ({ Component: (await import('./Dashboard')).default }) },
];
