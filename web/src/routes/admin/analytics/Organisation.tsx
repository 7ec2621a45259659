/**
 * /admin/analytics/organisation: the region tree (create under a parent, rename, move with a
 * parent select; the API's problem detail shown on refusal, e.g. a move into its own subtree), the
 * stores with filters and a create/edit form (a new region moves the store), and the stores CSV
 * import with its report. Writes need `analytics:write`; reading needs `analytics:read`.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, Field, SelectField, TableScroll } from '../../../ui';
import { useCan } from '../../../features/admin/auth';
import { countryName } from '../../../lib/address';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../../features/admin/components';
import { createRegion, createStore, importStores, updateRegion, updateStore, useRegions, useSettings, useStores, useWrite } from '../../../features/analytics/api';
import { AnalyticsTabs, indent, treeOrder } from '../../../features/analytics/components';
import { CsvImport } from '../../../features/analytics/CsvImport';
import { count, day } from '../../../features/analytics/format';
import type { Region, Store, StoreInput } from '../../../features/analytics/types';

/** Ids of a region and everything under it (a region cannot move there). */
function subtree(regions: Region[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of regions) if (r.parentId && out.has(r.parentId) && !out.has(r.id)) {
      out.add(r.id);
      grew = true;
    }
  }
  return out;
}

type Mode = { kind: 'rename' | 'move' | 'add'; id: string } | null;

function RegionRow({ region, all, mode, setMode, canWrite }: { region: Region; all: Region[]; mode: Mode; setMode: (m: Mode) => void; canWrite: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(region.name);
  const [parent, setParent] = useState(region.parentId ?? '');
  const [child, setChild] = useState({ code: '', name: '' });
  const close = () => setMode(null);
  const rename = useWrite(() => updateRegion(region.id, { name: name.trim() }), close);
  const move = useWrite(() => updateRegion(region.id, { parentId: parent }), close);
  const add = useWrite(() => createRegion({ code: child.code.trim(), name: child.name.trim(), parentId: region.id }), () => { setChild({ code: '', name: '' }); close(); });
  const active = mode?.id === region.id ? mode.kind : null;
  const excluded = subtree(all, region.id);
  const isRoot = region.parentId === null;
  const open = (kind: 'rename' | 'move' | 'add') => setMode(active === kind ? null : { kind, id: region.id });
  const submit = (m: { mutate: (v: undefined) => void }) => (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined);
  };
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" style={{ gap: 8 }}>
        <strong>{isRoot ? t('analytics.picker.company') : region.name}</strong>
        <span className="muted">{region.code}</span>
        {canWrite ? (
          <>
            {!isRoot ? <Button variant="secondary" className="btn-small" aria-expanded={active === 'rename'} onClick={() => open('rename')}>{t('analytics.org.rename')}<span className="sr-only"> {region.name}</span></Button> : null}
            {!isRoot ? <Button variant="secondary" className="btn-small" aria-expanded={active === 'move'} onClick={() => open('move')}>{t('analytics.org.move')}<span className="sr-only"> {region.name}</span></Button> : null}
            <Button variant="secondary" className="btn-small" aria-expanded={active === 'add'} onClick={() => open('add')}>{t('analytics.org.addChild')}<span className="sr-only"> {region.name}</span></Button>
          </>
        ) : null}
      </div>
      {active === 'rename' ? (
        <form className="toolbar" onSubmit={submit(rename)}>
          <Field label={t('analytics.org.newName')} required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <Button type="submit" disabled={!name.trim() || rename.isPending}>{t('admin.save')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={rename.error} />
        </form>
      ) : null}
      {active === 'move' ? (
        <form className="toolbar" onSubmit={submit(move)}>
          <SelectField label={t('analytics.org.newParent')} value={parent} onChange={(e) => setParent(e.target.value)} autoFocus>
            {treeOrder(all).map((r) => (
              <option key={r.id} value={r.id} disabled={excluded.has(r.id)}>{indent(r.depth) + (r.parentId === null ? t('analytics.picker.company') : r.name)}</option>
            ))}
          </SelectField>
          <Button type="submit" disabled={move.isPending || parent === region.parentId}>{t('analytics.org.move')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={move.error} />
        </form>
      ) : null}
      {active === 'add' ? (
        <form className="toolbar" onSubmit={submit(add)}>
          <Field label={t('analytics.org.code')} required value={child.code} onChange={(e) => setChild({ ...child, code: e.target.value })} autoFocus />
          <Field label={t('analytics.org.name')} required value={child.name} onChange={(e) => setChild({ ...child, name: e.target.value })} />
          <Button type="submit" disabled={!child.code.trim() || !child.name.trim() || add.isPending}>{t('analytics.org.create')}</Button>
          <Button variant="secondary" onClick={close}>{t('admin.cancel')}</Button>
          <ErrorMessage error={add.error} />
        </form>
      ) : null}
    </div>
  );
}

function RegionTree({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const [mode, setMode] = useState<Mode>(null);
  const all = regions.data ?? [];
  const ordered = treeOrder(all);
  const ids = new Set(all.map((r) => r.id));
  const render = (parent: string | null, roots = false) => {
    const kids = ordered.filter((r) => (roots ? r.parentId === null || !ids.has(r.parentId) : r.parentId === parent));
    if (!kids.length) return null;
    return (
      <ul>
        {kids.map((r) => (
          <li key={r.id}>
            <RegionRow region={r} all={all} mode={mode} setMode={setMode} canWrite={canWrite} />
            {render(r.id)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section className="card stack" aria-labelledby="an-regions">
      <h2 id="an-regions">{t('analytics.org.regions')}</h2>
      <QueryState query={regions}>
        {all.length === 0 ? <EmptyState>{t('analytics.org.noRegions')}</EmptyState> : <div className="tree" role="group" aria-labelledby="an-regions">{render(null, true)}</div>}
      </QueryState>
    </section>
  );
}

/** The store form's fields: every field of a store but its id (the PATCH body refuses unknown properties, `id` included). */
type StoreFields = Omit<Store, 'id'>;

const EMPTY_STORE: StoreFields = { code: '', name: '', kind: 'physical', regionId: '', city: '', country: '', openedOn: '', closedOn: null, sellingAreaM2: null, currency: 'EUR', timeZone: 'Europe/Paris' };

/** A store's fields without its id. */
function withoutId({ id: _id, ...fields }: Store): StoreFields {
  return fields;
}

function StoreForm({ store, regions, onDone }: { store: Store | null; regions: Region[]; onDone: () => void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const [form, setForm] = useState<StoreFields>(() => (store ? withoutId(store) : { ...EMPTY_STORE, currency: settings.data?.reportingCurrency ?? EMPTY_STORE.currency, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || EMPTY_STORE.timeZone, regionId: regions.find((r) => r.parentId === null)?.id ?? '' }));
  const [area, setArea] = useState(store?.sellingAreaM2 ? String(store.sellingAreaM2) : '');
  const save = useWrite((body: StoreInput) => (store ? updateStore(store.id, body) : createStore(body)), onDone);
  const areaError = area.trim() && !/^\d+$/.test(area.trim()) ? t('analytics.org.areaInvalid') : null;
  const up = (k: keyof StoreFields) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (areaError) return;
    save.mutate({ ...form, code: form.code.trim(), name: form.name.trim(), country: form.country.trim().toUpperCase(), currency: form.currency.trim().toUpperCase(), closedOn: form.closedOn || null, sellingAreaM2: area.trim() ? Number(area.trim()) : null });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="an-store-form">
      <h3 id="an-store-form">{store ? t('analytics.org.editStore', { name: store.name }) : t('analytics.org.newStore')}</h3>
      <div className="form-grid">
        <Field label={t('analytics.org.code')} required value={form.code} onChange={up('code')} />
        <Field label={t('analytics.org.name')} required value={form.name} onChange={up('name')} />
        <SelectField label={t('analytics.org.kind')} value={form.kind} onChange={up('kind')}>
          <option value="physical">{t('analytics.org.kinds.physical')}</option>
          <option value="online">{t('analytics.org.kinds.online')}</option>
        </SelectField>
        <SelectField label={t('analytics.org.region')} value={form.regionId} onChange={up('regionId')} required>
          {treeOrder(regions).map((r) => <option key={r.id} value={r.id}>{indent(r.depth) + (r.parentId === null ? t('analytics.picker.company') : r.name)}</option>)}
        </SelectField>
        <Field label={t('analytics.org.city')} value={form.city} onChange={up('city')} />
        <Field label={t('analytics.org.country')} required maxLength={2} value={form.country} onChange={up('country')} hint={t('analytics.org.countryHint')} />
        <Field label={t('analytics.org.openedOn')} type="date" required value={form.openedOn} onChange={up('openedOn')} />
        <Field label={t('analytics.org.closedOn')} type="date" value={form.closedOn ?? ''} onChange={up('closedOn')} />
        <Field label={t('analytics.org.area')} inputMode="numeric" value={area} onChange={(e) => setArea(e.target.value)} error={areaError} />
        <Field label={t('analytics.org.currency')} required maxLength={3} value={form.currency} onChange={up('currency')} />
        <Field label={t('analytics.org.timeZone')} required value={form.timeZone} onChange={up('timeZone')} />
      </div>
      <div className="row">
        <Button type="submit" disabled={save.isPending}>{store ? t('admin.save') : t('analytics.org.create')}</Button>
        <Button variant="secondary" onClick={onDone}>{t('admin.cancel')}</Button>
      </div>
      <ErrorMessage error={save.error} />
    </form>
  );
}

function StoreList({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [regionId, setRegionId] = useState('');
  const [kind, setKind] = useState<Store['kind'] | ''>('');
  const [editing, setEditing] = useState<Store | 'new' | null>(null);
  const regions = useRegions();
  const stores = useStores({ ...(q.trim() ? { q: q.trim() } : {}), ...(regionId ? { regionId } : {}), ...(kind ? { kind } : {}) });
  const all = regions.data ?? [];
  const regionName = (id: string) => {
    const r = all.find((x) => x.id === id);
    return !r ? id : r.parentId === null ? t('analytics.picker.company') : r.path.map((p) => p.name).slice(1).join(' › ') || r.name;
  };
  // Filter on the client as well, so the list is right whether or not the API filters.
  const needle = q.trim().toLowerCase();
  const inRegion = regionId ? subtree(all, regionId) : null;
  const rows = (stores.data ?? []).filter((s) => (!needle || `${s.code} ${s.name} ${s.city}`.toLowerCase().includes(needle)) && (!inRegion || inRegion.has(s.regionId)) && (!kind || s.kind === kind));
  return (
    <section className="card stack" aria-labelledby="an-stores">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="an-stores">{t('analytics.org.stores')}</h2>
        {canWrite ? <Button onClick={() => setEditing('new')}>{t('analytics.org.newStore')}</Button> : null}
      </div>
      {editing ? <StoreForm key={editing === 'new' ? 'new' : editing.id} store={editing === 'new' ? null : editing} regions={all} onDone={() => setEditing(null)} /> : null}
      <form className="toolbar" role="search" aria-label={t('analytics.org.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('analytics.org.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('analytics.org.region')} value={regionId} onChange={(e) => setRegionId(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {treeOrder(all).filter((r) => r.parentId !== null).map((r) => <option key={r.id} value={r.id}>{indent(r.depth - 1) + r.name}</option>)}
        </SelectField>
        <SelectField label={t('analytics.org.kind')} value={kind} onChange={(e) => setKind(e.target.value as Store['kind'] | '')}>
          <option value="">{t('admin.all')}</option>
          <option value="physical">{t('analytics.org.kinds.physical')}</option>
          <option value="online">{t('analytics.org.kinds.online')}</option>
        </SelectField>
      </form>
      <QueryState query={stores}>
        <p className="muted" role="status" style={{ margin: 0 }}>{t('analytics.org.storeCount', { count: rows.length, formatted: count(rows.length, i18n.language) })}</p>
        {rows.length === 0 ? <EmptyState>{t('analytics.org.noStores')}</EmptyState> : (
          <TableScroll className="an-scroll">
            <table className="table">
              <caption className="sr-only">{t('analytics.org.stores')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.org.code')}</th>
                  <th scope="col">{t('analytics.org.name')}</th>
                  <th scope="col">{t('analytics.org.kind')}</th>
                  <th scope="col">{t('analytics.org.region')}</th>
                  <th scope="col">{t('analytics.org.city')}</th>
                  <th scope="col">{t('analytics.org.openedOn')}</th>
                  <th scope="col" className="num">{t('analytics.org.area')}</th>
                  <th scope="col">{t('analytics.org.currency')}</th>
                  {canWrite ? <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id}>
                    <td>{s.code}</td>
                    <th scope="row">{s.name}{s.closedOn ? <span className="muted"> ({t('analytics.org.closedSince', { date: day(s.closedOn, i18n.language) })})</span> : null}</th>
                    <td>{t(`analytics.org.kinds.${s.kind}`)}</td>
                    <td>{regionName(s.regionId)}</td>
                    <td>{[s.city, s.country ? countryName(s.country, i18n.language) : ''].filter(Boolean).join(', ')}</td>
                    <td>{s.openedOn ? day(s.openedOn, i18n.language) : ''}</td>
                    <td className="num">{s.sellingAreaM2 ? `${count(s.sellingAreaM2, i18n.language)} m²` : '—'}</td>
                    <td>{s.currency}</td>
                    {canWrite ? <td><Button variant="secondary" className="btn-small" onClick={() => setEditing(s)}>{t('admin.edit')}<span className="sr-only"> {s.name}</span></Button></td> : null}
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

function OrganisationPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('analytics:write');
  return (
    <>
      <PageTitle>{t('analytics.org.title')}</PageTitle>
      <AnalyticsTabs />
      <div className="an-panels">
        <RegionTree canWrite={canWrite} />
        {canWrite ? <CsvImport title={t('analytics.org.importTitle')} help={t('analytics.org.importHelp')} run={importStores} option={t('analytics.imports.createMissingRegions')} /> : null}
      </div>
      <StoreList canWrite={canWrite} />
    </>
  );
}

/** The /admin/analytics/organisation page (needs `analytics:read`; edits need `analytics:write`). */
export default function AnalyticsOrganisation() {
  return <RequirePermission permission="analytics:read"><OrganisationPage /></RequirePermission>;
}
