/** `/reset-password#token=…`: the page of the mailed reset link; sets a new password. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Alert, Button, Field } from '../../ui';
import { linkTokenFromHash, useResetPassword } from '../../features/account/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** The new-password form; on success every session of the account has ended: sign in again. */
export default function ResetPassword() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const { hash } = useLocation();
  const token = linkTokenFromHash(hash);
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  useTitle(t('store.resetPassword.title'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token) reset.mutate({ token, password });
  };
  return (
    <div className="auth-page stack">
      <h1>{t('store.resetPassword.title')}</h1>
      {!token ? (
        <Alert>{t('common.errors.IDENTITY.INVALID_LINK')}</Alert>
      ) : reset.isSuccess ? (
        <>
          <Alert kind="success">{t('store.resetPassword.done')}</Alert>
          <p><Link to="/login">{t('store.auth.login')}</Link></p>
        </>
      ) : (
        <form className="card stack" onSubmit={submit} aria-label={t('store.resetPassword.title')}>
          <Field
            label={t('store.resetPassword.password')}
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            hint={t('store.auth.passwordHint')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {reset.isError ? <Alert>{message(reset.error)}</Alert> : null}
          <Button type="submit" disabled={reset.isPending}>{t('store.resetPassword.submit')}</Button>
        </form>
      )}
      {token && !reset.isSuccess ? <p><Link to="/forgot-password">{t('store.resetPassword.newLink')}</Link></p> : null}
    </div>
  );
}
