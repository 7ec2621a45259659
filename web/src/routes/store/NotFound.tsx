/** Unknown storefront address. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../../lib/useTitle';

/** The 404 page. */
export default function NotFound() {
  const { t } = useTranslation();
  useTitle(t('store.notFound.title'));
  return (
    <div className="stack">
      <h1>{t('store.notFound.title')}</h1>
      <p>{t('store.notFound.text')}</p>
      <p><Link to="/">{t('store.common.backHome')}</Link></p>
    </div>
  );
}
