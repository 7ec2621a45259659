/** The storefront's newsletter form (footer): e-mail, the consent text shown (sent as the consent proof), double opt-in. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field } from '../../ui';
import { useProblemMessage } from '../../lib/problem';
import { useSubscribe } from './api';

/** Subscribe form; after sending, says a confirmation mail is on its way. */
export function NewsletterSignup() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const subscribe = useSubscribe();
  const [email, setEmail] = useState('');
  const locale = i18n.language === 'fr' ? 'fr' : 'en';
  const consentText = t('store.newsletter.consent');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    subscribe.mutate({ email, locale, consentText });
  };
  return (
    <form className="stack newsletter-signup" aria-labelledby="newsletter-title" onSubmit={submit}>
      <h2 id="newsletter-title">{t('store.newsletter.title')}</h2>
      {subscribe.isSuccess ? (
        <Alert kind="success">{t('store.newsletter.checkMail', { email })}</Alert>
      ) : (
        <>
          <Field label={t('store.newsletter.email')} type="email" required maxLength={254} autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          <p className="muted">{consentText}</p>
          {subscribe.isError ? <Alert>{message(subscribe.error)}</Alert> : null}
          <Button type="submit" disabled={subscribe.isPending}>{t('store.newsletter.subscribe')}</Button>
        </>
      )}
    </form>
  );
}
