import { AppError, conflict, notFound } from '../../platform/errors.js';

/** Stable error codes of sites (HTTP status in brackets). */
export const SitesErrors = {
  /** [404] No site with this code (also: an `X-Comptoir-Site` header naming an unknown site). */
  siteNotFound: (code: string) => notFound('SITES.SITE_NOT_FOUND', `No site ${code.slice(0, 64)}`),
  /** [409] A site with this code exists already. */
  codeTaken: (code: string) => conflict('SITES.CODE_TAKEN', `A site ${code.slice(0, 64)} exists already`),
  /** [409] A host name already selects another site. */
  hostTaken: (host: string, owner: string) => conflict('SITES.HOST_TAKEN', `The host ${host.slice(0, 255)} already selects the site ${owner}`, { host, site: owner }),
  /** [409] The default site cannot be deleted. */
  defaultSite: () => conflict('SITES.DEFAULT_SITE', 'The default site cannot be deleted'),
  /** [400] Settings that do not hold together (field errors say which). */
  invalid: (field: string, message: string) => new AppError('SITES.INVALID', 400, `Invalid site settings: ${field} ${message}`, [{ field, message }]),
  /** [403] The admin is limited to other sites. */
  siteForbidden: (code: string) => new AppError('SITES.FORBIDDEN', 403, `You may not manage the site ${code.slice(0, 64)}`),
};
