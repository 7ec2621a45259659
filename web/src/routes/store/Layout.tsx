/** Storefront shell: skip link, header (logo, search, categories, account, notifications, cart, language), main, footer. */
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useCategories } from '../../features/catalog/api';
import { SearchBox } from '../../features/catalog/SearchBox';
import { useCart } from '../../features/cart/api';
import { useMe, useNotifications } from '../../features/account/api';
import { usePaymentMethods } from '../../features/checkout/api';
import { useCurrentSite } from '../../features/sites/current';
import { formatNumber } from '../../lib/format';

/** The footer's newsletter form, loaded after the page (it is below the fold): not in the first page's JavaScript. */
const NewsletterSignup = lazy(async () => ({ default: (await import('../../features/newsletters/NewsletterSignup')).NewsletterSignup }));

/** English / Français toggle; the choice is persisted by i18n. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const langs = [
    { code: 'en', label: 'English' },
    { code: 'fr', label: 'Français' },
  ];
  return (
    <div role="group" aria-label={t('store.header.language')} className="lang-switch">
      {langs.map((l) => (
        <button key={l.code} type="button" lang={l.code} aria-pressed={i18n.language === l.code} onClick={() => void i18n.changeLanguage(l.code)}>
          {l.label}
        </button>
      ))}
    </div>
  );
}

/** Storefront shell with the header and footer around the current page. */
export default function Layout() {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const { data: categories } = useCategories();
  const { data: cart } = useCart();
  const { data: me } = useMe();
  const { data: notes } = useNotifications(Boolean(me));
  const { data: site } = useCurrentSite();
  const count = cart?.itemCount ?? 0;
  const unread = notes?.unread ?? 0;

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  // The test card provider is on in production (PAYMENTS_TEST_MODE): say so on every page.
  const testMode = usePaymentMethods().data?.some((m) => m.testMode) ?? false;

  return (
    <>
      <a className="skip-link" href="#main">{t('store.header.skip')}</a>
      {testMode ? <div className="test-mode-banner" role="status" data-testid="test-mode-banner">{t('store.checkout.testModeBanner')}</div> : null}
      <header className="store-header">
        <div className="container store-header-top">
          <Link to="/" className="store-logo">
            {/* Another site than the default one shows its own name, or its logo when it is a path on the shop (the page's CSP allows only its own images). */}
            {site && site.code !== 'default' ? (site.theme.logoUrl?.startsWith('/') ? <img src={site.theme.logoUrl} alt={site.name} style={{ maxHeight: 40 }} /> : site.name) : t('app.name')}
          </Link>
          <SearchBox />
          <ul className="store-actions">
            <li>
              <NavLink to={me ? '/account' : '/login'}>{me ? t('store.header.account') : t('store.header.signIn')}</NavLink>
            </li>
            {me ? (
              <li>
                <Link to="/account#notifications" aria-label={t('store.header.notificationsLabel', { count: unread })}>
                  {t('store.header.notifications')}{' '}
                  {unread > 0 ? <span className="count-badge" aria-hidden="true">{formatNumber(unread, i18n.language)}</span> : null}
                </Link>
              </li>
            ) : null}
            <li>
              <NavLink to="/cart" aria-label={t('store.header.cartLabel', { count })}>
                {t('store.header.cart')} <span className="count-badge" aria-hidden="true" data-testid="cart-count">{formatNumber(count, i18n.language)}</span>
              </NavLink>
            </li>
            <li>
              <LanguageSwitch />
            </li>
          </ul>
        </div>
        <nav aria-label={t('store.header.categories')} className="store-nav">
          <ul className="container">
            {(categories ?? []).map((c) => (
              <li key={c.id}>
                <NavLink to={`/c/${c.slug}`}>{c.name}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="container store-main">
        <Outlet />
      </main>
      <footer className="store-footer">
        <div className="container">
          <Suspense fallback={null}>
            <NewsletterSignup />
          </Suspense>
          <p>{t('store.footer.text')}</p>
          <p><Link to="/help">{t('store.footer.help')}</Link> · <Link to="/support/new">{t('store.footer.contact')}</Link></p>
          <p className="muted">{t('store.footer.data')}</p>
        </div>
      </footer>
    </>
  );
}
