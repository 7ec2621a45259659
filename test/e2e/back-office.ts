/** Steps in the back office that several browser stories share. */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { ADMIN, VIEWPORTS } from './harness.js';
import { tr } from './i18n.js';

/**
 * Opens `path` (default `/admin`), which shows the back office's sign-in form to a visitor, and
 * signs in there as `who` (default the admin) through the form's English labels. Returns once the
 * form is submitted: the caller waits for the page it expects next.
 */
export async function signInToBackOffice(page: Page, who: { email: string; password: string } = ADMIN, path = '/admin'): Promise<void> {
  await page.goto(path);
  await page.getByLabel(tr('en', 'admin.signIn.email'), { exact: true }).fill(who.email);
  await page.getByLabel(tr('en', 'admin.signIn.password'), { exact: true }).fill(who.password);
  await page.getByRole('button', { name: tr('en', 'admin.signIn.submit') }).click();
}

/**
 * A desktop browser context on `baseURL` (British English, Paris time, `step` ms per UI step,
 * plus `options`) whose page has signed in as the admin and shows the dashboard; `errors`
 * collects the page's uncaught errors.
 */
export async function adminOnDashboard(browser: Browser, baseURL: string, step: number, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORTS.desktop, locale: 'en-GB', timezoneId: 'Europe/Paris', ...options });
  context.setDefaultTimeout(step);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signInToBackOffice(page);
  await page.getByRole('heading', { level: 1, name: tr('en', 'admin.dashboard.title') }).waitFor();
  return { context, page, errors };
}
