/** `/forgot-password`: asks for a password-reset link by mail. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Field } from '../../ui';
import { useRequestPasswordReset } from '../../features/account/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** The email form; afterwards the same message whether or not an account has the address. */
export default function ForgotPassword() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  useTitle(t('store.forgotPassword.title'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate(email.trim());
  };
  return (
    <div className="auth-page stack">
      <h1>{t('store.forgotPassword.title')}</h1>
      {request.isSuccess ? (
        <Alert kind="success">{t('store.forgotPassword.sent', { email: email.trim() })}</Alert>
      ) : (
        <form className="card stack" onSubmit={submit} aria-label={t('store.forgotPassword.title')}>
          <p>{t('store.forgotPassword.text')}</p>
          <Field label={t('store.auth.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          {request.isError ? <Alert>{message(request.error)}</Alert> : null}
          <Button type="submit" disabled={request.isPending}>{t('store.forgotPassword.submit')}</Button>
        </form>
      )}
      <p><Link to="/login">{t('store.auth.login')}</Link></p>
    </div>
  );
}
