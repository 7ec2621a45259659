/** Back-office events: dead-lettered events and their retry. */
import { api, ok } from '../../lib/api';

/** An event whose delivery failed too many times. */
export type DeadLetter = Awaited<ReturnType<typeof listDeadLetters>>['data'][number];

/** A page of dead-lettered events. */
export function listDeadLetters(page: number) {
  return ok(api.GET('/api/admin/events/dead-letters', { params: { query: { page, limit: 20 } } }));
}

/** Puts a dead-lettered event back in the outbox for delivery. */
export function retryDeadLetter(id: string) {
  return ok(api.POST('/api/admin/events/dead-letters/{id}/retry', { params: { path: { id } } }));
}
