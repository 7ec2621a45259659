import { AppError } from '../../platform/errors.js';

/** Errors of the newsletters module, with stable codes. */
export const NewslettersErrors = {
  /** [404] No such subscriber, list or campaign. */
  notFound: (what: string) => new AppError('NEWSLETTERS.NOT_FOUND', 404, `No ${what.toLowerCase()} with this id`),
  /** [400] A confirmation, management or unsubscribe link that is not valid (or expired). */
  badToken: () => new AppError('NEWSLETTERS.BAD_TOKEN', 400, 'This link is not valid or has expired'),
  /** [409] The campaign is not in a state that allows this. */
  campaignState: (status: string, action: string) => new AppError('NEWSLETTERS.CAMPAIGN_STATE', 409, `A ${status} campaign cannot be ${action}`),
  /** [401] Bad webhook signature. */
  badSignature: (reason: string) => new AppError('NEWSLETTERS.BAD_SIGNATURE', 401, `Signature ${reason}`),
  /** [404] The mail-events webhook is off (no NEWSLETTER_WEBHOOK_SECRET). */
  webhookDisabled: () => new AppError('NEWSLETTERS.WEBHOOK_DISABLED', 404, 'The mail-events webhook is off: set NEWSLETTER_WEBHOOK_SECRET'),
  /** [400] The CSV could not be read. */
  badCsv: (detail: string) => new AppError('NEWSLETTERS.CSV_INVALID', 400, detail),
  /** [400] Not an e-mail address. */
  badEmail: () => new AppError('NEWSLETTERS.INVALID_EMAIL', 400, 'Enter a valid e-mail address', [{ field: 'body/email', message: 'is not a valid e-mail address' }]),
  /** [409] No SMTP server is configured (test sends need one). */
  smtpOff: () => new AppError('NEWSLETTERS.SMTP_OFF', 409, 'No SMTP server is configured (SMTP_URL)'),
  /** [409] The address is suppressed (hard bounce or complaint). */
  suppressed: () => new AppError('NEWSLETTERS.SUPPRESSED', 409, 'This address is suppressed (bounce or complaint)'),
} as const;
