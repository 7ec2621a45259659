/** Merchandiser control of recommendations: pins (product → pinned product, position), exclusions (product or category), model builds and "Build now". */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Alert, Badge, Button, EmptyState, Field, SelectField, TableScroll } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { flatten } from '../../features/products/categories';
import { useCategoryTree } from '../../features/products/api';
import { ProductPicker } from '../../features/products/ProductPicker';
import { ProductName } from '../../features/recommendations/AdminPins';
import { BUILDS_KEY, CONTROLS_KEY, exclude, include, setPins, startBuild, useBuilds, useControls, type Controls, type ExclusionKind, type ModelBuild } from '../../features/recommendations/admin';

/** Refreshes the controls after a change (the page and the product page share them). */
function useControlsChange<A>(fn: (args: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: CONTROLS_KEY }) });
}

function Pins({ pins, writable }: { pins: Controls['pins']; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const [productId, setProductId] = useState('');
  const [pinnedId, setPinnedId] = useState('');
  const [position, setPosition] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useControlsChange(({ product, ids }: { product: string; ids: string[] }) => setPins(product, ids));
  const rows = pins.flatMap((p) => p.pinnedProductIds.map((pinned, i) => ({ product: p.productId, pinned, position: i + 1, all: p.pinnedProductIds })));
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!productId || !pinnedId) return setProblem(t('admin.recommendations.errPinProducts'));
    if (productId === pinnedId) return setProblem(t('admin.recommendations.errPinSelf'));
    const current = (pins.find((p) => p.productId === productId)?.pinnedProductIds ?? []).filter((id) => id !== pinnedId);
    const at = position.trim() ? Number(position) : current.length + 1;
    if (!Number.isInteger(at) || at < 1) return setProblem(t('admin.recommendations.errPosition'));
    setProblem(null);
    const ids = [...current.slice(0, at - 1), pinnedId, ...current.slice(at - 1)];
    save.mutate({ product: productId, ids }, { onSuccess: () => { setPinnedId(''); setPosition(''); } });
  };
  return (
    <section className="card stack" aria-labelledby="reco-pins">
      <h2 id="reco-pins">{t('admin.recommendations.pins')}</h2>
      <p className="muted">{t('admin.recommendations.pinsHint')}</p>
      {rows.length === 0 ? <EmptyState>{t('admin.recommendations.noPins')}</EmptyState> : (
        <TableScroll>
          <table className="table">
            <caption className="sr-only">{t('admin.recommendations.pins')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.recommendations.product')}</th>
                <th scope="col">{t('admin.recommendations.pinnedProduct')}</th>
                <th scope="col" className="num">{t('admin.recommendations.position')}</th>
                {writable ? <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, n) => (
                <tr key={`${r.product}-${r.pinned}`}>
                  <td><ProductName id={r.product} /></td>
                  <td><ProductName id={r.pinned} /></td>
                  <td className="num">{formatNumber(r.position, i18n.language)}</td>
                  {writable ? (
                    <td>
                      <Button variant="danger" className="btn-small" disabled={save.isPending}
                        onClick={() => save.mutate({ product: r.product, ids: r.all.filter((id) => id !== r.pinned) })}>
                        {t('admin.recommendations.unpin')}<span className="sr-only"> {t('admin.recommendations.pinRow', { n: n + 1 })}</span>
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {writable ? (
        <form className="stack" onSubmit={add} noValidate aria-labelledby="reco-pin-add">
          <h3 id="reco-pin-add">{t('admin.recommendations.addPin')}</h3>
          <div className="toolbar">
            <ProductPicker label={t('admin.recommendations.product')} value={productId} onChange={setProductId} />
          </div>
          <div className="toolbar">
            <ProductPicker label={t('admin.recommendations.pinnedProduct')} value={pinnedId} onChange={setPinnedId} />
            <Field label={t('admin.recommendations.position')} type="number" min={1} value={position} onChange={(e) => setPosition(e.target.value)} hint={t('admin.recommendations.positionHint')} />
          </div>
          {problem ? <Alert>{problem}</Alert> : null}
          <div><Button type="submit" disabled={save.isPending}>{t('admin.recommendations.pin')}</Button></div>
        </form>
      ) : null}
      <ErrorMessage error={save.error} />
    </section>
  );
}

function Exclusions({ exclusions, writable }: { exclusions: Controls['exclusions']; writable: boolean }) {
  const { t } = useTranslation();
  const categories = useCategoryTree();
  const paths = new Map(flatten(categories.data?.data ?? []).map((c) => [c.node.id, c.path]));
  const [kind, setKind] = useState<ExclusionKind>('product');
  const [target, setTarget] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = useControlsChange(({ kind, id }: { kind: ExclusionKind; id: string }) => exclude(kind, id));
  const remove = useControlsChange(({ kind, id }: { kind: ExclusionKind; id: string }) => include(kind, id));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!target) return setProblem(t('admin.recommendations.errExclusion'));
    setProblem(null);
    add.mutate({ kind, id: target }, { onSuccess: () => setTarget('') });
  };
  return (
    <section className="card stack" aria-labelledby="reco-exclusions">
      <h2 id="reco-exclusions">{t('admin.recommendations.exclusions')}</h2>
      <p className="muted">{t('admin.recommendations.exclusionsHint')}</p>
      {exclusions.length === 0 ? <EmptyState>{t('admin.recommendations.noExclusions')}</EmptyState> : (
        <TableScroll>
          <table className="table">
            <caption className="sr-only">{t('admin.recommendations.exclusions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.recommendations.kind')}</th>
                <th scope="col">{t('admin.recommendations.excluded')}</th>
                {writable ? <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {exclusions.map((x) => (
                <tr key={`${x.kind}-${x.id}`}>
                  <td>{t(`admin.recommendations.kinds.${x.kind}`)}</td>
                  <td>{x.kind === 'product' ? <ProductName id={x.id} /> : (paths.get(x.id) ?? x.id)}</td>
                  {writable ? (
                    <td>
                      <Button variant="secondary" className="btn-small" disabled={remove.isPending} onClick={() => remove.mutate(x)}>
                        {t('admin.recommendations.include')}<span className="sr-only"> {x.kind === 'product' ? x.id : (paths.get(x.id) ?? x.id)}</span>
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ErrorMessage error={remove.error} />
      {writable ? (
        <form className="stack" onSubmit={submit} noValidate aria-labelledby="reco-exclusion-add">
          <h3 id="reco-exclusion-add">{t('admin.recommendations.addExclusion')}</h3>
          <div className="toolbar">
            <SelectField label={t('admin.recommendations.kind')} value={kind} onChange={(e) => { setKind(e.target.value as ExclusionKind); setTarget(''); }}>
              <option value="product">{t('admin.recommendations.kinds.product')}</option>
              <option value="category">{t('admin.recommendations.kinds.category')}</option>
            </SelectField>
            {kind === 'product' ? <ProductPicker label={t('admin.recommendations.excludeProduct')} value={target} onChange={setTarget} /> : (
              <SelectField label={t('admin.recommendations.excludeCategory')} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">{t('admin.product.chooseCategory')}</option>
                {flatten(categories.data?.data ?? []).map((c) => <option key={c.node.id} value={c.node.id}>{c.path}</option>)}
              </SelectField>
            )}
          </div>
          {problem ? <Alert>{problem}</Alert> : null}
          <ErrorMessage error={add.error} />
          <div><Button type="submit" disabled={add.isPending}>{t('admin.recommendations.exclude')}</Button></div>
        </form>
      ) : null}
    </section>
  );
}

const TONES: Record<ModelBuild['status'], 'warning' | 'danger' | 'success'> = { running: 'warning', failed: 'danger', succeeded: 'success' };

function Builds({ writable }: { writable: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const builds = useBuilds();
  const build = useMutation({ mutationFn: startBuild, onSettled: () => qc.invalidateQueries({ queryKey: BUILDS_KEY }) });
  const num = (n: number | null) => (n === null ? '—' : formatNumber(n, i18n.language));
  const running = build.error instanceof ApiError && build.error.code === 'RECOMMENDATIONS.BUILD_RUNNING' ? String(build.error.body.buildId) : null;
  const rows = builds.data?.data ?? [];
  return (
    <section className="card stack" aria-labelledby="reco-builds">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="reco-builds">{t('admin.recommendations.builds')}</h2>
        {writable ? <Button onClick={() => build.mutate()} disabled={build.isPending}>{t('admin.recommendations.buildNow')}</Button> : null}
      </div>
      {build.isSuccess ? <Alert kind="success">{t('admin.recommendations.buildStarted', { id: build.data.id })}</Alert> : null}
      {running ? <Alert>{t('admin.recommendations.buildRunning', { id: running })}</Alert> : <ErrorMessage error={build.error} />}
      <QueryState query={builds}>
        {rows.length === 0 ? <EmptyState>{t('admin.recommendations.noBuilds')}</EmptyState> : (
          <TableScroll>
            <table className="table">
              <caption className="sr-only">{t('admin.recommendations.builds')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.recommendations.started')}</th>
                  <th scope="col">{t('admin.recommendations.state')}</th>
                  <th scope="col" className="hide-mobile">{t('admin.recommendations.trigger')}</th>
                  <th scope="col" className="num hide-mobile">{t('admin.recommendations.baskets')}</th>
                  <th scope="col" className="num hide-mobile">{t('admin.recommendations.items')}</th>
                  <th scope="col" className="num hide-mobile">{t('admin.recommendations.customers')}</th>
                  <th scope="col" className="num">{t('admin.recommendations.duration')}</th>
                  <th scope="col" className="num hide-mobile">{t('admin.recommendations.memory')}</th>
                  <th scope="col" className="hide-mobile">{t('admin.recommendations.build')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <td>{formatDateTime(b.startedAt, i18n.language)}</td>
                    <td>
                      <Badge tone={TONES[b.status]}>{t(`admin.recommendations.status.${b.status}`)}</Badge>
                      {b.error ? <div className="muted">{b.error}</div> : null}
                    </td>
                    <td className="hide-mobile">{b.trigger}</td>
                    <td className="num hide-mobile">{num(b.baskets)}</td>
                    <td className="num hide-mobile">{num(b.items)}</td>
                    <td className="num hide-mobile">{num(b.customers)}</td>
                    <td className="num">{b.durationMs === null ? '—' : t('admin.recommendations.seconds', { value: formatNumber(Math.round(b.durationMs / 100) / 10, i18n.language) })}</td>
                    <td className="num hide-mobile">{b.peakMemoryMb === null ? '—' : t('admin.recommendations.megabytes', { value: num(b.peakMemoryMb) })}</td>
                    <td className="hide-mobile"><code>{b.id}</code></td>
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

function RecommendationsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const writable = can('catalog:write');
  const controls = useControls();
  return (
    <>
      <PageTitle>{t('admin.recommendations.title')}</PageTitle>
      <p className="muted">{t('admin.recommendations.intro')}</p>
      <QueryState query={controls}>
        {controls.data ? (
          <>
            <Pins pins={controls.data.pins} writable={writable} />
            <Exclusions exclusions={controls.data.exclusions} writable={writable} />
          </>
        ) : null}
      </QueryState>
      <Builds writable={writable} />
    </>
  );
}

/** The /admin/recommendations page. */
export default function Recommendations() {
  return <RequirePermission permission="catalog:read"><RecommendationsPage /></RequirePermission>;
}
