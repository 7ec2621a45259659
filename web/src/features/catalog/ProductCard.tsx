/** Product tiles for listings: image, title link, price, stock. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Price, ProductImage } from '../../ui';
import type { ProductSummary } from './api';

/** One product tile (an article whose heading links to the product page). */
export function ProductCard({ product, headingLevel = 3 }: { product: ProductSummary; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="product-card">
      <ProductImage images={product.images} alt={product.title} lang={i18n.language} />
      <H className="product-card-title">
        <Link to={`/p/${product.slug}`}>{product.title}</Link>
      </H>
      <p className="product-card-meta">
        <Price money={product.price} />
        {product.inStock ? null : <Badge tone="danger">{t('store.product.outOfStock')}</Badge>}
      </p>
    </article>
  );
}

/** A list of product tiles. */
export function ProductGrid({ products, headingLevel, label }: { products: ProductSummary[]; headingLevel?: 2 | 3; label?: string }) {
  return (
    <ul className="grid product-grid" aria-label={label}>
      {products.map((p) => (
        <li key={p.id}>
          <ProductCard product={p} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
