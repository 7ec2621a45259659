import { useTranslation } from 'react-i18next';

/** Storefront home page. */
export default function Home() {
  const { t } = useTranslation();
  return <h1>{t('app.name')}</h1>;
}
