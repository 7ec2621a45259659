/** Promotions: list with usage counts, create, edit, disable/enable. */
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { Alert, Badge, Button, Field, SelectField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { fromMinor, isoToLocalInput, localInputToIso, toMinor } from '../../features/admin/format';
import { SiteCheckboxes, SiteScopeNote } from '../../features/sites/SiteSwitcher';
import { useAdminSite, useSites } from '../../features/sites/api';
import { createPromotion, listPromotions, PROMOTION_TYPES, setPromotionDisabled, updatePromotion, type NewPromotion, type Promotion, type PromotionChanges } from '../../features/promotions/api';

interface PromoForm {
  code: string;
  type: Promotion['type'];
  value: string;
  currency: string;
  minSubtotal: string;
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  perCustomerLimit: string;
  requiresAccount: boolean;
  skus: string;
  /** Codes of the sites the code may be used on; none: every site. */
  sites: string[];
}

/** The editor's fields for `p`, or for a new promotion on `site` (the back office's chosen site; '' = every site). */
function toForm(p: Promotion | undefined, site: string): PromoForm {
  if (!p) return { code: '', type: 'percentage', value: '', currency: 'GBP', minSubtotal: '', startsAt: '', endsAt: '', usageLimit: '', perCustomerLimit: '', requiresAccount: false, skus: '', sites: site ? [site] : [] };
  return {
    code: p.code,
    type: p.type,
    value: p.type === 'percentage' ? String(p.value) : p.type === 'fixed_amount' ? fromMinor(p.value, p.currency) : '',
    currency: p.currency,
    minSubtotal: p.minSubtotal === null ? '' : fromMinor(p.minSubtotal, p.currency),
    startsAt: isoToLocalInput(p.startsAt),
    endsAt: isoToLocalInput(p.endsAt),
    usageLimit: p.usageLimit === null ? '' : String(p.usageLimit),
    perCustomerLimit: p.perCustomerLimit === null ? '' : String(p.perCustomerLimit),
    requiresAccount: p.requiresAccount,
    skus: p.skus.join(', '),
    sites: p.sites,
  };
}

/** "10% off", "£5.00 off", "Free shipping". */
function PromoValue({ p }: { p: Promotion }) {
  const { t, i18n } = useTranslation();
  if (p.type === 'percentage') return <>{t('admin.promotions.percentOff', { value: formatNumber(p.value, i18n.language) })}</>;
  if (p.type === 'fixed_amount') return <>{t('admin.promotions.amountOff', { value: formatMoney({ amount: p.value, currency: p.currency }, i18n.language) })}</>;
  return <>{t('admin.promotionType.free_shipping')}</>;
}

function PromoEditor({ promotion, onDone }: { promotion?: Promotion; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const site = useAdminSite();
  const sites = useSites();
  const [form, setForm] = useState(() => toForm(promotion, site));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (promotion ? updatePromotion(promotion.id, body as PromotionChanges) : createPromotion(body as NewPromotion)),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'promotions'] });
      onDone();
    },
  });
  const set = (k: keyof PromoForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let value: number | undefined;
    if (form.type === 'percentage') {
      value = Number(form.value);
      if (!Number.isInteger(value) || value < 1 || value > 100) return setProblem(t('admin.promotions.errPercent'));
    } else if (form.type === 'fixed_amount') {
      const minor = toMinor(form.value, form.currency);
      if (minor === null || minor <= 0) return setProblem(t('admin.promotions.errAmount'));
      value = minor;
    }
    const minSubtotal = form.minSubtotal.trim() ? toMinor(form.minSubtotal, form.currency) : null;
    if (form.minSubtotal.trim() && minSubtotal === null) return setProblem(t('admin.promotions.errMinSubtotal'));
    if (!promotion && !form.code.trim()) return setProblem(t('admin.promotions.errCode'));
    setProblem(null);
    const int = (s: string) => (s.trim() ? Number(s) : null);
    const body: Record<string, unknown> = {
      type: form.type,
      ...(value !== undefined ? { value } : {}),
      currency: form.currency.trim().toUpperCase(),
      minSubtotal,
      startsAt: localInputToIso(form.startsAt),
      endsAt: localInputToIso(form.endsAt),
      usageLimit: int(form.usageLimit),
      perCustomerLimit: int(form.perCustomerLimit),
      requiresAccount: form.requiresAccount,
      skus: form.skus.split(',').map((s) => s.trim()).filter(Boolean),
      sites: form.sites,
    };
    if (!promotion) {
      body.code = form.code.trim();
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    }
    save.mutate(body);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="promo-form-title">
      <h2 id="promo-form-title">{promotion ? t('admin.promotions.editTitle', { code: promotion.code }) : t('admin.promotions.newTitle')}</h2>
      <div className="toolbar">
        <Field label={t('admin.promotions.code')} required value={form.code} onChange={set('code')} readOnly={!!promotion} autoFocus={!promotion} />
        <SelectField label={t('admin.promotions.type')} value={form.type} onChange={set('type')}>
          {PROMOTION_TYPES.map((ty) => <option key={ty} value={ty}>{t(`admin.promotionType.${ty}`)}</option>)}
        </SelectField>
        {form.type === 'percentage' ? <Field label={t('admin.promotions.percent')} type="number" min={1} max={100} required value={form.value} onChange={set('value')} /> : null}
        {form.type === 'fixed_amount' ? <Field label={t('admin.promotions.amount', { currency: form.currency })} inputMode="decimal" required value={form.value} onChange={set('value')} /> : null}
        <Field label={t('admin.promotions.currency')} value={form.currency} maxLength={3} onChange={set('currency')} />
      </div>
      <div className="toolbar">
        <Field label={t('admin.promotions.minSubtotal', { currency: form.currency })} inputMode="decimal" value={form.minSubtotal} onChange={set('minSubtotal')} />
        <Field label={t('admin.promotions.startsAt')} type="datetime-local" value={form.startsAt} onChange={set('startsAt')} />
        <Field label={t('admin.promotions.endsAt')} type="datetime-local" value={form.endsAt} onChange={set('endsAt')} />
      </div>
      <div className="toolbar">
        <Field label={t('admin.promotions.usageLimit')} type="number" min={1} value={form.usageLimit} onChange={set('usageLimit')} />
        <Field label={t('admin.promotions.perCustomerLimit')} type="number" min={1} value={form.perCustomerLimit} onChange={set('perCustomerLimit')} />
        <Field label={t('admin.promotions.skus')} value={form.skus} onChange={set('skus')} hint={t('admin.promotions.skusHint')} />
      </div>
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" checked={form.requiresAccount} onChange={(e) => setForm({ ...form, requiresAccount: e.target.checked })} />
        {t('admin.promotions.requiresAccount')}
      </label>
      <p className="muted">{t('admin.promotions.limitsHint')}</p>
      {sites.data && sites.data.data.length > 0 ? (
        <SiteCheckboxes legend={t('admin.promotions.sites')} hint={t('admin.promotions.sitesHint')} sites={sites.data.data} value={form.sites} onChange={(codes) => setForm({ ...form, sites: codes })} />
      ) : null}
      {problem ? <Alert>{problem}</Alert> : null}
      <ErrorMessage error={save.error} />
      <div className="row">
        <Button type="submit" disabled={save.isPending}>{promotion ? t('admin.save') : t('admin.promotions.create')}</Button>
        <Button variant="secondary" onClick={onDone}>{t('admin.cancel')}</Button>
      </div>
    </form>
  );
}

/** Edit and disable/enable buttons of a promotion (for users who may write promotions). */
function PromoActions({ p, onEdit }: { p: Promotion; onEdit: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => setPromotionDisabled(p.id, !p.disabled),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'promotions'] }),
  });
  return (
    <>
      {can('promotions:write') ? (
        <div className="row" style={{ gap: 8 }}>
          <Button variant="secondary" className="btn-small" onClick={onEdit}>{t('admin.edit')}<span className="sr-only"> {p.code}</span></Button>
          <Button variant={p.disabled ? 'primary' : 'danger'} className="btn-small" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
            {p.disabled ? t('admin.promotions.enable') : t('admin.promotions.disable')}<span className="sr-only"> {p.code}</span>
          </Button>
        </div>
      ) : null}
      <ErrorMessage error={toggle.error} />
    </>
  );
}

function PromoPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Promotion | 'new' | null>(null);
  const site = useAdminSite();
  // With a site chosen in the switcher: the promotions usable on it (every-site ones included).
  const query = useQuery({ queryKey: ['admin', 'promotions', site, page], queryFn: () => listPromotions({ page, limit: 20, ...(site ? { site } : {}) }), placeholderData: keepPreviousData });
  const columns: Column<Promotion>[] = [
    { header: t('admin.promotions.code'), rowHeader: true, cell: (p) => <code>{p.code}</code> },
    {
      header: t('admin.promotions.discount'),
      cell: (p) => <><PromoValue p={p} />{p.minSubtotal !== null ? <div className="muted">{t('admin.promotions.minShort', { value: formatMoney({ amount: p.minSubtotal, currency: p.currency }, i18n.language) })}</div> : null}</>,
    },
    { header: t('admin.promotions.period'), className: 'hide-mobile', cell: (p) => <>{p.startsAt ? formatDateTime(p.startsAt, i18n.language) : '—'} → {p.endsAt ? formatDateTime(p.endsAt, i18n.language) : '—'}</> },
    {
      header: t('admin.promotions.uses'),
      className: 'num hide-mobile',
      cell: (p) => (p.usageLimit === null ? formatNumber(p.timesUsed, i18n.language) : t('admin.promotions.usedOf', { used: formatNumber(p.timesUsed, i18n.language), limit: formatNumber(p.usageLimit, i18n.language) })),
    },
    { header: t('admin.promotions.state'), cell: (p) => <Badge tone={p.disabled ? 'danger' : 'success'}>{p.disabled ? t('admin.promotions.disabled') : t('admin.promotions.enabled')}</Badge> },
    { header: <span className="sr-only">{t('admin.actions')}</span>, cell: (p) => <PromoActions p={p} onEdit={() => setEditing(p)} /> },
  ];
  return (
    <>
      <PageTitle actions={can('promotions:write') && editing === null ? <Button onClick={() => setEditing('new')}>{t('admin.promotions.new')}</Button> : null}>{t('admin.promotions.title')}</PageTitle>
      <SiteScopeNote />
      {editing ? <PromoEditor key={editing === 'new' ? 'new' : editing.id} promotion={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} /> : null}
      <DataTable query={query} columns={columns} rowKey={(p) => p.id} empty={t('admin.promotions.none')} onPage={setPage} />
    </>
  );
}

/** The /admin/promotions page. */
export default function Promotions() {
  return <RequirePermission permission="promotions:read"><PromoPage /></RequirePermission>;
}
