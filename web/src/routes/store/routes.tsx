/** Storefront routes: one lazily loaded chunk per page. */
import type { RouteObject } from 'react-router';

export const storeRoutes: RouteObject[] = [
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./Layout')).default }),
    children: [{ index: true, lazy: async () => ({ Component: (await import('./Home')).default }) }],
  },
];
