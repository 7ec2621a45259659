/**
 * `/admin/support`: the agents' queue (state, priority, category, assignee, team, overdue filters; search; bulk assign and close),
 * `/admin/support/:id`: one ticket with its thread, internal notes, reply box with canned replies, state, category, priority,
 * assignee and returns (RMA), `/admin/support/contact`: contact form messages (answer, turn into a ticket), and
 * `/admin/support/canned`: the canned replies agents insert (title, English and French text; add, delete).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Badge, Button, Field, Pagination, SelectField, TableScroll, TextAreaField } from '../../ui';
import { useCan } from '../../features/admin/auth';
import { ErrorMessage, PageTitle, QueryState, RequirePermission, ReturnSummary } from '../../features/admin/components';
import { useAdminSite } from '../../features/sites/api';
import { SiteScopeNote } from '../../features/sites/SiteSwitcher';
import {
  useAdminTicket, useAgentMessage, useAgents, useAnswerContact, useBulkTickets, useCannedReplies, useContactMessages, useConvertContact, useCreateCannedReply, useCreateReturn, useDeleteCannedReply,
  useReceiveReturn, useSaveSlaTargets, useSlaTargets, useTicketQueue, useUpdateTicket, type AdminTicket,
} from '../../features/support/api';
import { useOrder } from '../../features/orders/api';
import { formatDateTime } from '../../lib/format';

const STATES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const CATEGORIES = ['order_problem', 'return_request', 'product_question', 'other'] as const;
const CONTACT_STATES = ['new', 'answered', 'converted', 'closed'] as const;
type State = (typeof STATES)[number];
type Priority = (typeof PRIORITIES)[number];
type Category = (typeof CATEGORIES)[number];

/** The assignee choices: nobody, then each agent by name. */
function AssigneeOptions({ none }: { none: string }) {
  const agents = useAgents();
  return (
    <>
      <option value="">{none}</option>
      {(agents.data ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
    </>
  );
}

function Queue() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') as State | null;
  const priority = params.get('priority') as Priority | null;
  const category = params.get('category') as Category | null;
  const assignee = params.get('assignee');
  const team = params.get('team') ?? '';
  const overdue = params.get('overdue') === 'true';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  const [teamText, setTeamText] = useState(team);
  const site = useAdminSite();
  const query = useTicketQueue({
    page, limit: 25, ...(site ? { site } : {}), ...(state ? { state: [state] } : {}), ...(priority ? { priority } : {}), ...(category ? { category } : {}), ...(assignee ? { assignee } : {}),
    ...(team ? { team } : {}), ...(overdue ? { overdue: true } : {}), ...(q ? { q } : {}),
  });
  const agents = useAgents();
  const bulk = useBulkTickets();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState('');
  const pageIds = query.data?.data.map((tk) => tk.id) ?? [];
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: string) => setSelected((prev) => { const next = new Set(prev); if (next.has(id)) next.delete(id); else next.add(id); return next; });
  const runBulk = (body: { assigneeId?: string | null; state?: 'closed' }) => bulk.mutate({ ids: [...selected], ...body }, { onSuccess: () => setSelected(new Set()) });
  const names = new Map((agents.data ?? []).map((a) => [a.id, a.name]));
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: text.trim(), team: teamText.trim() });
  };
  return (
    <>
      <PageTitle actions={<><Link to="/admin/support/contact">{t('admin.support.contact.title')}</Link> <Link to="/admin/support/canned">{t('admin.support.cannedPage.title')}</Link></>}>{t('admin.support.title')}</PageTitle>
      <SiteScopeNote />
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
        <SelectField label={t('admin.support.category')} value={category ?? ''} onChange={(e) => set({ category: e.target.value })}>
          <option value="">{t('admin.all')}</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{t(`admin.support.categories.${c}`)}</option>)}
        </SelectField>
        <SelectField label={t('admin.support.assignee')} value={assignee ?? ''} onChange={(e) => set({ assignee: e.target.value })}>
          <option value="">{t('admin.all')}</option>
          <option value="me">{t('admin.support.assignedToMe')}</option>
          <option value="none">{t('admin.support.unassigned')}</option>
          {(agents.data ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </SelectField>
        <Field label={t('admin.support.team')} value={teamText} onChange={(e) => setTeamText(e.target.value)} maxLength={60} />
        <label className="check"><input type="checkbox" checked={overdue} onChange={(e) => set({ overdue: e.target.checked ? 'true' : '' })} /> {t('admin.support.overdue')}</label>
        <Button type="submit">{t('admin.filter')}</Button>
      </form>
      <SlaSettings />
      <QueryState query={query}>
        {query.data ? (
          <>
            <div className="toolbar card" role="group" aria-label={t('admin.support.bulk.label')}>
              <span>{t('admin.support.bulk.selected', { count: selected.size })}</span>
              <SelectField label={t('admin.support.assignee')} value={bulkAssignee} onChange={(e) => setBulkAssignee(e.target.value)}>
                <AssigneeOptions none={t('admin.support.unassigned')} />
              </SelectField>
              <Button type="button" variant="secondary" disabled={selected.size === 0 || bulk.isPending} onClick={() => runBulk({ assigneeId: bulkAssignee || null })}>{t('admin.support.bulk.assign')}</Button>
              <Button type="button" variant="danger" disabled={selected.size === 0 || bulk.isPending} onClick={() => runBulk({ state: 'closed' })}>{t('admin.support.bulk.close')}</Button>
              {bulk.isError ? <ErrorMessage error={bulk.error} /> : null}
              {bulk.isSuccess ? <p role="status">{t('admin.support.bulk.done', { count: bulk.data.updated.length })}</p> : null}
            </div>
            <TableScroll label={t('admin.support.title')}>
              <table data-testid="ticket-queue">
                <thead><tr>
                  <th><input type="checkbox" aria-label={t('admin.support.bulk.selectAll')} checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(pageIds))} /></th>
                  <th>{t('admin.support.subject')}</th><th>{t('admin.support.customer')}</th><th>{t('admin.support.state')}</th><th>{t('admin.support.priority')}</th><th>{t('admin.support.assignee')}</th><th>{t('admin.support.sla')}</th><th>{t('admin.support.updated')}</th>
                </tr></thead>
                <tbody>
                  {query.data.data.map((tk) => (
                    <tr key={tk.id}>
                      <td><input type="checkbox" aria-label={t('admin.support.bulk.select', { subject: tk.subject })} checked={selected.has(tk.id)} onChange={() => toggle(tk.id)} /></td>
                      <td><Link to={`/admin/support/${tk.id}`}>{tk.subject}</Link></td>
                      <td>{tk.name ?? tk.email}</td>
                      <td>{t(`admin.support.states.${tk.state}`)}</td>
                      <td>{t(`admin.support.priorities.${tk.priority}`)}</td>
                      <td>{tk.assigneeId ? names.get(tk.assigneeId) ?? tk.assigneeId : '—'}</td>
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
  const canned = useCannedReplies();
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
            <SelectField label={t('admin.support.category')} value={tk.category} onChange={(e) => update.mutate({ category: e.target.value as Category })}>
              {CATEGORIES.map((c) => <option key={c} value={c}>{t(`admin.support.categories.${c}`)}</option>)}
            </SelectField>
            <SelectField label={t('admin.support.assignee')} value={tk.assigneeId ?? ''} onChange={(e) => update.mutate({ assigneeId: e.target.value || null })}>
              <AssigneeOptions none={t('admin.support.unassigned')} />
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
            {canned.data && canned.data.length > 0 ? (
              <SelectField label={t('admin.support.canned')} value="" onChange={(e) => {
                const picked = canned.data.find((c) => c.id === e.target.value);
                if (picked) setBody((prev) => [prev.trim(), tk.locale === 'fr' ? picked.bodyFr : picked.bodyEn].filter(Boolean).join('\n\n'));
              }}>
                <option value="">{t('admin.support.cannedPick')}</option>
                {canned.data.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
              </SelectField>
            ) : null}
            <TextAreaField label={t('admin.support.message')} value={body} onChange={(e) => setBody(e.target.value)} rows={5} maxLength={20000} required />
            {send.isError ? <ErrorMessage error={send.error} /> : null}
            <Button type="submit" disabled={send.isPending}>{visibility === 'public' ? t('admin.support.sendReply') : t('admin.support.addNote')}</Button>
          </form>
          {tk.orderId && (tk.category === 'return_request' || tk.returns.length > 0) ? <Returns ticket={tk} orderId={tk.orderId} /> : null}
          {tk.history.length > 0 ? (
            <details className="card">
              <summary>{t('admin.support.history')}</summary>
              <ol>{tk.history.map((h, i) => <li key={i}>{formatDateTime(h.at, i18n.language)} · {h.actorName ?? h.actor} · {h.field}: {h.from ?? '—'} → {h.to ?? '—'}</li>)}</ol>
            </details>
          ) : null}
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

/** The returns (RMA) of the ticket's order: receive the authorized ones; a return-request ticket authorizes a new one (units per line, reason). */
function Returns({ ticket: tk, orderId }: { ticket: AdminTicket; orderId: string }) {
  const { t } = useTranslation();
  const order = useOrder(orderId);
  const create = useCreateReturn(tk.id);
  const receive = useReceiveReturn(tk.id);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const lines = Object.entries(quantities).filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (lines.length > 0 && reason.trim()) create.mutate({ lines, reason: reason.trim() }, { onSuccess: () => { setQuantities({}); setReason(''); } });
  };
  return (
    <section className="card stack" data-testid="ticket-returns">
      <h2>{t('admin.support.returns.title')}</h2>
      {tk.returns.length > 0 ? (
        <ul>
          {tk.returns.map((r) => (
            <li key={r.id}>
              <ReturnSummary value={r}>
                {r.status === 'authorized' && r.reference === tk.id ? (
                  <>
                    {' '}<Button type="button" variant="secondary" disabled={receive.isPending} onClick={() => receive.mutate({ returnId: r.id, refund: true })}>{t('admin.support.returns.receive')}</Button>
                    {' '}<Button type="button" variant="secondary" disabled={receive.isPending} onClick={() => receive.mutate({ returnId: r.id, refund: false })}>{t('admin.support.returns.restockOnly')}</Button>
                  </>
                ) : null}
              </ReturnSummary>
            </li>
          ))}
        </ul>
      ) : <p>{t('admin.support.returns.none')}</p>}
      {receive.isError ? <ErrorMessage error={receive.error} /> : null}
      {tk.category === 'return_request' && order.data ? (
        <form className="stack" onSubmit={submit}>
          <h3>{t('admin.support.returns.new')}</h3>
          {order.data.lines.map((l) => (
            <Field key={l.sku} label={t('admin.support.returns.quantity', { title: l.title, sku: l.sku, count: l.quantity })} type="number" min={0} max={l.quantity}
              value={quantities[l.sku] ?? 0} onChange={(e) => setQuantities({ ...quantities, [l.sku]: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
          ))}
          <Field label={t('admin.support.returns.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={400} required />
          {create.isError ? <ErrorMessage error={create.error} /> : null}
          <Button type="submit" disabled={create.isPending || lines.length === 0}>{t('admin.support.returns.create')}</Button>
        </form>
      ) : null}
    </section>
  );
}

/** Contact form messages: filter by state, answer by mail, or turn into a ticket. */
function Contacts() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') ?? 'new') as (typeof CONTACT_STATES)[number] | 'all';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const site = useAdminSite();
  const query = useContactMessages({ page, limit: 25, ...(state === 'all' ? {} : { state }), ...(site ? { site } : {}) });
  const answer = useAnswerContact();
  const convert = useConvertContact();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  return (
    <>
      <PageTitle actions={<Link to="/admin/support">{t('admin.support.back')}</Link>}>{t('admin.support.contact.title')}</PageTitle>
      <SiteScopeNote />
      <div className="toolbar card">
        <SelectField label={t('admin.support.state')} value={state} onChange={(e) => setParams(new URLSearchParams({ state: e.target.value }))}>
          <option value="all">{t('admin.all')}</option>
          {CONTACT_STATES.map((s) => <option key={s} value={s}>{t(`admin.support.contact.states.${s}`)}</option>)}
        </SelectField>
      </div>
      {answer.isError ? <ErrorMessage error={answer.error} /> : null}
      {convert.isError ? <ErrorMessage error={convert.error} /> : null}
      <QueryState query={query}>
        {query.data ? (
          <>
            <ol className="stack" data-testid="contact-messages">
              {query.data.data.map((m) => (
                <li key={m.id} className="card stack">
                  <p className="muted">
                    {m.name} &lt;{m.email}&gt; · {t(`admin.support.contact.topics.${m.topic}`)} · {m.team} · {formatDateTime(m.createdAt, i18n.language)}
                    {m.orderNumber ? ` · ${t('admin.support.order')} ${m.orderNumber}` : ''} · <Badge>{t(`admin.support.contact.states.${m.state}`)}</Badge>
                  </p>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{m.message}</p>
                  {m.reply ? <blockquote style={{ whiteSpace: 'pre-wrap' }}>{m.reply}</blockquote> : null}
                  {m.ticketId ? <p><Link to={`/admin/support/${m.ticketId}`}>{t('admin.support.contact.openTicket')}</Link></p> : null}
                  {m.state === 'new' ? (
                    <form className="stack" onSubmit={(e) => { e.preventDefault(); const body = drafts[m.id]?.trim(); if (body) answer.mutate({ id: m.id, body }); }}>
                      <TextAreaField label={t('admin.support.contact.answer')} value={drafts[m.id] ?? ''} onChange={(e) => setDrafts({ ...drafts, [m.id]: e.target.value })} rows={4} maxLength={20000} />
                      <div className="row">
                        <Button type="submit" disabled={answer.isPending || !drafts[m.id]?.trim()}>{t('admin.support.contact.send')}</Button>
                        <Button type="button" variant="secondary" disabled={convert.isPending} onClick={() => convert.mutate(m.id)}>{t('admin.support.contact.convert')}</Button>
                      </div>
                    </form>
                  ) : null}
                </li>
              ))}
            </ol>
            {query.data.data.length === 0 ? <p>{t('admin.support.contact.none')}</p> : null}
            <Pagination page={page} limit={25} total={query.data.pagination.total} params={params} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

/** The canned replies: each with its English and French text and a delete button, then a form to add one. */
function CannedReplies() {
  const { t } = useTranslation();
  const replies = useCannedReplies();
  const create = useCreateCannedReply();
  const remove = useDeleteCannedReply();
  const can = useCan();
  const [draft, setDraft] = useState({ title: '', bodyEn: '', bodyFr: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ title: draft.title.trim(), bodyEn: draft.bodyEn.trim(), bodyFr: draft.bodyFr.trim() }, { onSuccess: () => setDraft({ title: '', bodyEn: '', bodyFr: '' }) });
  };
  return (
    <>
      <PageTitle actions={<Link to="/admin/support">{t('admin.support.title')}</Link>}>{t('admin.support.cannedPage.title')}</PageTitle>
      <QueryState query={replies}>
        {replies.data && replies.data.length > 0 ? (
          <ul className="stack">
            {replies.data.map((r) => (
              <li key={r.id} className="card stack">
                <h2>{r.title}</h2>
                <p><strong>EN</strong> {r.bodyEn}</p>
                <p><strong>FR</strong> {r.bodyFr}</p>
                {can('support:write') ? <div><Button type="button" variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate(r.id)}>{t('admin.support.cannedPage.delete', { title: r.title })}</Button></div> : null}
              </li>
            ))}
          </ul>
        ) : <p>{t('admin.support.cannedPage.none')}</p>}
      </QueryState>
      {remove.isError ? <ErrorMessage error={remove.error} /> : null}
      {can('support:write') ? (
        <form className="card stack" onSubmit={submit} aria-labelledby="canned-new">
          <h2 id="canned-new">{t('admin.support.cannedPage.new')}</h2>
          <Field label={t('admin.support.cannedPage.titleField')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} maxLength={120} required />
          <TextAreaField label={t('admin.support.cannedPage.bodyEn')} value={draft.bodyEn} onChange={(e) => setDraft({ ...draft, bodyEn: e.target.value })} required />
          <TextAreaField label={t('admin.support.cannedPage.bodyFr')} value={draft.bodyFr} onChange={(e) => setDraft({ ...draft, bodyFr: e.target.value })} required />
          {create.isError ? <ErrorMessage error={create.error} /> : null}
          <div><Button type="submit" disabled={create.isPending}>{t('admin.support.cannedPage.add')}</Button></div>
        </form>
      ) : null}
    </>
  );
}

/** The /admin/support/canned page. */
export function SupportCannedReplies() {
  return <RequirePermission permission="support:read"><CannedReplies /></RequirePermission>;
}

/** The /admin/support/contact page. */
export function SupportContacts() {
  return <RequirePermission permission="support:read"><Contacts /></RequirePermission>;
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
