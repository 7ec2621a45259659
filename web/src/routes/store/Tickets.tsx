/**
 * Customer ticket pages: `/account/tickets` (my tickets), `/support/new` (open a ticket, with help
 * articles suggested as the subject is typed; `?order=` preselects an order) and
 * `/support/tickets/:id` (the public thread and a reply box; guests arrive with `?token=` from
 * the mail's link).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Badge, Button, EmptyState, Field, Loading, Pagination, SelectField, TableScroll, TextAreaField } from '../../ui';
import { useMe } from '../../features/account/api';
import { downloadAttachment, helpLocale, useHelpSuggestions, useMyTickets, useOpenTicket, useReplyTicket, useTicket, type CustomerTicket } from '../../features/support/api';
import { useDebounced } from '../../features/catalog/useDebounced';
import { formatDateTime } from '../../lib/format';
import { useProblemMessage } from '../../lib/problem';
import { useTitle } from '../../lib/useTitle';

const CATEGORIES = ['order_problem', 'return_request', 'product_question', 'other'] as const;

/** `/account/tickets`: the signed-in customer's tickets. */
export function MyTickets() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const me = useMe();
  const [page, setPage] = useState(1);
  const tickets = useMyTickets(page);
  useTitle(t('store.tickets.mine'));
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to="/login" replace />;
  return (
    <div className="stack">
      <h1>{t('store.tickets.mine')}</h1>
      <p><Link to="/support/new">{t('store.tickets.new')}</Link> · <Link to="/help">{t('store.help.title')}</Link></p>
      {tickets.isPending ? <Loading /> : tickets.isError ? <Alert>{message(tickets.error)}</Alert> : tickets.data.data.length === 0 ? <EmptyState>{t('store.tickets.none')}</EmptyState> : (
        <>
          <TableScroll label={t('store.tickets.mine')}>
            <table>
              <thead><tr><th>{t('store.tickets.subject')}</th><th>{t('store.tickets.state')}</th><th>{t('store.tickets.updated')}</th></tr></thead>
              <tbody>
                {tickets.data.data.map((tk) => (
                  <tr key={tk.id}>
                    <td><Link to={`/support/tickets/${tk.id}`}>{tk.subject}</Link></td>
                    <td>{t(`store.tickets.states.${tk.state}`)}</td>
                    <td>{formatDateTime(tk.updatedAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pagination area="store" page={page} limit={tickets.data.pagination.limit} total={tickets.data.pagination.total} onPage={setPage} />
        </>
      )}
    </div>
  );
}

/** `/support/new`: the new-ticket form with article suggestions (deflection). */
export function NewTicket() {
  const { t, i18n } = useTranslation();
  const message = useProblemMessage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const open = useOpenTicket();
  const [subject, setSubject] = useState('');
  const typed = useDebounced(subject, 300);
  const suggestions = useHelpSuggestions(typed, helpLocale(i18n.language));
  useTitle(t('store.tickets.new'));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    for (const key of ['orderId', 'email', 'name']) if (form.get(key) === '') form.delete(key);
    const files = form.getAll('files').filter((f) => f instanceof File && f.size > 0);
    form.delete('files');
    for (const f of files) form.append('files', f);
    form.set('locale', helpLocale(i18n.language));
    open.mutate(form, {
      onSuccess: ({ ticket, guestToken }) => navigate(`/support/tickets/${ticket.id}${guestToken ? `?token=${encodeURIComponent(guestToken)}` : ''}`),
    });
  };
  return (
    <div className="stack">
      <h1>{t('store.tickets.new')}</h1>
      <form className="stack card" onSubmit={submit} encType="multipart/form-data">
        <Field label={t('store.tickets.subject')} name="subject" required maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} autoComplete="off" />
        {suggestions.data && suggestions.data.length > 0 ? (
          <section aria-labelledby="suggested" className="stack" data-testid="ticket-suggestions">
            <h2 id="suggested">{t('store.tickets.suggested')}</h2>
            <ul>{suggestions.data.map((a) => <li key={a.id}><Link to={`/help/${a.slug}`} target="_blank">{a.title}</Link></li>)}</ul>
          </section>
        ) : null}
        <SelectField label={t('store.tickets.category')} name="category" defaultValue={params.get('order') ? 'order_problem' : 'other'}>
          {CATEGORIES.map((c) => <option key={c} value={c}>{t(`store.tickets.categories.${c}`)}</option>)}
        </SelectField>
        <Field label={t('store.tickets.order')} name="orderId" defaultValue={params.get('order') ?? ''} maxLength={64} hint={t('store.tickets.orderHint')} />
        {me.data ? null : (
          <>
            <Field label={t('store.tickets.email')} name="email" type="email" required maxLength={320} autoComplete="email" />
            <Field label={t('store.tickets.name')} name="name" maxLength={120} autoComplete="name" />
          </>
        )}
        <TextAreaField label={t('store.tickets.message')} name="message" required maxLength={20000} rows={6} />
        <label className="field">
          <span>{t('store.tickets.files')}</span>
          <input type="file" name="files" multiple accept="image/*,application/pdf,text/plain" />
        </label>
        {open.isError ? <Alert>{message(open.error)}</Alert> : null}
        <Button type="submit" disabled={open.isPending}>{t('store.tickets.send')}</Button>
      </form>
    </div>
  );
}

function Thread({ ticket, token }: { ticket: CustomerTicket; token: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="stack" data-testid="ticket-thread">
      {ticket.messages.map((m) => (
        <li key={m.id} className="card stack">
          <p className="muted">{m.authorType === 'customer' ? t('store.tickets.you') : t('store.tickets.shop')} · {formatDateTime(m.createdAt, i18n.language)}</p>
          <p style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
          {m.attachments.length > 0 ? (
            <ul>
              {m.attachments.map((f) => (
                <li key={f.id}>
                  <button type="button" className="link" onClick={() => void downloadAttachment(`/api/support/tickets/${ticket.id}/attachments/${f.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`, f.filename)}>
                    {f.filename}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** `/support/tickets/:id`: the ticket's public thread and a reply box (owner, or a guest with `?token=`). */
export function TicketPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { t } = useTranslation();
  const message = useProblemMessage();
  const ticket = useTicket(id, token);
  const reply = useReplyTicket(id, token);
  const [body, setBody] = useState('');
  useTitle(ticket.data?.subject ?? t('store.tickets.ticket'));
  if (ticket.isPending) return <Loading />;
  if (ticket.isError) return <Alert>{message(ticket.error)}</Alert>;
  const tk = ticket.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) reply.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  return (
    <div className="stack">
      <h1>{tk.subject}</h1>
      <p>
        <Badge>{t(`store.tickets.states.${tk.state}`)}</Badge>{' '}
        {tk.orderId ? <span className="muted">{t('store.tickets.onOrder', { order: tk.orderId })}</span> : null}
      </p>
      <Thread ticket={tk} token={token} />
      {tk.state === 'closed' ? <p>{t('store.tickets.closed')} <Link to="/support/new">{t('store.tickets.new')}</Link></p> : (
        <form className="stack" onSubmit={submit}>
          <TextAreaField label={t('store.tickets.reply')} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={20000} rows={4} />
          {reply.isError ? <Alert>{message(reply.error)}</Alert> : null}
          <Button type="submit" disabled={reply.isPending}>{t('store.tickets.sendReply')}</Button>
        </form>
      )}
    </div>
  );
}
