/** Support data: the help centre (public and back office) and tickets (customer and agents), typed from the generated API schema, with TanStack Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, multipart, ok, session, type Body, type Query } from '../../lib/api';
import type { paths } from '../../lib/api-schema';

/** A help-centre language. */
export type HelpLocale = 'en' | 'fr';
/** The help-centre language of a UI language. */
export const helpLocale = (lang: string): HelpLocale => (lang.startsWith('fr') ? 'fr' : 'en');

type Json<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends { responses: infer R } ? R extends Record<number, unknown> ? R[keyof R] extends infer X ? X extends { content: { 'application/json': infer B } } ? B : never : never : never : never;
/** A published article in one language. */
export type PublicArticle = Json<'/api/help/articles/{slug}', 'get'>;
/** An article in the back office (both languages). */
export type HelpArticle = Exclude<Json<'/api/admin/help/articles/{id}', 'get'>, { code: string }>;
/** A ticket as its customer sees it. */
export type CustomerTicket = Exclude<Json<'/api/support/tickets/{id}', 'get'>, { code: string }>;
/** A ticket as agents see it. */
export type AdminTicket = Exclude<Json<'/api/admin/support/tickets/{id}', 'get'>, { code: string }>;

// ── help centre, public ──

/** Categories with their published articles. */
export function useHelpCategories(locale: HelpLocale) {
  return useQuery({ queryKey: ['help', 'categories', locale], queryFn: () => ok(api.GET('/api/help/categories', { params: { query: { locale } } })).then((r) => r.data) });
}

/** One published article. */
export function useHelpArticle(slug: string, locale: HelpLocale) {
  return useQuery({ queryKey: ['help', 'article', slug, locale], queryFn: () => ok(api.GET('/api/help/articles/{slug}', { params: { path: { slug }, query: { locale } } })) });
}

/** A help-centre search (nothing asked while `q` is blank). */
export function useHelpSearch(q: string, locale: HelpLocale, page: number) {
  return useQuery({
    queryKey: ['help', 'search', q, locale, page], enabled: q.trim().length > 0, placeholderData: keepPreviousData,
    queryFn: () => ok(api.GET('/api/help/search', { params: { query: { q, locale, page, limit: 10 } } })),
  });
}

/** Articles suggested for a ticket subject being typed (nothing asked under 3 characters). */
export function useHelpSuggestions(q: string, locale: HelpLocale) {
  return useQuery({
    queryKey: ['help', 'suggest', q, locale], enabled: q.trim().length >= 3, placeholderData: keepPreviousData,
    queryFn: () => ok(api.GET('/api/help/suggest', { params: { query: { q, locale } } })).then((r) => r.data),
  });
}

const VISITOR_KEY = 'comptoir.visitor';
/** This browser's random visitor id (one helpful vote per visitor). */
function visitorId(): string {
  let id = localStorage.getItem(VISITOR_KEY);
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(VISITOR_KEY, id);
  }
  return id;
}

/** "Was this helpful?" */
export function useHelpVote(articleId: string) {
  return useMutation({ mutationFn: (helpful: boolean) => ok(api.POST('/api/help/articles/{id}/votes', { params: { path: { id: articleId } }, body: { helpful, visitorId: visitorId() } })) });
}

// ── help centre, back office ──

/** Categories with article counts. */
export function useAdminHelpCategories() {
  return useQuery({ queryKey: ['admin', 'help', 'categories'], queryFn: () => ok(api.GET('/api/admin/help/categories')).then((r) => r.data) });
}

/** Articles (any status). */
export function useAdminHelpArticles(query: Query<'/api/admin/help/articles'>) {
  return useQuery({ queryKey: ['admin', 'help', 'articles', query], placeholderData: keepPreviousData, queryFn: () => ok(api.GET('/api/admin/help/articles', { params: { query } })) });
}

/** One article. */
export function useAdminHelpArticle(id: string | undefined) {
  return useQuery({ queryKey: ['admin', 'help', 'article', id], enabled: !!id, queryFn: () => ok(api.GET('/api/admin/help/articles/{id}', { params: { path: { id: id! } } })) });
}

/** Zero-result searches. */
export function useHelpMisses(page: number) {
  return useQuery({ queryKey: ['admin', 'help', 'misses', page], placeholderData: keepPreviousData, queryFn: () => ok(api.GET('/api/admin/help/search-misses', { params: { query: { page, limit: 50 } } })) });
}

/** Creates a category. */
export function useCreateHelpCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/help/categories', 'post'>) => ok(api.POST('/api/admin/help/categories', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'help'] }),
  });
}

/** Changes a category (names, descriptions, slug, position). */
export function useUpdateHelpCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Body<'/api/admin/help/categories/{id}', 'patch'> & { id: string }) => ok(api.PATCH('/api/admin/help/categories/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'help'] }),
  });
}

/** Deletes an empty category (409 SUPPORT.HELP_CATEGORY_NOT_EMPTY while it holds articles). */
export function useDeleteHelpCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/admin/help/categories/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'help'] }),
  });
}

/** Creates (no id) or changes an article. */
export function useSaveHelpArticle(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/help/articles', 'post'> & { outdatedEn?: boolean; outdatedFr?: boolean }) =>
      id ? ok(api.PATCH('/api/admin/help/articles/{id}', { params: { path: { id } }, body })) : ok(api.POST('/api/admin/help/articles', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'help'] }),
  });
}

// ── tickets, customers ──

/** The signed-in customer's tickets. */
export function useMyTickets(page: number) {
  return useQuery({ queryKey: ['tickets', 'mine', page], placeholderData: keepPreviousData, queryFn: () => ok(api.GET('/api/support/tickets', { params: { query: { page, limit: 20 } } })) });
}

/** One ticket as its customer (or a guest with the link token) sees it. */
export function useTicket(id: string, token: string | null) {
  return useQuery({
    queryKey: ['tickets', id, token],
    queryFn: () => ok(api.GET('/api/support/tickets/{id}', { params: { path: { id }, header: token ? { 'x-ticket-token': token } : {} } })),
  });
}

/** Opens a ticket from a multipart form (subject, message, category, orderId, email, files). */
export function useOpenTicket() {
  return useMutation({ mutationFn: (form: FormData) => ok(api.POST('/api/support/tickets', multipart(form))) });
}

/** Replies to a ticket as its customer. */
export function useReplyTicket(id: string, token: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => ok(api.POST('/api/support/tickets/{id}/replies', { params: { path: { id }, header: token ? { 'x-ticket-token': token } : {} }, body: { body } })),
    onSuccess: (ticket) => qc.setQueryData(['tickets', id, token], ticket),
  });
}

/** Downloads an attachment with the session or the link token, and opens it (the browser saves it). */
export async function downloadAttachment(path: string, filename: string): Promise<void> {
  const token = session.accessToken;
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ── tickets, agents ──

/** The agents' queue. */
export function useTicketQueue(query: Query<'/api/admin/support/tickets'>) {
  return useQuery({ queryKey: ['admin', 'tickets', query], placeholderData: keepPreviousData, queryFn: () => ok(api.GET('/api/admin/support/tickets', { params: { query } })) });
}

/** One ticket with notes, history and the customer's other tickets. */
export function useAdminTicket(id: string) {
  return useQuery({ queryKey: ['admin', 'ticket', id], queryFn: () => ok(api.GET('/api/admin/support/tickets/{id}', { params: { path: { id } } })) });
}

/** A public reply or an internal note (optionally moving the state). */
export function useAgentMessage(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/tickets/{id}/messages', 'post'>) => ok(api.POST('/api/admin/support/tickets/{id}/messages', { params: { path: { id } }, body })),
    onSuccess: (ticket) => { qc.setQueryData(['admin', 'ticket', id], ticket); void qc.invalidateQueries({ queryKey: ['admin', 'tickets'] }); },
  });
}

/** Changes state, category, priority, assignee, team or tags. */
export function useUpdateTicket(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/tickets/{id}', 'patch'>) => ok(api.PATCH('/api/admin/support/tickets/{id}', { params: { path: { id } }, body })),
    onSuccess: (ticket) => { qc.setQueryData(['admin', 'ticket', id], ticket); void qc.invalidateQueries({ queryKey: ['admin', 'tickets'] }); },
  });
}

/** SLA targets per priority (minutes). */
export function useSlaTargets() {
  return useQuery({ queryKey: ['admin', 'sla'], queryFn: () => ok(api.GET('/api/admin/support/sla')).then((r) => r.data) });
}

/** Saves SLA targets. */
export function useSaveSlaTargets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/sla', 'put'>) => ok(api.PUT('/api/admin/support/sla', { body })),
    onSuccess: (r) => qc.setQueryData(['admin', 'sla'], r.data),
  });
}

/** Staff tickets can be assigned to (support and admin roles), by name. */
export function useAgents() {
  return useQuery({ queryKey: ['admin', 'support', 'agents'], staleTime: 60_000, queryFn: () => ok(api.GET('/api/admin/support/agents')).then((r) => r.data) });
}

/** Canned replies (English and French), by title. */
export function useCannedReplies() {
  return useQuery({ queryKey: ['admin', 'support', 'canned'], staleTime: 60_000, queryFn: () => ok(api.GET('/api/admin/support/canned-replies')).then((r) => r.data) });
}

/** Creates a canned reply (title, English and French bodies). */
export function useCreateCannedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/canned-replies', 'post'>) => ok(api.POST('/api/admin/support/canned-replies', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'support', 'canned'] }),
  });
}

/** Deletes a canned reply. */
export function useDeleteCannedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/admin/support/canned-replies/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'support', 'canned'] }),
  });
}

/** Assigns (user id, or null to unassign) and/or closes up to 100 tickets at once. */
export function useBulkTickets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/tickets/bulk', 'post'>) => ok(api.POST('/api/admin/support/tickets/bulk', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'tickets'] }),
  });
}

/** Turns a return-request ticket into a return (RMA) of its delivered order. */
export function useCreateReturn(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/support/tickets/{id}/returns', 'post'>) => ok(api.POST('/api/admin/support/tickets/{id}/returns', { params: { path: { id } }, body })),
    onSuccess: (ticket) => { qc.setQueryData(['admin', 'ticket', id], ticket); void qc.invalidateQueries({ queryKey: ['admin', 'orders'] }); },
  });
}

/**
 * Receives a return of the ticket: puts its units back into stock and refunds them (`refund`
 * false: restock only, for an order never paid). Each receipt carries an Idempotency-Key, so a
 * retried request is answered again instead of refused.
 */
export function useReceiveReturn(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ returnId, refund }: { returnId: string; refund: boolean }) => ok(api.POST('/api/admin/support/tickets/{id}/returns/{returnId}/receive', {
      params: { path: { id, returnId }, header: { 'idempotency-key': `receive-${returnId}-${refund ? 'refund' : 'restock'}` } },
      body: { refund },
    })),
    onSuccess: (ticket) => { qc.setQueryData(['admin', 'ticket', id], ticket); void qc.invalidateQueries({ queryKey: ['admin', 'orders'] }); },
  });
}

// ── contact messages ──

/** Contact form messages, newest first. */
export function useContactMessages(query: Query<'/api/admin/support/contact-messages'>) {
  return useQuery({ queryKey: ['admin', 'contact', query], placeholderData: keepPreviousData, queryFn: () => ok(api.GET('/api/admin/support/contact-messages', { params: { query } })) });
}

/** Answers a contact message by mail. */
export function useAnswerContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) => ok(api.POST('/api/admin/support/contact-messages/{id}/reply', { params: { path: { id } }, body: { body } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'contact'] }),
  });
}

/** Turns a contact message into a ticket of its sender. */
export function useConvertContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/admin/support/contact-messages/{id}/ticket', { params: { path: { id } } })),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['admin', 'contact'] }); void qc.invalidateQueries({ queryKey: ['admin', 'tickets'] }); },
  });
}
