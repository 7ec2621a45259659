/** Steps in the back office that several browser stories share. */
import type { Page } from 'playwright-core';
import { ADMIN } from './harness.js';
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
