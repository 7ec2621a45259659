import { AppError, conflict, notFound } from '../../platform/errors.js';

/** Stable error codes of support (HTTP status in brackets). */
export const SupportErrors = {
  /** [404] No ticket with this id that the caller may see (unknown, another customer's, or an expired link). */
  ticketNotFound: (id: string) => notFound('SUPPORT.TICKET_NOT_FOUND', `No ticket ${id.slice(0, 64)}`),
  /** [404] The order reference is not an order of the customer's. */
  orderNotFound: (id: string) => notFound('SUPPORT.ORDER_NOT_FOUND', `No order ${id.slice(0, 64)} of yours`),
  /** [404] No such attachment on this ticket, or it is not released (quarantined or infected). */
  attachmentNotFound: (id: string) => notFound('SUPPORT.ATTACHMENT_NOT_FOUND', `No attachment ${id.slice(0, 64)} to download`),
  /** [409] The move is not allowed from the ticket's state (`closed` is final). */
  illegalTransition: (from: string, to: string) => conflict('SUPPORT.ILLEGAL_TRANSITION', `A ${from} ticket cannot become ${to}`, { from, to }),
  /** [409] A closed ticket takes no replies; open a new one. */
  ticketClosed: () => conflict('SUPPORT.TICKET_CLOSED', 'This ticket is closed; open a new ticket'),
  /** [400] The multipart form is unreadable or misses a field (field errors say which). */
  badForm: (detail: string, field?: string) => new AppError('SUPPORT.BAD_FORM', 400, detail, field ? [{ field, message: detail }] : undefined),
  /** [400] A guest must give an e-mail address. */
  emailRequired: () => new AppError('SUPPORT.EMAIL_REQUIRED', 400, 'Give your e-mail address (or sign in) to open a ticket', [{ field: 'email', message: 'is required for guests' }]),
  /** [401] An inbound mail whose signature is missing, stale or wrong. */
  badSignature: (reason: string) => new AppError('SUPPORT.BAD_SIGNATURE', 401, `The inbound signature is ${reason}`),
  /** [404] The inbound mail's reply token matches no ticket. */
  unknownReplyToken: () => notFound('SUPPORT.UNKNOWN_REPLY_TOKEN', 'The reply token matches no ticket'),
  /** [409] The contact message was already answered, converted or closed. */
  contactHandled: (id: string) => conflict('SUPPORT.CONTACT_HANDLED', `The contact message ${id.slice(0, 64)} has already been handled`),
  /** [400] The assignee is not a staff member with support:write. */
  badAssignee: (id: string) => new AppError('SUPPORT.BAD_ASSIGNEE', 400, `User ${id.slice(0, 64)} cannot be assigned tickets`, [{ field: 'assigneeId', message: 'is not a support agent' }]),
  /** [409] Only a return-request ticket on an order becomes a return. */
  notAReturnRequest: (id: string) => conflict('SUPPORT.NOT_A_RETURN_REQUEST', `Ticket ${id.slice(0, 64)} is not a return request on an order: set its category and order first`),
  /** [404] No such return made from this ticket. */
  returnNotFound: (id: string) => notFound('SUPPORT.RETURN_NOT_FOUND', `No return ${id.slice(0, 64)} on this ticket`),
};
