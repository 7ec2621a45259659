import { badRequest, conflict, notFound, unauthorized } from '../../platform/errors.js';

/** Stable error codes of the orders module (HTTP status in brackets). */
export const OrdersErrors = {
  /** [400] The dashboard was asked for a time zone this server does not know. */
  unknownTimeZone: (zone: string) => badRequest(`Unknown time zone "${zone}": use an IANA name such as Europe/London`, [{ field: '/timeZone', message: 'unknown time zone' }], 'ORDERS.UNKNOWN_TIME_ZONE'),
  /** [404] No such order, or not visible to the caller. */
  notFound: (id: string) => notFound('ORDERS.NOT_FOUND', `No order ${id}`),
  /** [409] The lifecycle does not allow this change. */
  illegalTransition: (from: string, to: string) => conflict('ORDERS.ILLEGAL_TRANSITION', `An order cannot go from ${from} to ${to}`, { from, to }),
  /** [409] Shipping happens through POST /api/admin/orders/{id}/shipments. */
  shipmentRequired: () => conflict('ORDERS.SHIPMENT_REQUIRED', 'Record a shipment (carrier and tracking number) to ship an order'),
  /** [409] A shipment line asks for more than is left to ship. */
  nothingToShip: (detail: string) => conflict('ORDERS.NOTHING_TO_SHIP', detail),
  /** [404] No such shipment on this order. */
  shipmentNotFound: (id: string) => notFound('ORDERS.SHIPMENT_NOT_FOUND', `No shipment ${id} on this order`),
  /** [409] A delivered shipment takes no further tracking status. */
  shipmentDelivered: (id: string) => conflict('ORDERS.SHIPMENT_DELIVERED', `Shipment ${id} was delivered: its tracking is complete`),
  /** [401] A carrier webhook whose signature is missing, malformed, stale or wrong (or no secret is configured). */
  badCarrierSignature: (reason: string) => unauthorized(`The carrier webhook signature is ${reason}`, 'ORDERS.BAD_SIGNATURE'),
  /** [404] No shipment has this carrier tracking number. */
  parcelNotFound: (trackingNumber: string) => notFound('ORDERS.SHIPMENT_NOT_FOUND', `No shipment with tracking number ${trackingNumber.slice(0, 64)}`),
  /** [409] The order needs a payment first: authorized or recorded to be confirmed, captured in full to ship. */
  paymentRequired: (detail: string) => conflict('ORDERS.PAYMENT_REQUIRED', detail),
  /** [409] Only an order paid by an offline method (bank transfer, cash on delivery, pay in store) has its payment marked received by staff. */
  notOffline: (method: string | null) =>
    conflict('ORDERS.NOT_OFFLINE', `This order is paid ${method ? `by "${method}", through a provider` : 'by no recorded method'}: its payment cannot be marked received`, { method }),
  /** [409] The order has no payment to refund. */
  noPayment: () => conflict('ORDERS.NO_PAYMENT', 'This order has no captured payment'),
  /** [400] Staff cancel an order with a reason (it is recorded in the order's history). */
  reasonRequired: () => badRequest('Give a reason for cancelling this order', [{ field: 'reason', message: 'is required to cancel' }], 'ORDERS.REASON_REQUIRED'),
  /** [400] A refund asks for nothing, for a line the order does not have, or mixes an amount with lines. */
  invalidRefund: (detail: string) => badRequest(detail, undefined, 'ORDERS.INVALID_REFUND'),
  /** [409] A refund asks for more units of a line than are left to refund, or for shipping already refunded. */
  refundExceeds: (detail: string) => conflict('ORDERS.REFUND_EXCEEDS', detail),
  /** [409] Another refund of the same lines was made meanwhile: the amount changed; look again and retry. */
  refundConflict: () => conflict('ORDERS.REFUND_CONFLICT', 'This order was refunded meanwhile: review what is left to refund and try again'),
  /** [409] Only a delivered order takes a return. */
  notReturnable: (status: string) => conflict('ORDERS.NOT_RETURNABLE', `A ${status} order takes no return: only delivered orders do`, { orderStatus: status }),
  /** [400] A return names a SKU the order did not deliver, or a SKU twice. */
  invalidReturn: (detail: string) => badRequest(detail, [{ field: 'lines', message: detail }], 'ORDERS.INVALID_RETURN'),
  /** [409] A return asks for more units than were delivered less those already returned. */
  returnExceeds: (detail: string) => conflict('ORDERS.RETURN_EXCEEDS', detail),
  /** [404] No such return. */
  returnNotFound: (id: string) => notFound('ORDERS.RETURN_NOT_FOUND', `No return ${id.slice(0, 64)}`),
  /** [409] The return was already received (and refunded). */
  returnReceived: (id: string) => conflict('ORDERS.RETURN_RECEIVED', `Return ${id.slice(0, 64)} has already been received`),
};
