import { AppError, conflict, notFound, type FieldError } from '../../platform/errors.js';

/** Stable error codes of promotions (HTTP status in brackets). */
export const PromotionsErrors = {
  /** [404] No promotion with this id. */
  notFound: (id: string) => notFound('PROMOTIONS.NOT_FOUND', `No promotion ${id}`),
  /** [409] Another promotion has this code (codes are compared case-insensitively). */
  codeTaken: (code: string) => conflict('PROMOTIONS.CODE_TAKEN', `The code ${code} is already used by another promotion`, { promotionCode: code }),
  /** [400] Value out of range for the type, or `endsAt` not after `startsAt` (field errors say which). */
  invalidRule: (errors: FieldError[]) =>
    new AppError('PROMOTIONS.INVALID_RULE', 400, `Invalid promotion: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors),
  /** [409] PATCH would set `usageLimit` below the uses already counted. */
  usageLimitBelowUsed: (timesUsed?: number, usageLimit?: number) =>
    timesUsed === undefined || usageLimit === undefined
      ? conflict('PROMOTIONS.USAGE_LIMIT_BELOW_USED', 'The usage limit cannot be below the uses already counted')
      : conflict('PROMOTIONS.USAGE_LIMIT_BELOW_USED', `The promotion has been used ${timesUsed} times; the usage limit cannot be ${usageLimit}`, { timesUsed, usageLimit }),
  /** [409] Redeeming: every use of the usage limit is taken. */
  usageLimitReached: (code: string) => conflict('PROMOTIONS.USAGE_LIMIT_REACHED', `The code ${code} has reached its usage limit`),
  /** [409] Redeeming: this customer has used the code as often as allowed. */
  alreadyUsed: (code: string) => conflict('PROMOTIONS.ALREADY_USED', `The code ${code} has already been used by this customer`),
  /** [422] Using a code that requires an account without being signed in (`extensions.promotionCode`). */
  accountRequired: (code?: string) =>
    new AppError('PROMOTIONS.ACCOUNT_REQUIRED', 422, code ? `Sign in to use the code ${code}` : 'Sign in to use this promotion code', undefined, code ? { promotionCode: code } : undefined),
  /** [409] Redeeming: the promotion does not exist, is disabled, not started or expired. */
  notAvailable: (ref: string) => conflict('PROMOTIONS.NOT_AVAILABLE', `The promotion ${ref} is not available`),
};
