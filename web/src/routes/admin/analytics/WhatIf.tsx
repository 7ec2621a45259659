/**
 * /admin/analytics/what-if: the what-if simulator. The base period and scope come from the URL
 * view (the analytics pickers); the drivers (price, unit cost, volume or elasticity, target,
 * store closings and openings) are sliders with number inputs. Results follow the drivers live:
 * the definition is debounced (250 ms) and only the answer to the latest one is shown (see
 * `useSimulation`); a polite live region reads the scenario's headline figures. Then the
 * baseline vs scenario table per node (company → region → store), the price–volume–mix bridge,
 * the saved scenarios (save, load, duplicate, delete with `scenarios:write`) and a side-by-side
 * comparison of 2 or 3 of them.
 */
import { Fragment, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, EmptyState, Field, SelectField, TableScroll } from '../../../ui';
import { useCan } from '../../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { deleteScenario, duplicateScenario, saveScenario, useComparison, useRegions, useScenarios, useSimulation, useStores, useWrite } from '../../../features/analytics/api';
import { Chart, type ChartOption } from '../../../features/analytics/Chart';
import { AnalyticsTabs, DataAsOf, MissingRates, SyntheticBanner, treeOrder, ViewPickers } from '../../../features/analytics/components';
import { compactMoney, count, day, major, money, percent, signedPercent } from '../../../features/analytics/format';
import type { SavedScenario, ScenarioComparison, ScenarioDefinition, ScenarioNode, SimulationAnswer } from '../../../features/analytics/types';
import { useView, type View } from '../../../features/analytics/view';
import { useDebounced } from '../../../features/catalog/useDebounced';
import { formatDateTime } from '../../../lib/format';

/** The drivers as the page edits them (the volume given directly or through an elasticity). */
interface DriverState {
  pricePct: number;
  unitCostPct: number;
  volumeMode: 'elasticity' | 'volume';
  elasticity: number;
  volumePct: number;
  targetPct: number;
  closings: { storeId: string; from: string }[];
  openings: { regionId: string; comparableStoreId: string; from: string }[];
}

const NO_DRIVERS: DriverState = { pricePct: 0, unitCostPct: 0, volumeMode: 'elasticity', elasticity: -1, volumePct: 0, targetPct: 0, closings: [], openings: [] };

/** The scope of a view's node: the company (no regions, no stores), a store (`sto_…`) or a region. */
function scopeOf(node: string): ScenarioDefinition['scope'] {
  if (node === 'company') return {};
  return node.startsWith('sto_') ? { storeIds: [node] } : { regionIds: [node] };
}

/** The simulate body of a view and drivers. */
function definitionOf(view: View, d: DriverState): ScenarioDefinition {
  const period = view.period === 'custom' ? { period: view.period, from: view.from ?? view.date, to: view.to ?? view.date } : { period: view.period, date: view.date };
  return {
    ...period,
    scope: scopeOf(view.node),
    drivers: {
      pricePct: d.pricePct, unitCostPct: d.unitCostPct, targetPct: d.targetPct,
      ...(d.volumeMode === 'volume' ? { volumePct: d.volumePct } : { elasticity: d.elasticity }),
      ...(d.closings.length ? { closings: d.closings } : {}),
      ...(d.openings.length ? { openings: d.openings } : {}),
    },
  };
}

/** A saved definition back to the view change and drivers it was made from. */
function loadDefinition(def: ScenarioDefinition): { view: Partial<View>; drivers: DriverState } {
  const s = def.scope ?? {};
  const node = s.storeIds?.[0] ?? s.regionIds?.[0] ?? 'company';
  const d = def.drivers;
  return {
    view: { node, period: def.period ?? 'month', ...(def.date ? { date: def.date } : {}), ...(def.from ? { from: def.from, to: def.to } : {}) },
    drivers: {
      pricePct: d.pricePct ?? 0, unitCostPct: d.unitCostPct ?? 0, targetPct: d.targetPct ?? 0,
      volumeMode: d.volumePct !== undefined ? 'volume' : 'elasticity', volumePct: d.volumePct ?? 0, elasticity: d.elasticity ?? -1,
      closings: d.closings ?? [], openings: (d.openings ?? []).map((o) => ({ regionId: o.regionId, comparableStoreId: o.comparableStoreId, from: o.from })),
    },
  };
}

/** A driver: a labelled slider and a number input bound to the same value. */
function DriverInput({ name, label, value, min, max, step, unit, onChange }: {
  name: string; label: string; value: number; min: number; max: number; step: number; unit: string; onChange: (v: number) => void;
}) {
  const id = useId();
  return (
    <div className="field an-driver" data-driver={name}>
      <label htmlFor={`${id}-range`} id={`${id}-label`}>{label}</label>
      <div className="an-driver-inputs">
        <input id={`${id}-range`} type="range" min={min} max={max} step={step} value={value} aria-valuetext={`${value} ${unit}`} onChange={(e) => onChange(Number(e.target.value))} />
        <input
          type="number" min={min} max={max} step={step} value={value} aria-labelledby={`${id}-label`} inputMode="decimal"
          onChange={(e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && onChange(Math.min(max, Math.max(min, Number(e.target.value))))}
        />
        <span aria-hidden="true">{unit}</span>
      </div>
    </div>
  );
}

/** Closings and openings: lists with remove buttons, and small forms to add one. */
function StoreChanges({ drivers, set, view }: { drivers: DriverState; set: (d: DriverState) => void; view: View }) {
  const { t, i18n } = useTranslation();
  const stores = useStores(view.node === 'company' || view.node.startsWith('sto_') ? {} : { regionId: view.node });
  const allStores = useStores();
  const regions = useRegions();
  const start = view.period === 'custom' ? view.from ?? view.date : view.date;
  const [close, setClose] = useState({ storeId: '', from: start });
  const [open, setOpen] = useState({ regionId: '', comparableStoreId: '', from: start });
  const inScope = (stores.data ?? []).filter((s) => !view.node.startsWith('sto_') || s.id === view.node);
  const name = (id: string) => allStores.data?.find((s) => s.id === id)?.name ?? id;
  const regionName = (id: string) => regions.data?.find((r) => r.id === id)?.name ?? id;
  return (
    <div className="an-panels">
      <fieldset className="stack">
        <legend>{t('analytics.whatif.closings')}</legend>
        <ul className="an-changes">
          {drivers.closings.map((c, i) => (
            <li key={`${c.storeId}-${i}`}>
              {t('analytics.whatif.closingItem', { store: name(c.storeId), from: day(c.from, i18n.language) })}{' '}
              <Button variant="secondary" className="btn-small" onClick={() => set({ ...drivers, closings: drivers.closings.filter((_, k) => k !== i) })}>
                {t('analytics.whatif.remove')}<span className="sr-only"> {name(c.storeId)}</span>
              </Button>
            </li>
          ))}
        </ul>
        <SelectField label={t('analytics.whatif.closeStore')} value={close.storeId} onChange={(e) => setClose({ ...close, storeId: e.target.value })}>
          <option value="">{t('analytics.whatif.choose')}</option>
          {inScope.map((s) => <option key={s.id} value={s.id}>{`${s.name} (${s.code})`}</option>)}
        </SelectField>
        <Field label={t('analytics.whatif.closedFrom')} type="date" value={close.from} onChange={(e) => setClose({ ...close, from: e.target.value })} />
        <Button variant="secondary" disabled={!close.storeId || !close.from} onClick={() => set({ ...drivers, closings: [...drivers.closings, close] })}>{t('analytics.whatif.addClosing')}</Button>
      </fieldset>
      <fieldset className="stack">
        <legend>{t('analytics.whatif.openings')}</legend>
        <ul className="an-changes">
          {drivers.openings.map((o, i) => (
            <li key={`${o.regionId}-${i}`}>
              {t('analytics.whatif.openingItem', { region: regionName(o.regionId), store: name(o.comparableStoreId), from: day(o.from, i18n.language) })}{' '}
              <Button variant="secondary" className="btn-small" onClick={() => set({ ...drivers, openings: drivers.openings.filter((_, k) => k !== i) })}>
                {t('analytics.whatif.remove')}<span className="sr-only"> {regionName(o.regionId)}</span>
              </Button>
            </li>
          ))}
        </ul>
        <SelectField label={t('analytics.whatif.openIn')} value={open.regionId} onChange={(e) => setOpen({ ...open, regionId: e.target.value })}>
          <option value="">{t('analytics.whatif.choose')}</option>
          {treeOrder(regions.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.parentId === null ? t('analytics.picker.company') : r.name}</option>)}
        </SelectField>
        <SelectField label={t('analytics.whatif.comparable')} value={open.comparableStoreId} onChange={(e) => setOpen({ ...open, comparableStoreId: e.target.value })}>
          <option value="">{t('analytics.whatif.choose')}</option>
          {(allStores.data ?? []).map((s) => <option key={s.id} value={s.id}>{`${s.name} (${s.code})`}</option>)}
        </SelectField>
        <Field label={t('analytics.whatif.openFrom')} type="date" value={open.from} onChange={(e) => setOpen({ ...open, from: e.target.value })} />
        <Button variant="secondary" disabled={!open.regionId || !open.comparableStoreId || !open.from} onClick={() => set({ ...drivers, openings: [...drivers.openings, open] })}>{t('analytics.whatif.addOpening')}</Button>
      </fieldset>
    </div>
  );
}

/** The nodes of a simulation in tree order with their depth. */
function flatten(root: ScenarioNode): { node: ScenarioNode; depth: number }[] {
  const out: { node: ScenarioNode; depth: number }[] = [];
  const walk = (n: ScenarioNode, depth: number) => {
    out.push({ node: n, depth });
    n.children.forEach((c) => walk(c, depth + 1));
  };
  walk(root, 0);
  return out;
}

/** Baseline vs scenario per node: revenue, cost of goods, gross margin, margin %, units. */
function NodesTable({ answer }: { answer: SimulationAnswer }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const m = (v: number | null) => money(v, answer.currency, lang);
  const change = (b: number, s: number) => (b === 0 ? null : (s - b) / Math.abs(b));
  const measures: { key: string; label: string; cell: (n: ScenarioNode['baseline']) => string; diff?: boolean }[] = [
    { key: 'revenue', label: t('analytics.kpi.revenue'), cell: (x) => m(x.revenue), diff: true },
    { key: 'cost', label: t('analytics.whatif.cogs'), cell: (x) => m(x.cost) },
    { key: 'grossMargin', label: t('analytics.kpi.grossMargin'), cell: (x) => m(x.grossMargin), diff: true },
    { key: 'marginRate', label: t('analytics.kpi.marginRate'), cell: (x) => percent(x.marginRate, lang) },
    { key: 'units', label: t('analytics.kpi.units'), cell: (x) => count(x.units, lang) },
  ];
  const nodeName = (n: ScenarioNode) => (n.kind === 'company' ? t('analytics.picker.company') : n.name);
  return (
    <TableScroll className="an-scroll">
      <table className="table an-whatif-table">
        <caption>{t('analytics.whatif.byNode')}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>{t('analytics.consolidation.node')}</th>
            {measures.map((x) => <th key={x.key} scope="colgroup" colSpan={x.diff ? 3 : 2} className="num">{x.label}</th>)}
          </tr>
          <tr>
            {measures.map((x) => (
              <Fragment key={x.key}>
                <th scope="col" className="num">{t('analytics.whatif.baseline')}</th>
                <th scope="col" className="num">{t('analytics.whatif.scenario')}</th>
                {x.diff ? <th scope="col" className="num">{t('analytics.whatif.change')}</th> : null}
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {flatten(answer.root).map(({ node, depth }) => (
            <tr key={node.id} data-node={node.id} className={depth === 0 ? 'an-total' : undefined}>
              <th scope="row" style={{ paddingLeft: 8 + depth * 20 }}>
                {nodeName(node)}
                {node.opening ? <span className="muted"> ({t('analytics.whatif.opened', { from: day(node.opening.from, lang) })})</span> : null}
                {node.closedFrom ? <span className="muted"> ({t('analytics.whatif.closed', { from: day(node.closedFrom, lang) })})</span> : null}
              </th>
              {measures.map((x) => (
                <Fragment key={x.key}>
                  <td className="num">{x.cell(node.baseline)}</td>
                  <td className="num" data-measure={x.key}>{x.cell(node.scenario)}</td>
                  {x.diff ? <td className="num">{signedPercent(change(node.baseline[x.key as 'revenue'], node.scenario[x.key as 'revenue']), lang)}</td> : null}
                </Fragment>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The price–volume–mix bridge of the root's gross margin as a waterfall (invisible base + step bar). */
function BridgeChart({ answer }: { answer: SimulationAnswer }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cur = answer.currency;
  const steps = answer.pvmBridge;
  const option = useMemo<ChartOption>(() => {
    let running = 0;
    const base: number[] = [];
    const bars: { value: number; itemStyle: { color: string } }[] = [];
    for (const s of steps) {
      const v = major(s.value, cur) ?? 0;
      if (s.step === 'baseline' || s.step === 'scenario') {
        running = v;
        base.push(Math.min(0, v) === v ? v : 0);
        bars.push({ value: Math.abs(v), itemStyle: { color: '#0b5cad' } });
        if (v < 0) base[base.length - 1] = v;
        continue;
      }
      const after = running + v;
      base.push(Math.min(running, after));
      bars.push({ value: Math.abs(v), itemStyle: { color: v >= 0 ? '#1e6b34' : '#b3261e' } });
      running = after;
    }
    return {
      grid: { left: 72, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => compactMoney(Number(v), cur, lang) },
      xAxis: { type: 'category', data: steps.map((s) => t(`analytics.whatif.step.${s.step}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(v, cur, lang) } },
      series: [
        { type: 'bar', stack: 'bridge', data: base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, tooltip: { show: false } },
        { type: 'bar', stack: 'bridge', data: bars, name: t('analytics.kpi.grossMargin') },
      ],
    } as ChartOption;
  }, [steps, cur, lang, t]);
  return (
    <Chart
      title={t('analytics.whatif.bridge')}
      summary={t('analytics.whatif.bridgeSummary')}
      option={option}
      table={{ columns: [t('analytics.whatif.stepLabel'), t('analytics.kpi.grossMargin')], rows: steps.map((s) => [t(`analytics.whatif.step.${s.step}`), money(s.value, cur, lang)]) }}
    />
  );
}

/** The saved scenarios: load, duplicate, delete (with `scenarios:write`), pick 2–3 to compare. */
function SavedScenarios({ onLoad, compare, setCompare }: { onLoad: (s: SavedScenario) => void; compare: string[]; setCompare: (ids: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const write = can('scenarios:write');
  const list = useScenarios();
  const duplicate = useWrite(duplicateScenario);
  const remove = useWrite(deleteScenario);
  const failed = duplicate.error ?? remove.error;
  return (
    <section className="card stack" aria-labelledby="an-saved">
      <h2 id="an-saved">{t('analytics.whatif.saved')}</h2>
      {failed ? <ErrorMessage error={failed} /> : null}
      <QueryState query={list}>
        {!list.data?.data.length ? <EmptyState>{t('analytics.whatif.noSaved')}</EmptyState> : (
          <TableScroll className="an-scroll">
            <table className="table">
              <caption className="sr-only">{t('analytics.whatif.saved')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.whatif.compareColumn')}</th>
                  <th scope="col">{t('analytics.whatif.name')}</th>
                  <th scope="col">{t('analytics.whatif.updated')}</th>
                  <th scope="col">{t('analytics.whatif.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((s) => {
                  const picked = compare.includes(s.id);
                  return (
                    <tr key={s.id} data-scenario={s.id}>
                      <td>
                        <input
                          type="checkbox" checked={picked} disabled={!picked && compare.length >= 3} aria-label={t('analytics.whatif.pick', { name: s.name })}
                          onChange={() => setCompare(picked ? compare.filter((x) => x !== s.id) : [...compare, s.id])}
                        />
                      </td>
                      <th scope="row">{s.name}</th>
                      <td>{formatDateTime(s.updatedAt, i18n.language)}</td>
                      <td>
                        <div className="row">
                          <Button variant="secondary" className="btn-small" onClick={() => onLoad(s)}>{t('analytics.whatif.load')}<span className="sr-only"> {s.name}</span></Button>
                          {write ? (
                            <>
                              <Button variant="secondary" className="btn-small" disabled={duplicate.isPending} onClick={() => duplicate.mutate(s.id)}>{t('analytics.whatif.duplicate')}<span className="sr-only"> {s.name}</span></Button>
                              <Button
                                variant="danger" className="btn-small" disabled={remove.isPending}
                                onClick={() => {
                                  if (!window.confirm(t('analytics.whatif.confirmDelete', { name: s.name }))) return;
                                  setCompare(compare.filter((x) => x !== s.id));
                                  remove.mutate(s.id);
                                }}
                              >
                                {t('analytics.whatif.delete')}<span className="sr-only"> {s.name}</span>
                              </Button>
                            </>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
    </section>
  );
}

/** 2 or 3 saved scenarios side by side: each one's drivers and root figures against its baseline. */
function Comparison({ ids }: { ids: string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = useComparison(ids);
  return (
    <section className="card stack" aria-labelledby="an-compare">
      <h2 id="an-compare">{t('analytics.whatif.comparison')}</h2>
      {ids.length < 2 ? <p className="muted">{t('analytics.whatif.pickTwo')}</p> : (
        <QueryState query={query}>
          {query.data ? (
            <TableScroll className="an-scroll">
              <table className="table an-compare">
                <caption className="sr-only">{t('analytics.whatif.comparison')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.whatif.measure')}</th>
                    {query.data.scenarios.map((s) => <th key={s.scenario.id} scope="col" className="num">{s.scenario.name}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {([
                    ['period', (s) => s.period.label],
                    ['drivers', (s) => t('analytics.whatif.driversText', { price: s.drivers.pricePct, cost: s.drivers.unitCostPct, volume: s.drivers.volumePct, target: s.drivers.targetPct })],
                    ['revenue', (s) => `${money(s.root.scenario.revenue, s.currency, lang)} (${signedPercent(s.root.baseline.revenue ? (s.root.scenario.revenue - s.root.baseline.revenue) / Math.abs(s.root.baseline.revenue) : null, lang)})`],
                    ['cogs', (s) => money(s.root.scenario.cost, s.currency, lang)],
                    ['grossMargin', (s) => `${money(s.root.scenario.grossMargin, s.currency, lang)} (${signedPercent(s.root.baseline.grossMargin ? (s.root.scenario.grossMargin - s.root.baseline.grossMargin) / Math.abs(s.root.baseline.grossMargin) : null, lang)})`],
                    ['marginRate', (s) => `${percent(s.root.scenario.marginRate, lang)} (${percent(s.root.baseline.marginRate, lang)})`],
                    ['units', (s) => count(s.root.scenario.units, lang)],
                  ] as [string, (s: ScenarioComparison['scenarios'][number]) => string][]).map(([key, cell]) => (
                    <tr key={key}>
                      <th scope="row">{t(`analytics.whatif.rows.${key}`)}</th>
                      {query.data.scenarios.map((s) => <td key={s.scenario.id} className="num">{cell(s)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
        </QueryState>
      )}
    </section>
  );
}

function WhatIfPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const can = useCan();
  const [view, setView] = useView();
  const [drivers, setDrivers] = useState<DriverState>(NO_DRIVERS);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const definition = useMemo(() => definitionOf(view, drivers), [view, drivers]);
  const asked = useDebounced(definition, 250);
  const sim = useSimulation(asked);
  const save = useWrite((body: ScenarioDefinition & { name: string }) => saveScenario(body), (s) => {
    setSaved(s.name);
    setName('');
  });
  const answer = sim.data;
  const pending = asked !== definition || sim.isFetching;
  const d = (change: Partial<DriverState>) => setDrivers((prev) => ({ ...prev, ...change }));
  const root = answer?.root;
  return (
    <>
      <PageTitle>{t('analytics.whatif.title')}</PageTitle>
      <AnalyticsTabs view={view} />
      <SyntheticBanner />
      <ViewPickers view={view} set={setView} compare={false} />
      <form className="card stack" aria-labelledby="an-drivers" onSubmit={(e) => e.preventDefault()}>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 id="an-drivers">{t('analytics.whatif.drivers')}</h2>
          <Button variant="secondary" className="btn-small" onClick={() => setDrivers(NO_DRIVERS)}>{t('analytics.whatif.reset')}</Button>
        </div>
        <div className="an-drivers">
          <DriverInput name="price" label={t('analytics.whatif.price')} unit="%" value={drivers.pricePct} min={-50} max={50} step={0.5} onChange={(v) => d({ pricePct: v })} />
          <DriverInput name="cost" label={t('analytics.whatif.unitCost')} unit="%" value={drivers.unitCostPct} min={-50} max={50} step={0.5} onChange={(v) => d({ unitCostPct: v })} />
          <fieldset className="an-driver">
            <legend>{t('analytics.whatif.volumeMode')}</legend>
            <div className="an-seg">
              {(['elasticity', 'volume'] as const).map((mode) => (
                <label key={mode}>
                  <input type="radio" name="an-volume-mode" value={mode} checked={drivers.volumeMode === mode} onChange={() => d({ volumeMode: mode })} />
                  <span>{t(`analytics.whatif.mode.${mode}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {drivers.volumeMode === 'elasticity'
            ? <DriverInput name="elasticity" label={t('analytics.whatif.elasticity')} unit="×" value={drivers.elasticity} min={-5} max={0} step={0.1} onChange={(v) => d({ elasticity: v })} />
            : <DriverInput name="volume" label={t('analytics.whatif.volume')} unit="%" value={drivers.volumePct} min={-50} max={50} step={0.5} onChange={(v) => d({ volumePct: v })} />}
          <DriverInput name="target" label={t('analytics.whatif.target')} unit="%" value={drivers.targetPct} min={-50} max={50} step={0.5} onChange={(v) => d({ targetPct: v })} />
        </div>
        <details>
          <summary>{t('analytics.whatif.storeChanges', { count: drivers.closings.length + drivers.openings.length })}</summary>
          <StoreChanges drivers={drivers} set={setDrivers} view={view} />
        </details>
      </form>

      {sim.error ? <ErrorMessage error={sim.error} /> : null}
      <section className="card stack" aria-labelledby="an-results" aria-busy={pending}>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 id="an-results">{t('analytics.whatif.results')}</h2>
          {answer ? <DataAsOf iso={answer.dataAsOf} /> : null}
        </div>
        <p role="status" aria-live="polite" className="an-whatif-status" data-testid="whatif-summary">
          {root && answer
            ? t('analytics.whatif.summary', {
              period: answer.period.label,
              revenue: money(root.scenario.revenue, answer.currency, lang),
              revenueChange: signedPercent(root.baseline.revenue ? (root.scenario.revenue - root.baseline.revenue) / Math.abs(root.baseline.revenue) : null, lang),
              margin: money(root.scenario.grossMargin, answer.currency, lang),
              rate: percent(root.scenario.marginRate, lang),
            })
            : sim.isPending && !sim.error ? t('analytics.whatif.computing') : ''}
        </p>
        {pending ? <p className="muted" aria-hidden="true" style={{ margin: 0 }}>{t('analytics.whatif.updating')}</p> : null}
        {answer ? (
          <>
            <MissingRates answer={answer} />
            {answer.coverage.from !== answer.period.from || answer.coverage.to !== answer.period.to
              ? <Alert>{t('analytics.whatif.coverage', { from: day(answer.coverage.from, lang), to: day(answer.coverage.to, lang) })}</Alert> : null}
            <NodesTable answer={answer} />
            <BridgeChart answer={answer} />
            <details>
              <summary>{t('analytics.whatif.formulas')}</summary>
              <p>{answer.formulas}</p>
            </details>
          </>
        ) : null}
      </section>

      {can('scenarios:write') ? (
        <form
          className="card an-toolbar" aria-label={t('analytics.whatif.saveLabel')}
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            save.mutate({ name: name.trim(), ...definition });
          }}
        >
          <Field label={t('analytics.whatif.name')} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
          <Button type="submit" disabled={!name.trim() || save.isPending}>{t('analytics.whatif.save')}</Button>
          {save.error ? <ErrorMessage error={save.error} /> : null}
          {saved ? <p role="status">{t('analytics.whatif.savedAs', { name: saved })}</p> : null}
        </form>
      ) : null}
      <SavedScenarios
        compare={compare}
        setCompare={setCompare}
        onLoad={(s) => {
          const loaded = loadDefinition(s.definition as ScenarioDefinition);
          setView(loaded.view);
          setDrivers(loaded.drivers);
        }}
      />
      <Comparison ids={compare} />
    </>
  );
}

/** The /admin/analytics/what-if page (needs `analytics:read`; saving needs `scenarios:write`). */
export default function AnalyticsWhatIf() {
  return <RequirePermission permission="analytics:read"><WhatIfPage /></RequirePermission>;
}
