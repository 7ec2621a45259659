/** Previous / next buttons for lists whose page lives in component state. */
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui';

/** Pagination buttons; nothing when there is one page. */
export function PageButtons({ page, limit, total, onPage }: { page: number; limit: number; total: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  return (
    <nav className="row" aria-label={t('store.pagination.label')}>
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t('store.pagination.previous')}</Button>
      <span>{t('store.pagination.pageOf', { page, pages })}</span>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>{t('store.pagination.next')}</Button>
    </nav>
  );
}
