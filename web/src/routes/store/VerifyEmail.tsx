/** `/verify-email#token=…`: the page of the mailed verification link; verifies the address once opened. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Alert, Loading } from '../../ui';
import { linkTokenFromHash, useVerifyEmail } from '../../features/account/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** Verifies the address of the link's token, then offers to sign in. */
export default function VerifyEmail() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const { hash } = useLocation();
  const token = linkTokenFromHash(hash);
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useTitle(t('store.verifyEmail.title'));
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);
  return (
    <div className="auth-page stack">
      <h1>{t('store.verifyEmail.title')}</h1>
      {!token ? (
        <Alert>{t('common.errors.IDENTITY.INVALID_LINK')}</Alert>
      ) : verify.isError ? (
        <Alert>{message(verify.error)}</Alert>
      ) : verify.isSuccess ? (
        <>
          <Alert kind="success">{t('store.verifyEmail.done')}</Alert>
          <p><Link to="/login">{t('store.auth.login')}</Link></p>
        </>
      ) : (
        <Loading />
      )}
    </div>
  );
}
