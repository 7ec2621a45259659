/** The account page's newsletter setting: subscribe (double opt-in to the account address) or unsubscribe. */
import { useTranslation } from 'react-i18next';
import { Alert, Button, Loading } from '../../ui';
import { useProblemMessage } from '../../lib/problem';
import { useAccountNewsletter, useSetAccountNewsletter } from './api';

/** Newsletter section of /account. */
export function AccountNewsletter() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const query = useAccountNewsletter(true);
  const set = useSetAccountNewsletter();
  const status = query.data?.subscription?.status ?? null;
  const locale = i18n.language === 'fr' ? 'fr' : 'en';
  return (
    <section className="card stack" aria-labelledby="newsletter">
      <h2 id="newsletter">{t('store.newsletter.title')}</h2>
      {query.isPending ? <Loading /> : (
        <>
          <p>{t(`store.newsletter.status.${status ?? 'none'}`)}</p>
          {set.isError ? <Alert>{message(set.error)}</Alert> : null}
          {status === 'confirmed' || status === 'pending' ? (
            <Button variant="secondary" disabled={set.isPending} onClick={() => set.mutate({ subscribed: false })}>{t('store.newsletter.unsubscribe')}</Button>
          ) : (
            <>
              <p className="muted">{t('store.newsletter.consent')}</p>
              <Button disabled={set.isPending} onClick={() => set.mutate({ subscribed: true, locale, consentText: t('store.newsletter.consent') })}>{t('store.newsletter.subscribe')}</Button>
            </>
          )}
        </>
      )}
    </section>
  );
}
