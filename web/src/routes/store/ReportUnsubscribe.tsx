/**
 * `/report-unsubscribe/:id#signature=…`: the page of a scheduled report mail's unsubscribe link.
 * Opening it ends nothing (mail scanners follow links); the button posts the signature.
 */
import { useParams, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../ui';
import { useUnsubscribeByLink } from '../../features/analytics/reports';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** Asks to confirm, then ends the subscription of the link. */
export default function ReportUnsubscribe() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const { id } = useParams();
  const signature = new URLSearchParams(useLocation().hash.replace(/^#/, '')).get('signature');
  const unsubscribe = useUnsubscribeByLink();
  useTitle(t('store.reportUnsubscribe.title'));
  return (
    <div className="auth-page stack">
      <h1>{t('store.reportUnsubscribe.title')}</h1>
      {!id || !signature ? (
        <Alert>{t('store.reportUnsubscribe.invalid')}</Alert>
      ) : unsubscribe.isSuccess ? (
        <Alert kind="success">{t('store.reportUnsubscribe.done')}</Alert>
      ) : (
        <>
          {unsubscribe.isError ? <Alert>{message(unsubscribe.error)}</Alert> : null}
          <p>{t('store.reportUnsubscribe.question')}</p>
          <Button type="button" disabled={unsubscribe.isPending} onClick={() => unsubscribe.mutate({ id, signature })}>{t('store.reportUnsubscribe.confirm')}</Button>
        </>
      )}
    </div>
  );
}
