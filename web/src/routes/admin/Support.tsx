/** `/admin/support`: the agents' queue (state, priority, overdue filters; search) and `/admin/support/:id`, one ticket with its thread, internal notes, reply box and state. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Badge, Button, Field, Pagination, SelectField, TableScroll, TextAreaField } from '../../ui';
import { ErrorMessage, PageTitle, QueryState, RequirePermission } from '../../features/admin/components';
import { useAdminTicket, useAgentMessage, useSaveSlaTargets, useSlaTargets, useTicketQueue, useUpdateTicket } from '../../features/support/api';
import { formatDateTime } from '../../lib/format';

const STATES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
type State = (typeof STATES)[number];
type Priority = (typeof PRIORITIES)[number];

function Queue() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') as State | null;
  const priority = params.get('priority') as Priority | null;
  const overdue = params.get('overdue') === 'true';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  const query = useTicketQueue({ page, limit: 25, ...(state ? { state: [state] } : {}), ...(priority ? { priority } : {}), ...(overdue ? { overdue: true } : {}), ...(q ? { q } : {}) });
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: text.trim() });
  };
  return (
    <>
      <PageTitle>{t('admin.support.title')}</PageTitle>
      <form className="toolbar card" role="search" aria-label={t('admin.support.filters')} onSubmit={submit}>
        <Field label={t('admin.support.search')} type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
        <SelectField label={t('admin.support.state')} value={state ?? ''} onChange={(e) => set({ state: e.target.value })}>
          <option value="">{t('admin.support.openStates')}</option>
          {STATES.map((s) => <option key={s} value={s}>{t(`admin.support.states.${s}`)}</option>)}
        </SelectField>
        <SelectField label={t('admin.support.priority')} value={priority ?? ''} onChange={(e) => set({ priority: e.target.value })}>
          <option value="">{t('admin.all')}</option>
          {PRIORITIES.map((p) => <option key={p} value={p}>{t(`admin.support.priorities.${p}`)}</option>)}
        </SelectField>
        <label className="check"><input type="checkbox" checked={overdue} onChange={(e) => set({ overdue: e.target.checked ? 'true' : '' })} /> {t('admin.support.overdue')}</label>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <SlaSettings />
      <QueryState query={query}>
        {query.data ? (
          <>
            <TableScroll label={t('admin.support.title')}>
              <table data-testid="ticket-queue">
                <thead><tr><th>{t('admin.support.subject')}</th><th>{t('admin.support.customer')}</th><th>{t('admin.support.state')}</th><th>{t('admin.support.priority')}</th><th>{t('admin.support.sla')}</th><th>{t('admin.support.updated')}</th></tr></thead>
                <tbody>
                  {query.data.data.map((tk) => (
                    <tr key={tk.id}>
                      <td><Link to={`/admin/support/${tk.id}`}>{tk.subject}</Link></td>
                      <td>{tk.name ?? tk.email}</td>
                      <td>{t(`admin.support.states.${tk.state}`)}</td>
                      <td>{t(`admin.support.priorities.${tk.priority}`)}</td>
                      <td>{tk.sla.overdue ? <Badge tone="danger">{t('admin.support.late')}</Badge> : tk.sla.minutesLeft !== null ? t('admin.support.minutesLeft', { count: tk.sla.minutesLeft }) : '—'}</td>
                      <td>{formatDateTime(tk.updatedAt, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {query.data.data.length === 0 ? <p>{t('admin.support.none')}</p> : null}
            <Pagination page={page} limit={25} total={query.data.pagination.total} params={params} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** SLA targets per priority, in hours, editable by agents with support:write. */
function SlaSettings() {
  const { t } = useTranslation();
  const query = useSlaTargets();
  const save = useSaveSlaTargets();
  const [rows, setRows] = useState<{ priority: Priority; firstResponseMinutes: number; resolutionMinutes: number }[]>([]);
  useEffect(() => { if (query.data) setRows(query.data); }, [query.data]);
  const hours = (m: number) => Math.round((m / 60) * 100) / 100;
  const setHours = (i: number, key: 'firstResponseMinutes' | 'resolutionMinutes', value: string) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [key]: Math.max(1, Math.round(Number(value) * 60) || 1) } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ targets: rows });
  };
  return (
    <details className="card">
      <summary>{t('admin.support.slaSettings')}</summary>
      <form className="stack" onSubmit={submit}>
        {rows.map((r, i) => (
          <div key={r.priority} className="row">
            <strong>{t(`admin.support.priorities.${r.priority}`)}</strong>
            <Field label={t('admin.support.firstResponseHours')} type="number" min={0.02} step="any" value={hours(r.firstResponseMinutes)} onChange={(e) => setHours(i, 'firstResponseMinutes', e.target.value)} />
            <Field label={t('admin.support.resolutionHours')} type="number" min={0.02} step="any" value={hours(r.resolutionMinutes)} onChange={(e) => setHours(i, 'resolutionMinutes', e.target.value)} />
          </div>
        ))}
        {save.isError ? <ErrorMessage error={save.error} /> : null}
        {save.isSuccess ? <p role="status">{t('admin.support.slaSaved')}</p> : null}
        <Button type="submit" disabled={save.isPending}>{t('admin.save')}</Button>
      </form>
    </details>
  );
}

function Ticket({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const query = useAdminTicket(id);
  const send = useAgentMessage(id);
  const update = useUpdateTicket(id);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const tk = query.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) send.mutate({ body: body.trim(), visibility }, { onSuccess: () => setBody('') });
  };
  return (
    <QueryState query={query}>
      {tk ? (
        <>
          <PageTitle>{tk.subject}</PageTitle>
          <p><Link to="/admin/support">{t('admin.support.back')}</Link></p>
          <div className="row">
            <SelectField label={t('admin.support.state')} value={tk.state} onChange={(e) => update.mutate({ state: e.target.value as State })}>
              {STATES.map((s) => <option key={s} value={s}>{t(`admin.support.states.${s}`)}</option>)}
            </SelectField>
            <SelectField label={t('admin.support.priority')} value={tk.priority} onChange={(e) => update.mutate({ priority: e.target.value as Priority })}>
              {PRIORITIES.map((p) => <option key={p} value={p}>{t(`admin.support.priorities.${p}`)}</option>)}
            </SelectField>
          </div>
          {update.isError ? <ErrorMessage error={update.error} /> : null}
          <dl className="meta">
            <dt>{t('admin.support.customer')}</dt><dd>{tk.customerId ? <Link to={`/admin/customers/${tk.customerId}`}>{tk.name ?? tk.email}</Link> : `${tk.name ?? ''} <${tk.email}>`}</dd>
            {tk.orderId ? (<><dt>{t('admin.support.order')}</dt><dd><Link to={`/admin/orders/${tk.orderId}`}>{tk.orderId}</Link></dd></>) : null}
            <dt>{t('admin.support.sla')}</dt><dd>{tk.sla.overdue ? t('admin.support.late') : tk.sla.minutesLeft !== null ? t('admin.support.minutesLeft', { count: tk.sla.minutesLeft }) : '—'}</dd>
          </dl>
          <ol className="stack" data-testid="agent-thread">
            {tk.messages.map((m) => (
              <li key={m.id} className={`card stack${m.visibility === 'internal' ? ' note' : ''}`}>
                <p className="muted">
                  {m.visibility === 'internal' ? <Badge tone="warning">{t('admin.support.internal')}</Badge> : null}{' '}
                  {m.authorName ?? t(`admin.support.author.${m.authorType}`)} · {formatDateTime(m.createdAt, i18n.language)}
                </p>
                <p style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
                {m.attachments.length > 0 ? (
                  <ul>{m.attachments.map((f) => <li key={f.id}>{f.filename} ({f.contentType}, {f.scanState})</li>)}</ul>
                ) : null}
              </li>
            ))}
          </ol>
          <form className="stack card" onSubmit={submit}>
            <div className="row" role="radiogroup" aria-label={t('admin.support.kind')}>
              <label><input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> {t('admin.support.publicReply')}</label>
              <label><input type="radio" name="visibility" checked={visibility === 'internal'} onChange={() => setVisibility('internal')} /> {t('admin.support.internalNote')}</label>
            </div>
            <TextAreaField label={t('admin.support.message')} value={body} onChange={(e) => setBody(e.target.value)} rows={5} maxLength={20000} required />
            {send.isError ? <ErrorMessage error={send.error} /> : null}
            <Button type="submit" disabled={send.isPending}>{visibility === 'public' ? t('admin.support.sendReply') : t('admin.support.addNote')}</Button>
          </form>
          {tk.previousTickets.length > 0 ? (
            <section className="card">
              <h2>{t('admin.support.previous')}</h2>
              <ul>{tk.previousTickets.map((p) => <li key={p.id}><Link to={`/admin/support/${p.id}`}>{p.subject}</Link> ({t(`admin.support.states.${p.state}`)})</li>)}</ul>
            </section>
          ) : null}
        </>
      ) : null}
    </QueryState>
  );
}

/** The /admin/support page (queue). */
export default function Support() {
  return <RequirePermission permission="support:read"><Queue /></RequirePermission>;
}

/** The /admin/support/:id page. */
export function SupportTicket() {
  const { id = '' } = useParams();
  return <RequirePermission permission="support:read"><Ticket key={id} id={id} /></RequirePermission>;
}
