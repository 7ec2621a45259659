/** Back-office shell: header, permission-aware menu, the page, footer; the sign-in form when signed out. */
import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { ApiError, session } from '../../lib/api';
import { Alert, Button, Loading } from '../../ui';
import { hasPermission, logout, notifySession, useClaims } from '../../features/admin/auth';
import { SignIn } from '../../features/admin/SignIn';
import { SiteSwitcher } from '../../features/sites/SiteSwitcher';

/** Menu entries, the permission each needs (none: always shown), and a label key when not `admin.nav.<key>`. */
const MENU: { to: string; key: string; permission?: string; label?: string }[] = [
  { to: '/admin', key: 'dashboard' },
  { to: '/admin/products', key: 'products', permission: 'catalog:read' },
  { to: '/admin/categories', key: 'categories', permission: 'catalog:write' },
  { to: '/admin/recommendations', key: 'recommendations', permission: 'catalog:read' },
  { to: '/admin/orders', key: 'orders', permission: 'orders:read' },
  { to: '/admin/promotions', key: 'promotions', permission: 'promotions:read' },
  { to: '/admin/customers', key: 'customers', permission: 'users:read' },
  { to: '/admin/imports', key: 'imports', permission: 'imports:read' },
  { to: '/admin/support', key: 'support', permission: 'support:read' },
  { to: '/admin/help', key: 'help', permission: 'content:write' },
  { to: '/admin/newsletters', key: 'newsletters', permission: 'newsletters:read' },
  { to: '/admin/sites', key: 'sites', permission: 'sites:read' },
  { to: '/admin/mail', key: 'mail', permission: 'mail:read' },
  { to: '/admin/events', key: 'events', permission: 'events:read' },
  { to: '/admin/analytics', key: 'analytics', permission: 'analytics:read', label: 'analytics.nav' },
];

function LanguageSwitch() {
  const { i18n } = useTranslation();
  const other = i18n.language === 'fr' ? 'en' : 'fr';
  return (
    <Button variant="secondary" className="btn-small btn-link" lang={other} onClick={() => void i18n.changeLanguage(other)}>
      {other === 'fr' ? 'Français' : 'English'}
    </Button>
  );
}

function Shell({ children, signedIn }: { children: ReactNode; signedIn: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const signOut = async () => {
    session.set(null);
    qc.clear();
    notifySession();
    await logout();
  };
  return (
    <>
      <a className="skip-link" href="#admin-main">{t('admin.skipToContent')}</a>
      <header className="admin-header">
        <div className="container">
          <Link className="admin-brand" to="/admin">{t('admin.title')}</Link>
          <div className="row" style={{ gap: 16 }}>
            {signedIn ? <SiteSwitcher /> : null}
            <LanguageSwitch />
            <Link to="/">{t('admin.viewShop')}</Link>
            {signedIn ? <Button variant="secondary" className="btn-small btn-link" onClick={() => void signOut()}>{t('admin.signOut')}</Button> : null}
          </div>
        </div>
      </header>
      {children}
      <footer className="admin-footer">
        <div className="container">{t('admin.footer')}</div>
      </footer>
    </>
  );
}

/** The /admin layout route. */
export default function AdminLayout() {
  const { t } = useTranslation();
  const claims = useClaims();
  const qc = useQueryClient();
  // After a reload the access token comes back from the refresh cookie: wait for it before offering sign-in.
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    void session.restore().finally(() => setRestored(true));
  }, []);

  // A refused session (refresh failed: lib/api cleared the tokens) shows the sign-in form again.
  useEffect(
    () =>
      qc.getQueryCache().subscribe((event) => {
        const error = event.query.state.error;
        if (error instanceof ApiError && error.status === 401) notifySession();
      }),
    [qc],
  );

  if (!claims && !restored) {
    return (
      <Shell signedIn={false}>
        <main id="admin-main" className="container admin-main" style={{ padding: '32px 16px' }}>
          <Loading />
        </main>
      </Shell>
    );
  }
  if (!claims) {
    return (
      <Shell signedIn={false}>
        <main id="admin-main" className="container admin-main" style={{ padding: '32px 16px' }}>
          <SignIn />
        </main>
      </Shell>
    );
  }
  const items = MENU.filter((item) => !item.permission || hasPermission(claims, item.permission));
  const staff = claims.permissions.length > 0;
  return (
    <Shell signedIn>
      <div className="container admin-body">
        <nav className="admin-nav" aria-label={t('admin.menu')}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/admin'}>{t(item.label ?? `admin.nav.${item.key}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="admin-main" className="admin-main stack">
          {staff ? <Outlet /> : <Alert>{t('admin.notStaff')}</Alert>}
        </main>
      </div>
    </Shell>
  );
}
