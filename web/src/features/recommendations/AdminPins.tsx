/** Back-office pieces of the recommendations controls shared by the recommendations page and the product page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../ui';
import { QueryState } from '../admin/components';
import { useProduct } from '../products/api';
import { useControls } from './admin';

/** A product's title linking to its back-office page (its id while loading or when it is gone). */
export function ProductName({ id }: { id: string }) {
  const product = useProduct(id);
  return <Link to={`/admin/products/${id}`}>{product.data?.title ?? id}</Link>;
}

/** The product page's "Recommendations" section: the products pinned to its list, in order, and a link to the recommendations page. */
export function ProductPinsSection({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const controls = useControls();
  const pinned = controls.data?.pins.find((p) => p.productId === productId)?.pinnedProductIds ?? [];
  const excluded = controls.data?.exclusions.some((e) => e.kind === 'product' && e.id === productId) ?? false;
  return (
    <section className="card stack" aria-labelledby="product-recommendations">
      <h2 id="product-recommendations">{t('admin.recommendations.title')}</h2>
      <QueryState query={controls}>
        {excluded ? <p>{t('admin.recommendations.productExcluded')}</p> : null}
        {pinned.length === 0 ? <EmptyState>{t('admin.recommendations.noPinsForProduct')}</EmptyState> : (
          <>
            <p>{t('admin.recommendations.pinnedIntro')}</p>
            <ol>{pinned.map((id) => <li key={id}><ProductName id={id} /></li>)}</ol>
          </>
        )}
      </QueryState>
      <p><Link to="/admin/recommendations">{t('admin.recommendations.manage')}</Link></p>
    </section>
  );
}
