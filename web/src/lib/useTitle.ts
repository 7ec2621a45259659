/** The document title of the page shown. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Sets the document title while the page is shown: "<title> · Comptoir" in the storefront
 * (`area` store; just "Comptoir" without a title), "<title> · Comptoir back office" in the back office.
 */
export function useTitle(title: string | null | undefined, area: 'store' | 'admin' = 'store') {
  const { t } = useTranslation();
  useEffect(() => {
    const site = area === 'admin' ? t('admin.title') : t('app.name');
    document.title = title ? `${title} · ${site}` : site;
  }, [title, area, t]);
}
