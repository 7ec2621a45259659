/** Stored outgoing mail: list with filters, and one message as text or as sandboxed HTML. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { Badge, Button, Field, SelectField } from '../../ui';
import { PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { DataTable, type Column } from '../../features/admin/DataTable';
import { useFilteredList } from '../../features/admin/list';
import { listMail, MAIL_STATUSES, MAIL_TEMPLATES, useMail, type MailSummary } from '../../features/mail/api';

function Message({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<'text' | 'html'>('text');
  const query = useMail(id);
  const m = query.data;
  return (
    <section className="card stack" aria-labelledby="mail-subject">
      <QueryState query={query}>
        {m ? (
          <>
            <h2 id="mail-subject">{m.subject}</h2>
            <dl className="meta">
              <dt>{t('admin.mail.to')}</dt><dd>{m.to}</dd>
              <dt>{t('admin.mail.date')}</dt><dd>{formatDateTime(m.createdAt, i18n.language)}</dd>
              <dt>{t('admin.mail.template')}</dt><dd>{t(`admin.mailTemplate.${m.template}`)} ({m.locale.toUpperCase()})</dd>
              <dt>{t('admin.mail.status')}</dt><dd>{t(`admin.mailStatus.${m.status}`)}{m.error ? ` — ${m.error}` : ''}</dd>
            </dl>
            <div className="row" role="group" aria-label={t('admin.mail.format')}>
              <Button variant={view === 'text' ? 'primary' : 'secondary'} aria-pressed={view === 'text'} onClick={() => setView('text')}>{t('admin.mail.text')}</Button>
              <Button variant={view === 'html' ? 'primary' : 'secondary'} aria-pressed={view === 'html'} onClick={() => setView('html')}>{t('admin.mail.html')}</Button>
            </div>
            {view === 'text' ? <pre className="pre">{m.text}</pre> : <iframe className="mail-html" sandbox="" srcDoc={m.html} title={t('admin.mail.htmlTitle', { subject: m.subject })} />}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}

function MailPage() {
  const { t, i18n } = useTranslation();
  const { params, setParams, query, applyFilters, goToPage } = useFilteredList(['admin', 'mail', 'list'], ['to', 'template', 'status'], ({ filters, page, limit }) => listMail({ page, limit, ...filters } as Parameters<typeof listMail>[0]));
  const [to, setTo] = useState(params.get('to') ?? '');
  const [template, setTemplate] = useState(params.get('template') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const selected = params.get('id');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyFilters({ to, template, status });
  };
  const open = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('id', id);
    setParams(next);
  };
  const columns: Column<MailSummary>[] = [
    { header: t('admin.mail.subject'), cell: (m) => <Button variant="secondary" className="btn-link" aria-pressed={selected === m.id} onClick={() => open(m.id)}>{m.subject}</Button> },
    { header: t('admin.mail.to'), cell: (m) => m.to },
    { header: t('admin.mail.template'), className: 'hide-mobile', cell: (m) => t(`admin.mailTemplate.${m.template}`) },
    { header: t('admin.mail.status'), cell: (m) => <Badge tone={m.status === 'failed' ? 'danger' : m.status === 'sent' ? 'success' : undefined}>{t(`admin.mailStatus.${m.status}`)}</Badge> },
    { header: t('admin.mail.date'), className: 'hide-mobile', cell: (m) => formatDateTime(m.createdAt, i18n.language) },
  ];
  return (
    <>
      <PageTitle>{t('admin.mail.title')}</PageTitle>
      <form className="toolbar card" role="search" aria-label={t('admin.mail.filters')} onSubmit={submit}>
        <Field label={t('admin.mail.recipient')} type="search" value={to} onChange={(e) => setTo(e.target.value)} />
        <SelectField label={t('admin.mail.template')} value={template} onChange={(e) => setTemplate(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {MAIL_TEMPLATES.map((x) => <option key={x} value={x}>{t(`admin.mailTemplate.${x}`)}</option>)}
        </SelectField>
        <SelectField label={t('admin.mail.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('admin.all')}</option>
          {MAIL_STATUSES.map((x) => <option key={x} value={x}>{t(`admin.mailStatus.${x}`)}</option>)}
        </SelectField>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      {selected ? <Message key={selected} id={selected} /> : null}
      <DataTable query={query} columns={columns} rowKey={(m) => m.id} empty={t('admin.mail.none')} onPage={goToPage} />
    </>
  );
}

/** The /admin/mail page. */
export default function Mail() {
  return <RequirePermission permission="mail:read"><MailPage /></RequirePermission>;
}
