/** Newsletters back office: subscribers (search, CSV export and import with consent source), lists (segments), campaigns (EN/FR, preview, test, send, results). */
import { RFM_SEGMENTS, type RfmSegment } from '../../features/analytics/types';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { Alert, Badge, Button, Field, SelectField, TextAreaField } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { useFilteredList } from '../../features/admin/list';
import { SiteScopeNote } from '../../features/sites/SiteSwitcher';
import { useAdminSite, useSites } from '../../features/sites/api';
import {
  exportSubscribers, listSubscribers, useCampaigns, useCreateCampaign, useCreateList, useImportSubscribers, useLists, usePreview, useScheduleCampaign, useTestSend,
} from '../../features/newsletters/api';

type Subscriber = Awaited<ReturnType<typeof listSubscribers>>['data'][number];
const STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;

function Subscribers() {
  const { t, i18n } = useTranslation();
  const site = useAdminSite();
  // With a site chosen in the back office's switcher: that site's subscribers only.
  const { params, query, applyFilters, goToPage } = useFilteredList(['admin', 'newsletters', 'subscribers', site], ['q', 'status'], ({ filters, page, limit }) => listSubscribers({ page, limit, ...filters, ...(site ? { site } : {}) } as Parameters<typeof listSubscribers>[0]));
  const [q, setQ] = useState(params.get('q') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const columns: Column<Subscriber>[] = [
    { header: t('admin.customers.email'), className: 'wrap-anywhere', cell: (s) => s.email },
    { header: t('admin.newsletters.status'), cell: (s) => <Badge tone={s.status === 'confirmed' ? 'success' : s.status === 'unsubscribed' ? 'warning' : undefined}>{t(`admin.newsletters.statuses.${s.status}`)}</Badge> },
    { header: t('admin.newsletters.locale'), className: 'hide-mobile', cell: (s) => s.locale.toUpperCase() },
    { header: t('admin.newsletters.country'), className: 'hide-mobile', cell: (s) => s.country ?? '—' },
    { header: t('admin.newsletters.source'), className: 'hide-mobile', cell: (s) => s.source },
    { header: t('admin.newsletters.suppressed'), className: 'hide-mobile', cell: (s) => s.suppressed ?? '' },
    { header: t('admin.newsletters.created'), className: 'hide-mobile', cell: (s) => formatDateTime(s.createdAt, i18n.language) },
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ q, status });
  };
  return (
    <section className="stack" aria-labelledby="nl-subscribers">
      <h2 id="nl-subscribers">{t('admin.newsletters.subscribers')}</h2>
      <form className="toolbar card" role="search" aria-label={t('admin.newsletters.subscribers')} onSubmit={submit}>
        <Field label={t('admin.newsletters.search')} type="search" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('admin.newsletters.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`admin.newsletters.statuses.${s}`)}</option>)}
        </SelectField>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <DataTable query={query} columns={columns} rowKey={(s) => s.id} empty={t('admin.newsletters.none')} count onPage={goToPage}
        onExport={() => exportSubscribers({ ...(q ? { q } : {}), ...(status ? { status: status as (typeof STATUSES)[number] } : {}), ...(site ? { site } : {}) })} />
      <ImportForm />
    </section>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const importing = useImportSubscribers();
  const site = useAdminSite();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Subscribers of the site chosen in the switcher (else the default site).
    if (file) importing.mutate({ csv: await file.text(), consentSource: source, ...(site ? { site } : {}) });
  };
  return (
    <form className="card stack" aria-labelledby="nl-import" onSubmit={(e) => void submit(e)}>
      <h3 id="nl-import">{t('admin.newsletters.import')}</h3>
      <label className="stack">{t('admin.newsletters.importFile')}<input type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
      <Field label={t('admin.newsletters.consentSource')} required minLength={3} maxLength={500} value={source} onChange={(e) => setSource(e.target.value)} />
      {importing.isError ? <Alert>{message(importing.error)}</Alert> : null}
      {importing.isSuccess ? <Alert kind="success">{t('admin.newsletters.importDone', { imported: importing.data.imported, updated: importing.data.updated, skipped: importing.data.skipped.length })}</Alert> : null}
      <div><Button type="submit" disabled={importing.isPending}>{t('admin.newsletters.import')}</Button></div>
    </form>
  );
}

function Lists() {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const lists = useLists();
  const create = useCreateList();
  const sites = useSites();
  const [site, setSite] = useState(useAdminSite());
  const [name, setName] = useState('');
  const [locale, setLocale] = useState('');
  const [country, setCountry] = useState('');
  const [skus, setSkus] = useState('');
  const [category, setCategory] = useState('');
  const [neverOrdered, setNeverOrdered] = useState(false);
  const [rfmSegment, setRfmSegment] = useState<RfmSegment | ''>('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const skuList = skus.split(',').map((s) => s.trim()).filter(Boolean);
    create.mutate({
      name,
      criteria: {
        ...(site ? { site } : {}), ...(locale ? { locale: locale as 'en' | 'fr' } : {}), ...(country ? { country } : {}), ...(skuList.length ? { skus: skuList } : {}),
        ...(category ? { category } : {}), ...(neverOrdered ? { neverOrdered } : {}), ...(rfmSegment ? { rfmSegment } : {}),
      },
    });
  };
  return (
    <section className="stack" aria-labelledby="nl-lists">
      <h2 id="nl-lists">{t('admin.newsletters.lists')}</h2>
      <QueryState query={lists}>
        <ul>
          {lists.data?.data.map((l) => <li key={l.id}><strong>{l.name}</strong> — {t('admin.newsletters.listSize')}: {l.subscribers} <code>{JSON.stringify(l.criteria)}</code></li>)}
        </ul>
      </QueryState>
      <form className="card stack" aria-labelledby="nl-new-list" onSubmit={submit}>
        <h3 id="nl-new-list">{t('admin.newsletters.newList')}</h3>
        <Field label={t('admin.newsletters.listName')} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('admin.newsletters.site')} value={site} onChange={(e) => setSite(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {sites.data?.data.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
        </SelectField>
        <SelectField label={t('admin.newsletters.locale')} value={locale} onChange={(e) => setLocale(e.target.value)}>
          <option value="">{t('admin.all')}</option><option value="en">EN</option><option value="fr">FR</option>
        </SelectField>
        <Field label={t('admin.newsletters.country')} maxLength={2} pattern="[A-Za-z]{2}" value={country} onChange={(e) => setCountry(e.target.value)} />
        <Field label={t('admin.newsletters.skus')} maxLength={2000} value={skus} onChange={(e) => setSkus(e.target.value)} />
        <Field label={t('admin.newsletters.category')} maxLength={100} value={category} onChange={(e) => setCategory(e.target.value)} />
        <label className="row" style={{ gap: 6 }}><input type="checkbox" checked={neverOrdered} onChange={(e) => setNeverOrdered(e.target.checked)} /> {t('admin.newsletters.neverOrdered')}</label>
        <SelectField label={t('admin.newsletters.rfmSegment')} value={rfmSegment} onChange={(e) => setRfmSegment(e.target.value as RfmSegment | '')}>
          <option value="">{t('admin.all')}</option>
          {RFM_SEGMENTS.map((s) => <option key={s} value={s}>{t(`analytics.rfm.names.${s}`)}</option>)}
        </SelectField>
        {create.isError ? <Alert>{message(create.error)}</Alert> : null}
        <div><Button type="submit" disabled={create.isPending}>{t('admin.newsletters.create')}</Button></div>
      </form>
    </section>
  );
}

function Campaigns() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const campaigns = useCampaigns();
  const lists = useLists();
  const create = useCreateCampaign();
  const schedule = useScheduleCampaign();
  const test = useTestSend();
  const [selected, setSelected] = useState<string | null>(null);
  const [previewLocale, setPreviewLocale] = useState<'en' | 'fr'>('en');
  const preview = usePreview(selected, previewLocale);
  const [testTo, setTestTo] = useState('');
  const [form, setForm] = useState({ name: '', listId: '', tracking: false, en: { subject: '', preheader: '', html: '', text: '' }, fr: { subject: '', preheader: '', html: '', text: '' } });
  const version = (lang: 'en' | 'fr', field: 'subject' | 'preheader' | 'html' | 'text', value: string) => setForm({ ...form, [lang]: { ...form[lang], [field]: value } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: form.name, listId: form.listId, tracking: form.tracking, content: { en: form.en, fr: form.fr } }, { onSuccess: (c) => setSelected(c.id) });
  };
  return (
    <section className="stack" aria-labelledby="nl-campaigns">
      <h2 id="nl-campaigns">{t('admin.newsletters.campaigns')}</h2>
      <QueryState query={campaigns}>
        {campaigns.data?.data.length ? (
          <table className="table">
            <thead><tr>
              <th>{t('admin.newsletters.campaignName')}</th><th>{t('admin.newsletters.status')}</th>
              {(['pending', 'sent', 'failed', 'skipped', 'bounced', 'opened', 'clicked'] as const).map((k) => <th key={k}>{t(`admin.newsletters.${k}`)}</th>)}
              <th />
            </tr></thead>
            <tbody>
              {campaigns.data.data.map((c) => (
                <tr key={c.id}>
                  <td><Button variant="secondary" className="btn-link" aria-pressed={selected === c.id} onClick={() => setSelected(c.id)}>{c.name}</Button></td>
                  <td>{t(`admin.newsletters.campaignStatus.${c.status}`)}{c.finishedAt ? ` (${formatDateTime(c.finishedAt, i18n.language)})` : ''}</td>
                  {(['pending', 'sent', 'failed', 'skipped', 'bounced', 'opened', 'clicked'] as const).map((k) => <td key={k}>{c.stats[k] ?? 0}</td>)}
                  <td>{c.status === 'draft' ? <Button disabled={schedule.isPending} onClick={() => schedule.mutate({ id: c.id })}>{t('admin.newsletters.schedule')}</Button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>{t('admin.newsletters.noCampaigns')}</p>}
      </QueryState>
      {schedule.isError ? <Alert>{message(schedule.error)}</Alert> : null}
      {selected ? (
        <div className="card stack" aria-labelledby="nl-preview">
          <h3 id="nl-preview">{t('admin.newsletters.preview')}</h3>
          <div className="row" role="group" aria-label={t('admin.newsletters.locale')}>
            <Button variant={previewLocale === 'en' ? 'primary' : 'secondary'} aria-pressed={previewLocale === 'en'} onClick={() => setPreviewLocale('en')}>{t('admin.newsletters.english')}</Button>
            <Button variant={previewLocale === 'fr' ? 'primary' : 'secondary'} aria-pressed={previewLocale === 'fr'} onClick={() => setPreviewLocale('fr')}>{t('admin.newsletters.french')}</Button>
          </div>
          <QueryState query={preview}>
            {preview.data ? (<><p><strong>{preview.data.subject}</strong></p><iframe className="mail-html" sandbox="" srcDoc={preview.data.html} title={preview.data.subject} /></>) : null}
          </QueryState>
          <form className="row" onSubmit={(e) => { e.preventDefault(); test.mutate({ id: selected, email: testTo }); }}>
            <Field label={t('admin.newsletters.testTo')} type="email" required maxLength={254} value={testTo} onChange={(e) => setTestTo(e.target.value)} />
            <Button type="submit" variant="secondary" disabled={test.isPending}>{t('admin.newsletters.testSend')}</Button>
          </form>
          {test.isError ? <Alert>{message(test.error)}</Alert> : test.isSuccess ? <Alert kind="success">{t('admin.newsletters.testSent')}</Alert> : null}
        </div>
      ) : null}
      <form className="card stack" aria-labelledby="nl-new-campaign" onSubmit={submit}>
        <h3 id="nl-new-campaign">{t('admin.newsletters.newCampaign')}</h3>
        <Field label={t('admin.newsletters.campaignName')} required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <SelectField label={t('admin.newsletters.list')} required value={form.listId} onChange={(e) => setForm({ ...form, listId: e.target.value })}>
          <option value="" />
          {lists.data?.data.map((l) => <option key={l.id} value={l.id}>{l.name} ({l.subscribers})</option>)}
        </SelectField>
        {(['en', 'fr'] as const).map((lang) => (
          <fieldset key={lang} className="stack">
            <legend>{t(lang === 'en' ? 'admin.newsletters.english' : 'admin.newsletters.french')}</legend>
            <Field label={t('admin.newsletters.subject')} required maxLength={200} value={form[lang].subject} onChange={(e) => version(lang, 'subject', e.target.value)} />
            <Field label={t('admin.newsletters.preheader')} maxLength={300} value={form[lang].preheader} onChange={(e) => version(lang, 'preheader', e.target.value)} />
            <TextAreaField label={t('admin.newsletters.html')} required maxLength={200000} value={form[lang].html} onChange={(e) => version(lang, 'html', e.target.value)} />
            <TextAreaField label={t('admin.newsletters.text')} required maxLength={100000} value={form[lang].text} onChange={(e) => version(lang, 'text', e.target.value)} />
          </fieldset>
        ))}
        <label className="row" style={{ gap: 6 }}><input type="checkbox" checked={form.tracking} onChange={(e) => setForm({ ...form, tracking: e.target.checked })} /> {t('admin.newsletters.tracking')}</label>
        {create.isError ? <Alert>{message(create.error)}</Alert> : null}
        <div><Button type="submit" disabled={create.isPending}>{t('admin.newsletters.create')}</Button></div>
      </form>
    </section>
  );
}

function NewslettersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('admin.newsletters.title')}</PageTitle>
      <SiteScopeNote />
      <Campaigns />
      <Lists />
      <Subscribers />
    </>
  );
}

/** The /admin/newsletters page. */
export default function Newsletters() {
  return <RequirePermission permission="newsletters:read"><NewslettersPage /></RequirePermission>;
}
