/** Back-office routes under /admin: a shared layout (sign-in + permission-aware menu) and one lazily loaded chunk per page. */
import type { RouteObject } from 'react-router';
import { loadAdminStrings, loadLaterStrings } from '../../i18n';

/** The /admin layout route and its pages. */
export const adminRoutes: RouteObject[] = [
  {
    path: '/admin',
    // Never shown: main.tsx renders once the first page's chunk is loaded (the server's markup stays until then).
    HydrateFallback: () => null,
    // The back office's strings load with its layout (the storefront never downloads them).
    lazy: async () => ({ Component: (await Promise.all([import('./AdminLayout'), loadAdminStrings(), loadLaterStrings()]))[0].default }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./Dashboard')).default }) },
      { path: 'products', lazy: async () => ({ Component: (await import('./Products')).default }) },
      { path: 'products/new', lazy: async () => ({ Component: (await import('./ProductEdit')).default }) },
      { path: 'products/:id', lazy: async () => ({ Component: (await import('./ProductEdit')).default }) },
      { path: 'categories', lazy: async () => ({ Component: (await import('./Categories')).default }) },
      { path: 'orders', lazy: async () => ({ Component: (await import('./Orders')).default }) },
      { path: 'orders/packing-slips', lazy: async () => ({ Component: (await import('./PackingSlips')).default }) },
      { path: 'orders/:id', lazy: async () => ({ Component: (await import('./OrderDetail')).default }) },
      { path: 'recommendations', lazy: async () => ({ Component: (await import('./Recommendations')).default }) },
      { path: 'promotions', lazy: async () => ({ Component: (await import('./Promotions')).default }) },
      { path: 'customers', lazy: async () => ({ Component: (await import('./Customers')).default }) },
      { path: 'customers/:id', lazy: async () => ({ Component: (await import('./CustomerDetail')).default }) },
      { path: 'imports', lazy: async () => ({ Component: (await import('./Imports')).default }) },
      { path: 'support', lazy: async () => ({ Component: (await import('./Support')).default }) },
      { path: 'support/contact', lazy: async () => ({ Component: (await import('./Support')).SupportContacts }) },
      { path: 'support/canned', lazy: async () => ({ Component: (await import('./Support')).SupportCannedReplies }) },
      { path: 'support/:id', lazy: async () => ({ Component: (await import('./Support')).SupportTicket }) },
      { path: 'help', lazy: async () => ({ Component: (await import('./Help')).default }) },
      { path: 'help/articles/:id', lazy: async () => ({ Component: (await import('./Help')).HelpArticleEdit }) },
      { path: 'newsletters', lazy: async () => ({ Component: (await import('./Newsletters')).default }) },
      { path: 'sites', lazy: async () => ({ Component: (await import('./Sites')).default }) },
      { path: 'mail', lazy: async () => ({ Component: (await import('./Mail')).default }) },
      { path: 'events', lazy: async () => ({ Component: (await import('./Events')).default }) },
      { path: 'analytics', lazy: async () => ({ Component: (await import('./analytics/Dashboard')).default }) },
      { path: 'analytics/consolidation', lazy: async () => ({ Component: (await import('./analytics/Consolidation')).default }) },
      { path: 'analytics/abc', lazy: async () => ({ Component: (await import('./analytics/Analyses')).AnalyticsAbc }) },
      { path: 'analytics/customers', lazy: async () => ({ Component: (await import('./analytics/Analyses')).AnalyticsCustomers }) },
      { path: 'analytics/basket', lazy: async () => ({ Component: (await import('./analytics/Analyses')).AnalyticsBasket }) },
      { path: 'analytics/stock', lazy: async () => ({ Component: (await import('./analytics/Analyses')).AnalyticsStock }) },
      { path: 'analytics/organisation', lazy: async () => ({ Component: (await import('./analytics/Organisation')).default }) },
      { path: 'analytics/targets', lazy: async () => ({ Component: (await import('./analytics/Targets')).default }) },
      { path: 'analytics/what-if', lazy: async () => ({ Component: (await import('./analytics/WhatIf')).default }) },
      { path: 'analytics/imports', lazy: async () => ({ Component: (await import('./analytics/Imports')).default }) },
      { path: 'analytics/reports', lazy: async () => ({ Component: (await import('./analytics/Reports')).default }) },
    ],
  },
];
