/** `/newsletter/unsubscribe?token=…`: the visible unsubscribe link of every campaign mail; one button unsubscribes. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Button, Loading } from '../../ui';
import { useSubscription, useUnsubscribe } from '../../features/newsletters/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** Shows the subscription of the link and unsubscribes it in one click. */
export default function NewsletterUnsubscribe() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const subscription = useSubscription(token);
  const unsubscribe = useUnsubscribe();
  useTitle(t('store.newsletter.unsubscribeTitle'));
  const done = unsubscribe.isSuccess || subscription.data?.status === 'unsubscribed';
  return (
    <div className="auth-page stack">
      <h1>{t('store.newsletter.unsubscribeTitle')}</h1>
      {subscription.isError ? <Alert>{message(subscription.error)}</Alert> : subscription.isPending ? <Loading /> : done ? (
        <Alert kind="success">{t('store.newsletter.unsubscribed', { email: subscription.data.email })}</Alert>
      ) : (
        <>
          <p>{t('store.newsletter.unsubscribeText', { email: subscription.data.email })}</p>
          {unsubscribe.isError ? <Alert>{message(unsubscribe.error)}</Alert> : null}
          <Button disabled={unsubscribe.isPending} onClick={() => unsubscribe.mutate(token)}>{t('store.newsletter.unsubscribe')}</Button>
        </>
      )}
    </div>
  );
}
