/**
 * Sign-in and registration form. Sign-in goes to `?next=` (a local path) or the account; sign-up
 * shows the API's answer (a verification link was mailed) in place of the form.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Field } from '../../ui';
import { useProblemMessage } from '../../lib/problem';
import { useRegister, useSignIn } from './api';

/** `mode` picks sign in or create account. */
export function AuthForm({ mode }: { mode: 'login' | 'register' }) {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const nextRaw = params.get('next') ?? '/account';
  const next = nextRaw.startsWith('/') && !nextRaw.startsWith('//') ? nextRaw : '/account';
  const signIn = useSignIn();
  const signUp = useRegister();
  const [v, setV] = useState({ email: '', password: '', firstName: '', lastName: '' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const register = mode === 'register';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (register) signUp.mutate({ email: v.email.trim(), password: v.password, locale: i18n.language.startsWith('fr') ? 'fr' : 'en', ...(v.firstName ? { firstName: v.firstName } : {}), ...(v.lastName ? { lastName: v.lastName } : {}) });
    else signIn.mutate({ email: v.email.trim(), password: v.password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  const pending = register ? signUp : signIn;
  if (register && signUp.isSuccess) {
    return (
      <div className="auth-page stack">
        <h1>{t('store.auth.registerTitle')}</h1>
        <Alert kind="success">{t('store.auth.checkMail', { email: v.email.trim() })}</Alert>
        <p><Link to="/login">{t('store.auth.login')}</Link></p>
      </div>
    );
  }
  const other = `${register ? '/login' : '/register'}${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`;
  return (
    <div className="auth-page stack">
      <h1>{register ? t('store.auth.registerTitle') : t('store.auth.loginTitle')}</h1>
      <form className="card stack" onSubmit={submit} aria-label={register ? t('store.auth.registerTitle') : t('store.auth.loginTitle')}>
        {register ? (
          <div className="form-grid">
            <Field label={t('store.address.firstName')} autoComplete="given-name" value={v.firstName} onChange={set('firstName')} />
            <Field label={t('store.address.lastName')} autoComplete="family-name" value={v.lastName} onChange={set('lastName')} />
          </div>
        ) : null}
        <Field label={t('store.auth.email')} type="email" autoComplete="email" required value={v.email} onChange={set('email')} />
        <Field
          label={t('store.auth.password')}
          type="password"
          autoComplete={register ? 'new-password' : 'current-password'}
          required
          minLength={register ? 8 : undefined}
          hint={register ? t('store.auth.passwordHint') : undefined}
          value={v.password}
          onChange={set('password')}
        />
        {pending.isError ? <Alert>{message(pending.error)}</Alert> : null}
        <Button type="submit" disabled={pending.isPending}>{register ? t('store.auth.register') : t('store.auth.login')}</Button>
      </form>
      {register ? null : <p><Link to="/forgot-password">{t('store.auth.forgot')}</Link></p>}
      <p>
        {register ? t('store.auth.haveAccount') : t('store.auth.noAccount')} <Link to={other}>{register ? t('store.auth.login') : t('store.auth.register')}</Link>
      </p>
    </div>
  );
}
