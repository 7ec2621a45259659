/** A row of recommended products under a heading; renders nothing while loading, on failure or timeout, or when there is nothing to show. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Price, ProductImage } from '../../ui';
import { useRecommendations, type RecommendationTarget, type RecommendedProduct } from './api';

/** The reason in the UI language, from its kind and figures. */
function useReason() {
  const { t } = useTranslation();
  return (r: RecommendedProduct['reason']) => {
    switch (r.kind) {
      case 'bought-together': return r.product ? t('store.recommendations.reason.boughtWith', { product: r.product, count: r.count ?? 0 }) : t('store.recommendations.reason.boughtTogether', { count: r.count ?? 0 });
      case 'pinned': return t('store.recommendations.reason.pinned');
      case 'popular': return r.category ? t('store.recommendations.reason.popularIn', { category: r.category }) : t('store.recommendations.reason.popular');
      case 'personal': return t('store.recommendations.reason.personal');
      default: return r.everyDays ? t('store.recommendations.reason.buyAgainEvery', { count: r.count ?? 0, days: r.everyDays }) : t('store.recommendations.reason.buyAgain', { count: r.count ?? 0 });
    }
  };
}

const HEADINGS = { product: 'boughtTogether', cart: 'cart', 'for-you': 'forYou', 'buy-again': 'buyAgain' } as const;

/** Recommendations of `target` (product page, cart, account), loaded after the page. */
export function RecommendationsBlock({ target, cartKey }: { target: RecommendationTarget; cartKey?: string }) {
  const { t, i18n } = useTranslation();
  const reason = useReason();
  const { data } = useRecommendations(target, 4, cartKey);
  if (!data || data.data.length === 0) return null;
  const heading = data.fallback && target.kind !== 'buy-again' ? t('store.recommendations.popular') : t(`store.recommendations.${HEADINGS[target.kind]}`);
  const id = `recommendations-${target.kind}`;
  return (
    <section className="stack" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{heading}</h2>
      <ul className="product-grid">
        {data.data.map((p) => (
          <li key={p.productId} className="product-card">
            <Link to={`/p/${p.slug}`}>
              <ProductImage images={p.image ? [{ url: p.image }] : []} alt={p.title} lang={i18n.language} />
              <span className="product-card-title">{p.title}</span>
            </Link>
            <Price money={p.price} />
            <p className="muted">{reason(p.reason)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
