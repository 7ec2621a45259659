/** `/login`: sign in. */
import { useTranslation } from 'react-i18next';
import { AuthForm } from '../../features/account/AuthForm';
import { useTitle } from '../../lib/useTitle';

/** The sign-in page. */
export default function Login() {
  const { t } = useTranslation();
  useTitle(t('store.auth.loginTitle'));
  return <AuthForm mode="login" />;
}
