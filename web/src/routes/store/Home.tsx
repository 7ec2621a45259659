/** Storefront home: featured products, new arrivals and the category tree. */
import { useTranslation } from 'react-i18next';
import { Alert, Loading } from '../../ui';
import { useCategories, useProducts } from '../../features/catalog/api';
import { CategoryTree } from '../../features/catalog/CategoryTree';
import { ProductGrid } from '../../features/catalog/ProductCard';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** Storefront home page. */
export default function Home() {
  const { t } = useTranslation();
  useTitle(null);
  const message = useProblemMessage();
  const featured = useProducts({ sort: '-price', inStock: true, limit: 8 });
  const newest = useProducts({ sort: 'newest', inStock: true, limit: 8 });
  const categories = useCategories();
  return (
    <div className="stack">
      <section className="hero">
        <h1>{t('store.home.title')}</h1>
        <p>{t('store.home.tagline')}</p>
      </section>
      <div className="home-layout">
        <div className="stack">
          <section aria-labelledby="featured">
            <h2 id="featured">{t('store.home.featured')}</h2>
            {featured.isPending ? <Loading /> : featured.isError ? <Alert>{message(featured.error)}</Alert> : <ProductGrid products={featured.data.data} />}
          </section>
          <section aria-labelledby="new">
            <h2 id="new">{t('store.home.new')}</h2>
            {newest.isPending ? <Loading /> : newest.isError ? <Alert>{message(newest.error)}</Alert> : <ProductGrid products={newest.data.data} />}
          </section>
        </div>
        <section aria-labelledby="categories" className="home-categories">
          <h2 id="categories">{t('store.home.categories')}</h2>
          {categories.isPending ? <Loading /> : categories.isError ? <Alert>{message(categories.error)}</Alert> : <CategoryTree nodes={categories.data} />}
        </section>
      </div>
    </div>
  );
}
