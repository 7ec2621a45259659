/** `/account`: profile (name, language), address book link, order history, notifications, sign out (here or on every device), download my data, delete my account. */
import { RecommendationsBlock } from '../../features/recommendations/RecommendationsBlock';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, EmptyState, Field, Loading, Pagination, Price, SelectField, TableScroll } from '../../ui';
import { AccountNewsletter } from '../../features/newsletters/AccountNewsletter';
import { useChangePassword, useMarkRead, useMe, useMyOrders, useNotifications, useSignOut, useSignOutEverywhere, useUpdateProfile, type User } from '../../features/account/api';
import { useDeleteAccount, useDownloadMyData } from '../../features/account/addresses';
import { OrderStatus } from '../../features/account/OrderDetail';
import { formatDateTime } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

function Profile({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const update = useUpdateProfile();
  const [v, setV] = useState({ firstName: user.firstName ?? '', lastName: user.lastName ?? '', locale: user.locale });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { firstName: v.firstName.trim() || null, lastName: v.lastName.trim() || null, locale: v.locale },
      { onSuccess: (u) => void i18n.changeLanguage(u.locale) },
    );
  };
  return (
    <section className="card stack" aria-labelledby="profile">
      <h2 id="profile">{t('store.account.profile')}</h2>
      <p>{t('store.account.email', { email: user.email })}</p>
      <form className="stack" onSubmit={submit}>
        <div className="form-grid">
          <Field label={t('store.address.firstName')} autoComplete="given-name" value={v.firstName} onChange={(e) => setV({ ...v, firstName: e.target.value })} />
          <Field label={t('store.address.lastName')} autoComplete="family-name" value={v.lastName} onChange={(e) => setV({ ...v, lastName: e.target.value })} />
          <SelectField label={t('store.account.language')} value={v.locale} onChange={(e) => setV({ ...v, locale: e.target.value === 'fr' ? 'fr' : 'en' })}>
            <option value="en" lang="en">English</option>
            <option value="fr" lang="fr">Français</option>
          </SelectField>
        </div>
        {update.isError ? <Alert>{message(update.error)}</Alert> : null}
        {update.isSuccess ? <Alert kind="success">{t('store.account.saved')}</Alert> : null}
        <div><Button type="submit" disabled={update.isPending}>{t('store.account.save')}</Button></div>
      </form>
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const change = useChangePassword();
  const [v, setV] = useState({ currentPassword: '', newPassword: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(v, { onSuccess: () => setV({ currentPassword: '', newPassword: '' }) });
  };
  return (
    <section className="card stack" aria-labelledby="password">
      <h2 id="password">{t('store.account.password')}</h2>
      <form className="stack" onSubmit={submit}>
        <div className="form-grid">
          <Field label={t('store.account.currentPassword')} type="password" autoComplete="current-password" required value={v.currentPassword} onChange={(e) => setV({ ...v, currentPassword: e.target.value })} />
          <Field label={t('store.resetPassword.password')} type="password" autoComplete="new-password" required minLength={8} hint={t('store.auth.passwordHint')} value={v.newPassword} onChange={(e) => setV({ ...v, newPassword: e.target.value })} />
        </div>
        {change.isError ? <Alert>{message(change.error)}</Alert> : null}
        {change.isSuccess ? <Alert kind="success">{t('store.account.passwordChanged')}</Alert> : null}
        <div><Button type="submit" disabled={change.isPending}>{t('store.account.changePassword')}</Button></div>
      </form>
    </section>
  );
}

function Orders() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const [page, setPage] = useState(1);
  const orders = useMyOrders(page, true);
  return (
    <section className="card stack" aria-labelledby="orders">
      <h2 id="orders">{t('store.account.orders')}</h2>
      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <Alert>{message(orders.error)}</Alert>
      ) : orders.data.data.length === 0 ? (
        <EmptyState>{t('store.account.noOrders')}</EmptyState>
      ) : (
        <>
          <TableScroll>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('store.order.number')}</th>
                  <th scope="col">{t('store.order.placedAt')}</th>
                  <th scope="col">{t('store.order.status')}</th>
                  <th scope="col" className="num">{t('store.totals.total')}</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.data.map((o) => (
                  <tr key={o.id}>
                    <td><Link to={`/account/orders/${o.id}`}>{o.number}</Link></td>
                    <td>{formatDateTime(o.placedAt, i18n.language)}</td>
                    <td><OrderStatus status={o.status} /></td>
                    <td className="num"><Price money={o.totals.total} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pagination area="store" page={page} limit={orders.data.pagination.limit} total={orders.data.pagination.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function Notifications() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const notes = useNotifications(true);
  const markRead = useMarkRead();
  const navigate = useNavigate();
  return (
    <section className="card stack" aria-labelledby="notifications">
      <div className="row space-between">
        <h2 id="notifications">{t('store.account.notifications')}</h2>
        {notes.data && notes.data.unread > 0 ? (
          <Button variant="secondary" className="btn-small" onClick={() => markRead.mutate(null)}>{t('store.account.markAllRead')}</Button>
        ) : null}
      </div>
      {notes.isPending ? (
        <Loading />
      ) : notes.isError ? (
        <Alert>{message(notes.error)}</Alert>
      ) : notes.data.data.length === 0 ? (
        <EmptyState>{t('store.account.noNotifications')}</EmptyState>
      ) : (
        <ul className="plain-list stack">
          {notes.data.data.map((n) => (
            <li key={n.id} className={n.read ? 'notification' : 'notification unread'}>
              <h3>
                {n.read ? null : <span className="badge badge-warning">{t('store.account.new')}</span>} {n.title}
              </h3>
              <p>{n.body}</p>
              <p className="row">
                <time className="muted" dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                {n.link ? (
                  <Link
                    to={n.link}
                    onClick={(e) => {
                      if (n.read) return;
                      e.preventDefault();
                      markRead.mutate(n.id, { onSettled: () => navigate(n.link ?? '/account') });
                    }}
                  >
                    {t('store.account.open')}
                  </Link>
                ) : null}
                {n.read ? null : (
                  <Button variant="secondary" className="btn-small" onClick={() => markRead.mutate(n.id)}>
                    {t('store.account.markRead')}<span className="sr-only"> — {n.title}</span>
                  </Button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Addresses() {
  const { t } = useTranslation();
  return (
    <section className="card stack" aria-labelledby="addresses">
      <h2 id="addresses">{t('store.addresses.title')}</h2>
      <p>{t('store.addresses.intro')}</p>
      <p><Link to="/account/addresses">{t('store.addresses.manage')}</Link></p>
      <p><Link to="/account/tickets">{t('store.tickets.mine')}</Link></p>
    </section>
  );
}

/** "Download my data" and "Delete my account" (password and an explicit confirmation first). */
function MyData() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const navigate = useNavigate();
  const download = useDownloadMyData();
  const erase = useDeleteAccount();
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!understood) return;
    erase.mutate(password, { onSuccess: () => navigate('/') });
  };
  return (
    <section className="card stack" aria-labelledby="my-data">
      <h2 id="my-data">{t('store.myData.title')}</h2>
      <p>{t('store.myData.downloadIntro')}</p>
      <div><Button variant="secondary" disabled={download.isPending} onClick={() => download.mutate()}>{t('store.myData.download')}</Button></div>
      {download.isError ? <Alert>{message(download.error)}</Alert> : null}
      <form className="stack" onSubmit={submit} aria-labelledby="delete-account">
        <h3 id="delete-account">{t('store.myData.deleteTitle')}</h3>
        <p>{t('store.myData.deleteIntro')}</p>
        <Field label={t('store.account.currentPassword')} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <label className="row" style={{ gap: 6 }}>
          <input type="checkbox" required checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> {t('store.myData.confirm')}
        </label>
        {erase.isError ? <Alert>{message(erase.error)}</Alert> : null}
        <div><Button type="submit" variant="danger" disabled={erase.isPending || !understood}>{t('store.myData.delete')}</Button></div>
      </form>
    </section>
  );
}

/** The account page (signed-in only; guests are sent to /login). */
export default function Account() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOutEverywhere();
  const message = useProblemMessage();
  const navigate = useNavigate();
  const { hash } = useLocation();
  useTitle(t('store.account.title'));
  const ready = Boolean(me.data);
  useEffect(() => {
    if (ready && hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [ready, hash]);
  if (me.isPending) return <Loading />;
  // While signing out, the navigation home is under way: no detour through /login.
  if (!me.data) return signOut.isIdle && signOutEverywhere.isIdle ? <Navigate to="/login?next=/account" replace /> : null;
  return (
    <div className="stack">
      <div className="row space-between">
        <h1>{t('store.account.title')}</h1>
        <div className="row">
          <Button variant="secondary" disabled={signOutEverywhere.isPending} onClick={() => signOutEverywhere.mutate(undefined, { onSuccess: () => navigate('/') })}>
            {t('store.account.signOutEverywhere')}
          </Button>
          <Button variant="secondary" onClick={() => {
              navigate('/');
              signOut.mutate();
            }}>{t('store.account.signOut')}</Button>
        </div>
      </div>
      {signOutEverywhere.isError ? <Alert>{message(signOutEverywhere.error)}</Alert> : null}
      <Profile user={me.data} />
      <ChangePassword />
      <Addresses />
      <RecommendationsBlock target={{ kind: 'buy-again' }} />
      <RecommendationsBlock target={{ kind: 'for-you' }} />
      <Orders />
      <Notifications />
      <AccountNewsletter />
      <MyData />
    </div>
  );
}
