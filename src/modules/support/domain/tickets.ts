/**
 * Ticket rules, pure: states and their transitions, SLA targets and what is due next.
 */

/** `new` (not looked at) → `open` (being handled) → `pending` (waiting on the customer) → `solved` → `closed` (final). */
export type TicketState = 'new' | 'open' | 'pending' | 'solved' | 'closed';
/** Priorities, lowest first. */
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** The states each state may move to (agents); `closed` is final. */
export const TICKET_TRANSITIONS: Readonly<Record<TicketState, readonly TicketState[]>> = {
  new: ['open', 'pending', 'solved', 'closed'],
  open: ['pending', 'solved', 'closed'],
  pending: ['open', 'solved', 'closed'],
  solved: ['open', 'closed'],
  closed: [],
};

/** True when an agent may move a ticket from `from` to `to` (staying put is not a move). */
export function canMove(from: TicketState, to: TicketState): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

/**
 * The state after a public customer message: a reply to a `pending` or `solved` ticket reopens it
 * (`open`); `new` and `open` stay. @returns null for a `closed` ticket (it takes no replies).
 */
export function stateAfterCustomerReply(state: TicketState): TicketState | null {
  if (state === 'closed') return null;
  return state === 'pending' || state === 'solved' ? 'open' : state;
}

/** SLA targets of one priority, in minutes: first public agent reply, and solving the ticket. */
export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** Default SLA targets per priority (minutes): urgent 1 h / 8 h, high 4 h / 24 h, normal 24 h / 72 h, low 48 h / 168 h. */
export const DEFAULT_SLA: Readonly<Record<TicketPriority, SlaTarget>> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 1_440 },
  normal: { firstResponseMinutes: 1_440, resolutionMinutes: 4_320 },
  low: { firstResponseMinutes: 2_880, resolutionMinutes: 10_080 },
};

/** The due times of a ticket opened at `createdAt` with `priority` under `sla`. */
export function dueTimes(createdAt: Date, priority: TicketPriority, sla: Readonly<Record<TicketPriority, SlaTarget>> = DEFAULT_SLA): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const target = sla[priority];
  return {
    firstResponseDueAt: new Date(createdAt.getTime() + target.firstResponseMinutes * 60_000),
    resolutionDueAt: new Date(createdAt.getTime() + target.resolutionMinutes * 60_000),
  };
}

/** What a ticket's SLA says now: the next target (`first_response`, `resolution`, or none once solved), its due time, minutes left (negative when late), overdue. */
export interface SlaStatus {
  target: 'first_response' | 'resolution' | null;
  dueAt: string | null;
  minutesLeft: number | null;
  overdue: boolean;
}

/**
 * The SLA status of a ticket at `now`: while no agent has replied publicly the first-response
 * target runs, then the resolution target; a solved or closed ticket has none. Waiting on the
 * customer (`pending`) does not stop the clock.
 */
export function slaStatus(t: { state: TicketState; firstResponseAt: Date | null; firstResponseDueAt: Date; resolutionDueAt: Date }, now: Date): SlaStatus {
  if (t.state === 'solved' || t.state === 'closed') return { target: null, dueAt: null, minutesLeft: null, overdue: false };
  const [target, due] = t.firstResponseAt ? (['resolution', t.resolutionDueAt] as const) : (['first_response', t.firstResponseDueAt] as const);
  const minutesLeft = Math.floor((due.getTime() - now.getTime()) / 60_000);
  return { target, dueAt: due.toISOString(), minutesLeft, overdue: due.getTime() < now.getTime() };
}

/** The `q`-th quantile (0–1) of `values` by linear interpolation between closest ranks; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
