/** The back-office sign-in form (POST /api/auth/login). */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { session } from '../../lib/api';
import { Button, Field } from '../../ui';
import { login as signIn, notifySession } from './auth';
import { useTitle } from '../../lib/useTitle';
import { ErrorMessage } from './components';

/** Email + password form; on success keeps the access token (the refresh token is an HttpOnly cookie) and re-renders the back office. */
export function SignIn() {
  const { t } = useTranslation();
  useTitle(t('admin.signIn.title'), 'admin');
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => signIn({ email, password }),
    onSuccess: (answer) => {
      session.set({ accessToken: answer.accessToken });
      qc.clear();
      notifySession();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <section className="card stack" style={{ maxWidth: 420, margin: '0 auto' }} aria-labelledby="signin-title">
      <h1 id="signin-title">{t('admin.signIn.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <Field label={t('admin.signIn.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label={t('admin.signIn.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorMessage error={login.error} />
        <Button type="submit" disabled={login.isPending}>{t('admin.signIn.submit')}</Button>
      </form>
    </section>
  );
}
