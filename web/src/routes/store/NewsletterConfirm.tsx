/** `/newsletter/confirm?token=…`: the double opt-in link's page; one button confirms (a link scanner opening the page confirms nothing). */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Button } from '../../ui';
import { useConfirmSubscription } from '../../features/newsletters/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** Confirms the subscription of the link's token. */
export default function NewsletterConfirm() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmSubscription();
  useTitle(t('store.newsletter.confirmTitle'));
  return (
    <div className="auth-page stack">
      <h1>{t('store.newsletter.confirmTitle')}</h1>
      {confirm.isSuccess ? (
        <Alert kind="success">{t('store.newsletter.confirmed', { email: confirm.data.email })}</Alert>
      ) : (
        <>
          {confirm.isError ? <Alert>{message(confirm.error)}</Alert> : null}
          <Button disabled={!token || confirm.isPending} onClick={() => confirm.mutate(token)}>{t('store.newsletter.confirm')}</Button>
        </>
      )}
    </div>
  );
}
