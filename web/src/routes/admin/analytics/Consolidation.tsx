/**
 * /admin/analytics/consolidation: the region tree of the view's node with subtotals (a keyboard
 * operable `role="treegrid"`: arrows move and expand/collapse, Home/End jump, Enter drills into a
 * store), then the drill-down store → category → product from /drilldown. The view (node, period,
 * date, the tree's `category` filter) and the drill-down (`store`, `drill`: its category, by
 * default the filter's) live in the URL.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, EmptyState, TableScroll } from '../../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { useConsolidation, useDrilldown } from '../../../features/analytics/api';
import { AnalyticsTabs, CategoryPicker, DataAsOf, MissingRates, SyntheticBanner, ViewPickers } from '../../../features/analytics/components';
import { count, day, money, percent } from '../../../features/analytics/format';
import type { ConsolidationNode } from '../../../features/analytics/types';
import { useView, viewParams, type View } from '../../../features/analytics/view';

/** A visible row of the tree: the node, its level (1 = root), parent id, position among siblings. */
interface Row {
  node: ConsolidationNode;
  level: number;
  parent: string | null;
  pos: number;
  size: number;
  path: ConsolidationNode[];
}

function visibleRows(root: ConsolidationNode, expanded: Set<string>): Row[] {
  const out: Row[] = [];
  const walk = (node: ConsolidationNode, level: number, parent: string | null, pos: number, size: number, path: ConsolidationNode[]) => {
    out.push({ node, level, parent, pos, size, path });
    if (expanded.has(node.id)) node.children.forEach((c, i) => walk(c, level + 1, node.id, i + 1, node.children.length, [...path, node]));
  };
  walk(root, 1, null, 1, 1, []);
  return out;
}

function TreeGrid({ root, currency, onDrill }: { root: ConsolidationNode; currency: string; onDrill: (store: ConsolidationNode, path: ConsolidationNode[]) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set([root.id]));
  const [focus, setFocus] = useState(root.id);
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(() => visibleRows(root, expanded), [root, expanded]);
  const toggle = (id: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const moveTo = (id: string) => {
    setFocus(id);
    body.current?.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent, row: Row, index: number) => {
    const has = row.node.children.length > 0;
    const open = expanded.has(row.node.id);
    const go = (i: number) => rows[i] && moveTo(rows[i].node.id);
    switch (e.key) {
      case 'ArrowDown': go(index + 1); break;
      case 'ArrowUp': go(index - 1); break;
      case 'Home': go(0); break;
      case 'End': go(rows.length - 1); break;
      case 'ArrowRight':
        if (has && !open) toggle(row.node.id, true);
        else if (has) go(index + 1);
        break;
      case 'ArrowLeft':
        if (has && open) toggle(row.node.id, false);
        else if (row.parent) moveTo(row.parent);
        break;
      case 'Enter':
      case ' ':
        if (row.node.kind === 'store') onDrill(row.node, row.path);
        else if (has) toggle(row.node.id);
        break;
      default: return;
    }
    e.preventDefault();
  };
  return (
    <TableScroll className="an-scroll">
      <table className="table an-tree" role="treegrid" aria-label={t('analytics.consolidation.tree')}>
        <thead>
          <tr>
            <th scope="col">{t('analytics.consolidation.node')}</th>
            <th scope="col" className="num">{t('analytics.kpi.revenue')}</th>
            <th scope="col" className="num">{t('analytics.kpi.grossMargin')}</th>
            <th scope="col" className="num">{t('analytics.kpi.units')}</th>
            <th scope="col" className="num">{t('analytics.kpi.transactions')}</th>
            <th scope="col" className="num">{t('analytics.card.target')}</th>
            <th scope="col" className="num">{t('analytics.card.attainment')}</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((row, i) => {
            const n = row.node;
            const has = n.children.length > 0;
            return (
              <tr
                key={n.id}
                data-id={n.id}
                aria-level={row.level}
                aria-posinset={row.pos}
                aria-setsize={row.size}
                aria-expanded={has ? expanded.has(n.id) : undefined}
                tabIndex={focus === n.id ? 0 : -1}
                onFocus={() => setFocus(n.id)}
                onKeyDown={(e) => onKey(e, row, i)}
              >
                <th scope="row" role="gridcell" style={{ paddingLeft: 8 + (row.level - 1) * 20 }}>
                  <span className="an-name">
                    {has ? (
                      <button type="button" className="an-toggle" tabIndex={-1} aria-label={t(expanded.has(n.id) ? 'analytics.consolidation.collapse' : 'analytics.consolidation.expand', { name: n.name })} onClick={() => toggle(n.id)}>
                        {expanded.has(n.id) ? '−' : '+'}
                      </button>
                    ) : <span style={{ display: 'inline-block', width: 32 }} aria-hidden="true" />}
                    {n.kind === 'store' ? (
                      <button type="button" className="btn btn-link" tabIndex={-1} onClick={() => onDrill(n, row.path)}>{n.name}</button>
                    ) : <span>{n.kind === 'company' ? t('analytics.picker.company') : n.name}</span>}
                    <span className="sr-only"> ({t(`analytics.consolidation.kind.${n.kind}`)})</span>
                  </span>
                </th>
                <td role="gridcell" className="num">{money(n.revenue, currency, lang)}</td>
                <td role="gridcell" className="num">{money(n.grossMargin, currency, lang)}</td>
                <td role="gridcell" className="num">{count(n.units, lang)}</td>
                <td role="gridcell" className="num">{count(n.transactions, lang)}</td>
                <td role="gridcell" className="num">{money(n.target, currency, lang)}</td>
                <td role="gridcell" className={`num ${n.attainment === null ? '' : n.attainment >= 1 ? 'an-ahead' : 'an-behind'}`}>{percent(n.attainment, lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Drilldown({ view, store, storeName, category, path, onCategory, onClose }: {
  view: View;
  store: string;
  storeName: string;
  category: string | null;
  path: string[];
  onCategory: (c: string | null) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const drill = useDrilldown(view, store, category ?? undefined);
  const currency = drill.data?.currency ?? 'EUR';
  const rows = drill.data?.rows ?? [];
  return (
    <section className="card stack" aria-labelledby="an-drill">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="an-drill">{category ? t('analytics.drill.products', { store: storeName, category }) : t('analytics.drill.categories', { store: storeName })}</h2>
        <Button variant="secondary" className="btn-small" onClick={onClose}>{t('analytics.drill.close')}</Button>
      </div>
      <nav aria-label={t('analytics.drill.path')}>
        <ol className="an-crumbs">
          {path.map((p, i) => <li key={i}>{p}</li>)}
          <li>{category ? <button type="button" className="btn btn-link" onClick={() => onCategory(null)}>{storeName}</button> : <span aria-current="location">{storeName}</span>}</li>
          {category ? <li><span aria-current="location">{category}</span></li> : null}
        </ol>
      </nav>
      {drill.data?.coverage ? <p className="muted" style={{ margin: 0 }}>{t('analytics.drill.coverage', { from: day(drill.data.coverage.from, i18n.language), to: day(drill.data.coverage.to, i18n.language) })}</p> : null}
      <QueryState query={drill}>
        {rows.length === 0 ? <EmptyState>{t('analytics.empty')}</EmptyState> : (
          <TableScroll className="an-scroll">
            <table className="table">
              <caption className="sr-only">{category ? t('analytics.drill.products', { store: storeName, category }) : t('analytics.drill.categories', { store: storeName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{category ? t('analytics.drill.product') : t('analytics.mix.category')}</th>
                  <th scope="col" className="num">{t('analytics.kpi.revenue')}</th>
                  <th scope="col" className="num">{t('analytics.mix.share')}</th>
                  <th scope="col" className="num">{t('analytics.kpi.units')}</th>
                  <th scope="col" className="num">{t('analytics.kpi.grossMargin')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">
                      {category ? <>{r.name}{r.name !== r.key ? <span className="muted"> {r.key}</span> : null}</> : <button type="button" className="btn btn-link" onClick={() => onCategory(r.key)}>{r.name || t('analytics.mix.uncategorised')}</button>}
                    </th>
                    <td className="num">{money(r.revenue, currency, lang)}</td>
                    <td className="num">{percent(r.share, lang)}</td>
                    <td className="num">{count(r.units, lang)}</td>
                    <td className="num">{money(r.grossMargin, currency, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}

function ConsolidationPage() {
  const { t } = useTranslation();
  const [view, set] = useView();
  const [params, setParams] = useSearchParams();
  const query = useConsolidation(view, view.category);
  const store = params.get('store');
  // The drilled category: `drill` in the URL, else the tree's category filter.
  const category = params.get('drill') ?? view.category ?? null;
  const [storeInfo, setStoreInfo] = useState<{ name: string; path: string[] } | null>(null);
  /** Drills into store `s` (null: closes the drill-down) and its category `c` (null: the store's categories, which leaves the tree's category filter). */
  const drillTo = (s: string | null, c: string | null) => {
    const next: Record<string, string> = viewParams(view);
    if (s && c === null) delete next.category;
    if (s) next.store = s;
    if (s && c && c !== view.category) next.drill = c;
    setParams(next);
  };
  const root = query.data?.root;
  // The store's name and path from the tree (after a reload the info comes from the answer).
  const found = useMemo(() => {
    if (!root || !store) return null;
    const find = (n: ConsolidationNode, path: string[]): { name: string; path: string[] } | null => {
      if (n.id === store) return { name: n.name, path };
      for (const c of n.children) {
        const hit = find(c, [...path, n.kind === 'company' ? t('analytics.picker.company') : n.name]);
        if (hit) return hit;
      }
      return null;
    };
    return find(root, []);
  }, [root, store, t]);
  const info = found ?? storeInfo;
  return (
    <>
      <PageTitle>{t('analytics.consolidation.title')}</PageTitle>
      <AnalyticsTabs view={view} />
      <SyntheticBanner />
      <ViewPickers view={view} set={set} compare={false} />
      <div className="an-toolbar card">
        <CategoryPicker view={view} value={view.category} onChange={(c) => setParams({ ...viewParams({ ...view, category: c }), ...(store ? { store } : {}) })} />
      </div>
      <QueryState query={query}>
        {root && query.data ? (
          <>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <p className="muted" style={{ margin: 0 }}>{query.data.period?.label ?? ''} · {t('analytics.consolidation.help')}</p>
              <DataAsOf iso={query.data.dataAsOf} />
            </div>
            <MissingRates answer={query.data} />
            {root.revenue === 0 && root.units === 0 && !root.transactions ? <EmptyState>{t('analytics.empty')}</EmptyState> : null}
            <TreeGrid
              key={root.id}
              root={root}
              currency={query.data.currency}
              onDrill={(s, path) => {
                setStoreInfo({ name: s.name, path: path.map((p) => (p.kind === 'company' ? t('analytics.picker.company') : p.name)) });
                drillTo(s.id, null);
              }}
            />
          </>
        ) : null}
      </QueryState>
      {store ? (
        <Drilldown
          view={view}
          store={store}
          storeName={info?.name ?? store}
          path={info?.path ?? []}
          category={category}
          onCategory={(c) => drillTo(store, c)}
          onClose={() => drillTo(null, null)}
        />
      ) : null}
    </>
  );
}

/** The /admin/analytics/consolidation page (needs `analytics:read`). */
export default function AnalyticsConsolidation() {
  return <RequirePermission permission="analytics:read"><ConsolidationPage /></RequirePermission>;
}
