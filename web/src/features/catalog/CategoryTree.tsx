/** The category tree as nested lists of links with product counts. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import type { CategoryNode } from './api';

/** Nested category links; `current` marks the page's category with aria-current. */
export function CategoryTree({ nodes, current, depth = 0 }: { nodes: CategoryNode[]; current?: string; depth?: number }) {
  const { i18n } = useTranslation();
  return (
    <ul className={depth === 0 ? 'tree category-tree' : undefined}>
      {nodes.map((c) => (
        <li key={c.id}>
          <Link to={`/c/${c.slug}`} aria-current={c.slug === current ? 'page' : undefined}>
            {c.name}
          </Link>{' '}
          <span className="muted">({formatNumber(c.productCount, i18n.language)})</span>
          {c.children.length > 0 && depth < 3 ? <CategoryTree nodes={c.children} current={current} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}
