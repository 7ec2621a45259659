/** `/register`: create an account. */
import { useTranslation } from 'react-i18next';
import { AuthForm } from '../../features/account/AuthForm';
import { useTitle } from '../../lib/useTitle';

/** The registration page. */
export default function Register() {
  const { t } = useTranslation();
  useTitle(t('store.auth.registerTitle'));
  return <AuthForm mode="register" />;
}
