/** Sites (sales channels): list, create, edit (name, hosts, currency, languages, sender, logo and colours), delete. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Field, SelectField, TableScroll } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { createSite, deleteSite, setAdminSite, updateSite, useAdminSite, useSites, type NewSite, type Site, type SiteChanges } from '../../features/sites/api';

type Language = 'en' | 'fr';

interface SiteForm {
  code: string;
  name: string;
  currency: string;
  contactEmail: string;
  hosts: string;
  defaultLanguage: Language;
  languages: Language[];
  logoUrl: string;
  primaryColor: string;
  accentColor: string;
}

function toForm(s?: Site): SiteForm {
  if (!s) return { code: '', name: '', currency: 'EUR', contactEmail: '', hosts: '', defaultLanguage: 'en', languages: ['en'], logoUrl: '', primaryColor: '#1f2937', accentColor: '#2563eb' };
  return {
    code: s.code, name: s.name, currency: s.currency, contactEmail: s.contactEmail, hosts: s.hosts.join(', '),
    defaultLanguage: s.defaultLanguage, languages: s.languages, logoUrl: s.theme.logoUrl ?? '', primaryColor: s.theme.primaryColor, accentColor: s.theme.accentColor,
  };
}

function SiteEditor({ site, onDone }: { site?: Site; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState(() => toForm(site));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: SiteChanges & { code?: string }) => (site ? updateSite(site.code, body) : createSite(body as NewSite)),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'sites'] });
      onDone();
    },
  });
  const set = (k: keyof SiteForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const toggleLanguage = (l: Language) => setForm({ ...form, languages: form.languages.includes(l) ? form.languages.filter((x) => x !== l) : [...form.languages, l] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!site && !/^[a-z0-9][a-z0-9-]*$/.test(form.code)) return setProblem(t('admin.sites.errCode'));
    if (!form.name.trim()) return setProblem(t('admin.sites.errName'));
    if (!/^[A-Za-z]{3}$/.test(form.currency.trim())) return setProblem(t('admin.sites.errCurrency'));
    if (!form.languages.includes(form.defaultLanguage)) return setProblem(t('admin.sites.errLanguages'));
    setProblem(null);
    const body = {
      name: form.name.trim(),
      currency: form.currency.trim().toUpperCase(),
      contactEmail: form.contactEmail.trim(),
      hosts: form.hosts.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean),
      defaultLanguage: form.defaultLanguage,
      languages: form.languages,
      theme: { logoUrl: form.logoUrl.trim() || null, primaryColor: form.primaryColor, accentColor: form.accentColor },
    };
    save.mutate(site ? body : { ...body, code: form.code });
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="site-form-title">
      <h2 id="site-form-title">{site ? t('admin.sites.editTitle', { name: site.name }) : t('admin.sites.newTitle')}</h2>
      <div className="toolbar">
        <Field label={t('admin.sites.code')} required value={form.code} onChange={set('code')} readOnly={!!site} autoFocus={!site} hint={t('admin.sites.codeHint')} />
        <Field label={t('admin.sites.name')} required value={form.name} onChange={set('name')} />
        <Field label={t('admin.sites.currency')} required maxLength={3} value={form.currency} onChange={set('currency')} />
        <Field label={t('admin.sites.contactEmail')} type="email" required value={form.contactEmail} onChange={set('contactEmail')} hint={t('admin.sites.contactEmailHint')} />
      </div>
      <div className="toolbar">
        <Field label={t('admin.sites.hosts')} value={form.hosts} onChange={set('hosts')} hint={t('admin.sites.hostsHint')} />
        <SelectField label={t('admin.sites.defaultLanguage')} value={form.defaultLanguage} onChange={set('defaultLanguage')}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </SelectField>
        <fieldset className="row" style={{ gap: 12, border: 0, padding: 0 }}>
          <legend>{t('admin.sites.languages')}</legend>
          {(['en', 'fr'] as const).map((l) => (
            <label key={l} className="row" style={{ gap: 6 }}>
              <input type="checkbox" checked={form.languages.includes(l)} onChange={() => toggleLanguage(l)} />
              {l === 'en' ? 'English' : 'Français'}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="toolbar">
        <Field label={t('admin.sites.logoUrl')} type="url" value={form.logoUrl} onChange={set('logoUrl')} hint={t('admin.sites.logoHint')} />
        <Field label={t('admin.sites.primaryColor')} type="color" value={form.primaryColor} onChange={set('primaryColor')} />
        <Field label={t('admin.sites.accentColor')} type="color" value={form.accentColor} onChange={set('accentColor')} />
      </div>
      {problem ? <Alert>{problem}</Alert> : null}
      <ErrorMessage error={save.error} />
      <div className="row">
        <Button type="submit" disabled={save.isPending}>{site ? t('admin.save') : t('admin.sites.create')}</Button>
        <Button variant="secondary" onClick={onDone}>{t('admin.cancel')}</Button>
      </div>
    </form>
  );
}

/** Edit and delete buttons of a site (for users who may write sites; the default site cannot be deleted). */
function SiteActions({ site, onEdit }: { site: Site; onEdit: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const current = useAdminSite();
  const remove = useMutation({
    mutationFn: () => deleteSite(site.code),
    onSuccess: async () => {
      if (current === site.code) setAdminSite('');
      await qc.invalidateQueries({ queryKey: ['admin', 'sites'] });
    },
  });
  if (!can('sites:write')) return null;
  return (
    <>
      <div className="row" style={{ gap: 8 }}>
        <Button variant="secondary" className="btn-small" onClick={onEdit}>{t('admin.edit')}<span className="sr-only"> {site.name}</span></Button>
        {site.isDefault ? null : (
          <Button variant="danger" className="btn-small" disabled={remove.isPending} onClick={() => { if (window.confirm(t('admin.sites.confirmDelete', { name: site.name }))) remove.mutate(); }}>
            {t('admin.sites.delete')}<span className="sr-only"> {site.name}</span>
          </Button>
        )}
      </div>
      <ErrorMessage error={remove.error} />
    </>
  );
}

function SitesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const sites = useSites();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  return (
    <>
      <PageTitle actions={can('sites:write') && editing === null ? <Button onClick={() => setEditing('new')}>{t('admin.sites.new')}</Button> : null}>{t('admin.sites.title')}</PageTitle>
      <p className="muted">{t('admin.sites.intro')}</p>
      {editing ? <SiteEditor key={editing === 'new' ? 'new' : editing.code} site={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} /> : null}
      <QueryState query={sites}>
        <TableScroll label={t('admin.sites.title')}>
          <table className="table" data-testid="sites">
            <thead>
              <tr>
                <th scope="col">{t('admin.sites.name')}</th>
                <th scope="col">{t('admin.sites.code')}</th>
                <th scope="col" className="hide-mobile">{t('admin.sites.hosts')}</th>
                <th scope="col">{t('admin.sites.currency')}</th>
                <th scope="col" className="hide-mobile">{t('admin.sites.languages')}</th>
                <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {(sites.data?.data ?? []).map((s) => (
                <tr key={s.code}>
                  <th scope="row">
                    <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 2, background: s.theme.primaryColor, marginRight: 8 }} aria-hidden="true" />
                    {s.name} {s.isDefault ? <Badge>{t('admin.sites.default')}</Badge> : null}
                  </th>
                  <td><code>{s.code}</code></td>
                  <td className="hide-mobile">{s.hosts.length ? s.hosts.join(', ') : '—'}</td>
                  <td>{s.currency}</td>
                  <td className="hide-mobile">{s.languages.join(', ')}</td>
                  <td><SiteActions site={s} onEdit={() => setEditing(s)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </QueryState>
    </>
  );
}

/** The /admin/sites page. */
export default function Sites() {
  return <RequirePermission permission="sites:read"><SitesPage /></RequirePermission>;
}
