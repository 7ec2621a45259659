/** Product page: title, image, price, variant choice, stock state and add to cart with a quantity. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Badge, Button, Field, Loading, Price, ProductImage } from '../../ui';
import { useProduct, type Product as ProductT, type Variant } from '../../features/catalog/api';
import { useCartActions } from '../../features/cart/api';
import { RecommendationsBlock } from '../../features/recommendations/RecommendationsBlock';
import { formatNumber } from '../../lib/format';
import { ApiError } from '../../lib/api';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

/** "Out of stock", "Only N left" (≤ 5) or "In stock". */
function StockState({ available }: { available: number }) {
  const { t, i18n } = useTranslation();
  if (available <= 0) return <Badge tone="danger">{t('store.product.outOfStock')}</Badge>;
  if (available <= 5) return <Badge tone="warning">{t('store.product.onlyLeft', { count: available, formatted: formatNumber(available, i18n.language) })}</Badge>;
  return <Badge tone="success">{t('store.product.inStock')}</Badge>;
}

const variantLabel = (v: Variant) => v.title || Object.values(v.options).join(' / ') || v.sku;

function ProductView({ product }: { product: ProductT }) {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const variants = product.variants ?? [];
  const [sku, setSku] = useState(() => (variants.find((v) => v.available > 0) ?? variants[0])?.sku ?? '');
  const [quantity, setQuantity] = useState('1');
  const variant = variants.find((v) => v.sku === sku);
  const { addItem } = useCartActions();
  const available = variant?.available ?? 0;
  const qty = Number(quantity);
  const qtyError = !Number.isInteger(qty) || qty < 1 ? t('store.product.quantityInvalid') : available > 0 && qty > available ? t('store.product.quantityTooMany', { count: available }) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!variant || qtyError) return;
    addItem.mutate({ sku: variant.sku, quantity: qty });
  };

  return (
    <div className="stack">
      {product.category ? (
        <nav aria-label={t('store.common.breadcrumb')} className="breadcrumb">
          <ol>
            <li><Link to="/">{t('store.common.home')}</Link></li>
            <li><Link to={`/c/${product.category.slug}`}>{product.category.name}</Link></li>
            <li aria-current="page">{product.title}</li>
          </ol>
        </nav>
      ) : null}
      <div className="product-layout">
        <div className="product-media">
          <ProductImage images={product.images} alt={product.title} lang={i18n.language} />
        </div>
        <div className="stack product-info">
          <h1>{product.title}</h1>
          <p className="product-price"><Price money={variant?.price ?? product.price} /> <span className="muted">{t('store.product.taxIncluded')}</span></p>
          <p data-testid="stock-state"><StockState available={available} /></p>
          <form className="stack" onSubmit={submit} aria-label={t('store.product.addForm')}>
            {variants.length > 1 ? (
              <fieldset className="plain-fieldset">
                <legend>{t('store.product.variant')}</legend>
                <div className="variant-options">
                  {variants.map((v) => (
                    <label key={v.sku} className="choice">
                      <input type="radio" name="variant" value={v.sku} checked={v.sku === sku} onChange={() => setSku(v.sku)} />
                      <span>{variantLabel(v)}</span> <Price money={v.price} />
                      {v.available <= 0 ? <span className="muted"> — {t('store.product.outOfStock')}</span> : null}
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : null}
            <div className="row add-row">
              <Field label={t('store.product.quantity')} type="number" min={1} max={available || undefined} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={qtyError} className="qty-input" />
              <Button type="submit" disabled={available <= 0 || addItem.isPending}>{addItem.isPending ? t('store.product.adding') : t('store.product.addToCart')}</Button>
            </div>
            {addItem.isSuccess ? (
              <Alert kind="success">
                {t('store.product.added')} <Link to="/cart">{t('store.product.viewCart')}</Link>
              </Alert>
            ) : null}
            {addItem.isError ? <Alert>{message(addItem.error)}</Alert> : null}
          </form>
          {product.description ? (
            <section aria-labelledby="desc">
              <h2 id="desc">{t('store.product.description')}</h2>
              <p>{product.description}</p>
            </section>
          ) : null}
          <p className="muted">{t('store.product.sku', { sku: variant?.sku ?? '' })}</p>
        </div>
      </div>
      <RecommendationsBlock target={{ kind: 'product', id: product.id }} />
    </div>
  );
}

/** The product page for `/p/:slug`. */
export default function Product() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const message = useProblemMessage();
  const product = useProduct(slug);
  useTitle(product.data?.title);
  if (product.isPending) return <Loading />;
  if (product.isError) {
    const notFound = product.error instanceof ApiError && product.error.status === 404;
    return (
      <div className="stack">
        <h1>{notFound ? t('store.product.notFound') : t('store.common.error')}</h1>
        {notFound ? null : <Alert>{message(product.error)}</Alert>}
        <p><Link to="/">{t('store.common.backHome')}</Link></p>
      </div>
    );
  }
  return <ProductView key={product.data.id} product={product.data} />;
}
