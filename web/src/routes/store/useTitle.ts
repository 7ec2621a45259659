/** Page titles for the storefront. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title to "<title> · Comptoir" while the page is shown. */
export function useTitle(title: string | null | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
