/** Back-office mail: the stored outgoing messages. */
import { useQuery } from '@tanstack/react-query';
import { api, ok, type Query, type Schemas } from '../../lib/api';

/** A stored outgoing mail (list entry). */
export type MailSummary = Schemas['MailSummary'];

/** A mail with its bodies. */
export type MailMessage = Schemas['MailMessage'];

/** Mail templates. */
export const MAIL_TEMPLATES = ['welcome', 'order_confirmation', 'order_shipped', 'order_delivered', 'order_cancelled', 'order_refunded'] as const satisfies readonly MailSummary['template'][];

/** Mail delivery statuses. */
export const MAIL_STATUSES = ['stored', 'queued', 'sent', 'failed'] as const satisfies readonly MailSummary['status'][];

/** A page of stored mail, newest first. */
export function listMail(query: Query<'/api/admin/mail'>) {
  return ok(api.GET('/api/admin/mail', { params: { query } }));
}

/** One stored mail with its text and HTML bodies. */
export function useMail(id: string) {
  return useQuery({ queryKey: ['admin', 'mail', 'one', id], queryFn: () => ok(api.GET('/api/admin/mail/{id}', { params: { path: { id } } })) });
}
