import type { RouteObject } from 'react-router';
import { loadLaterStrings } from '../../i18n';

/** Storefront routes: one lazily loaded chunk per page. */
export const storeRoutes: RouteObject[] = [
  {
    path: '/',
    // Never shown: main.tsx renders once the first page's chunk is loaded (the server's markup stays until then).
    HydrateFallback: () => null,
    lazy: async () => ({ Component: (await import('./Layout')).default }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./Home')).default }) },
      { path: 'c/:slug', lazy: async () => ({ Component: (await import('./Category')).default }) },
      { path: 'search', lazy: async () => ({ Component: (await import('./Search')).default }) },
      { path: 'p/:slug', lazy: async () => ({ Component: (await import('./Product')).default }) },
      { path: 'cart', lazy: async () => ({ Component: (await import('./Cart')).default }) },
      { path: 'checkout', lazy: async () => ({ Component: (await Promise.all([import('./Checkout'), loadLaterStrings()]))[0].default }) },
      { path: 'order/:id', lazy: async () => ({ Component: (await Promise.all([import('./Order'), loadLaterStrings()]))[0].default }) },
      { path: 'account', lazy: async () => ({ Component: (await Promise.all([import('./Account'), loadLaterStrings()]))[0].default }) },
      { path: 'account/addresses', lazy: async () => ({ Component: (await Promise.all([import('./AccountAddresses'), loadLaterStrings()]))[0].default }) },
      { path: 'account/orders/:id', lazy: async () => ({ Component: (await Promise.all([import('./AccountOrder'), loadLaterStrings()]))[0].default }) },
      { path: 'account/tickets', lazy: async () => ({ Component: (await Promise.all([import('./Tickets'), loadLaterStrings()]))[0].MyTickets }) },
      { path: 'support/new', lazy: async () => ({ Component: (await Promise.all([import('./Tickets'), loadLaterStrings()]))[0].NewTicket }) },
      { path: 'support/tickets/:id', lazy: async () => ({ Component: (await Promise.all([import('./Tickets'), loadLaterStrings()]))[0].TicketPage }) },
      { path: 'help', lazy: async () => ({ Component: (await Promise.all([import('./Help'), loadLaterStrings()]))[0].default }) },
      { path: 'help/:slug', lazy: async () => ({ Component: (await Promise.all([import('./HelpArticle'), loadLaterStrings()]))[0].default }) },
      { path: 'login', lazy: async () => ({ Component: (await import('./Login')).default }) },
      { path: 'register', lazy: async () => ({ Component: (await import('./Register')).default }) },
      { path: 'verify-email', lazy: async () => ({ Component: (await import('./VerifyEmail')).default }) },
      { path: 'forgot-password', lazy: async () => ({ Component: (await Promise.all([import('./ForgotPassword'), loadLaterStrings()]))[0].default }) },
      { path: 'report-unsubscribe/:id', lazy: async () => ({ Component: (await Promise.all([import('./ReportUnsubscribe'), loadLaterStrings()]))[0].default }) },
      { path: 'newsletter/confirm', lazy: async () => ({ Component: (await import('./NewsletterConfirm')).default }) },
      { path: 'newsletter/unsubscribe', lazy: async () => ({ Component: (await import('./NewsletterUnsubscribe')).default }) },
      { path: 'reset-password', lazy: async () => ({ Component: (await Promise.all([import('./ResetPassword'), loadLaterStrings()]))[0].default }) },
      { path: '*', lazy: async () => ({ Component: (await import('./NotFound')).default }) },
    ],
  },
];
