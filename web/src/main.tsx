/**
 * Entry: query client, i18n, and the router with one lazily loaded chunk per route. Pages the
 * server rendered (home, category, product, search, the cart's shell: src/flows/storefront) show their content before this
 * runs; the app replaces that markup once the page's chunk and strings are loaded, so nothing
 * blank is ever painted, starting from the answers the server embedded (`#app-data`).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { i18nReady } from './i18n';
import './ui/theme.css';
import { storeRoutes } from './routes/store/routes';
import { adminRoutes } from './routes/admin/routes';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });

// The server's answers for this page, as [queryKey, data] pairs.
const embedded = document.getElementById('app-data');
if (embedded?.textContent) {
  for (const [key, data] of JSON.parse(embedded.textContent) as [unknown[], unknown][]) queryClient.setQueryData(key, data);
}

const router = createBrowserRouter([...storeRoutes, ...adminRoutes]);
const routerReady = new Promise<void>((resolve) => {
  if (router.state.initialized) return resolve();
  const stop = router.subscribe((state) => {
    if (!state.initialized) return;
    stop();
    resolve();
  });
});
await Promise.all([i18nReady, routerReady]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
