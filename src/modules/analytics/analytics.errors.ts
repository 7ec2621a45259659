import { AppError, conflict, notFound, type FieldError } from '../../platform/errors.js';

/** Stable error codes of analytics (HTTP status in brackets). */
export const AnalyticsErrors = {
  /** [404] No region with this id, or one outside the caller's scope. */
  regionNotFound: (id: string) => notFound('ANALYTICS.REGION_NOT_FOUND', `No region ${id}`),
  /** [404] No store with this id, or one outside the caller's scope. */
  storeNotFound: (id: string) => notFound('ANALYTICS.STORE_NOT_FOUND', `No store ${id}`),
  /** [409] Another region or store already has this code. */
  codeTaken: (kind: 'region' | 'store', code: string) =>
    conflict(kind === 'region' ? 'ANALYTICS.REGION_CODE_TAKEN' : 'ANALYTICS.STORE_CODE_TAKEN', `A ${kind} with the code ${code} already exists`, { code }),
  /** [409] Moving a region below itself or one of its descendants. */
  regionCycle: (id: string, parentId: string) =>
    conflict('ANALYTICS.REGION_CYCLE', `Region ${id} cannot move below ${parentId}: that is itself or one of its descendants`, { regionId: id, parentId }),
  /** [400] Field errors (a shape the JSON schema cannot express). */
  invalid: (detail: string, errors?: FieldError[]) => new AppError('ANALYTICS.INVALID', 400, detail, errors),
  /** [404] A `node` query parameter (company, region or store) that is unknown or outside the caller's scope. */
  nodeNotFound: (node: string) => notFound('ANALYTICS.NODE_NOT_FOUND', `No node ${node}`),
  /** [404] No target with this id, or one set at a node outside the caller's scope. */
  targetNotFound: (id: string) => notFound('ANALYTICS.TARGET_NOT_FOUND', `No target ${id}`),
  /**
   * [409] A target's phasing is not 12 months summing to 100 % (percentages, or monthly rows of
   * an import that miss months or disagree with the yearly amount); names the store or region code and the fiscal year.
   */
  targetPhasingInvalid: (level: 'store' | 'region', code: string, fiscalYear: number, reason: string) =>
    conflict('ANALYTICS.TARGET_PHASING_INVALID', `Phasing of ${level} ${code} for fiscal year ${fiscalYear} is refused: ${reason}`, { level, nodeCode: code, fiscalYear }),
  /** [409] `last-year` phasing asked for a node with no positive net revenue in the previous fiscal year. */
  noLastYearSales: (level: 'store' | 'region', code: string, fiscalYear: number) =>
    conflict('ANALYTICS.NO_LAST_YEAR_SALES', `The ${level} ${code} has no sales in fiscal year ${fiscalYear - 1} to phase fiscal year ${fiscalYear} on`, { level, nodeCode: code, fiscalYear }),
  /** [409] Converting an amount needs a monthly exchange rate nobody recorded. */
  exchangeRateMissing: (currency: string, reportingCurrency: string, month: string) =>
    conflict('ANALYTICS.EXCHANGE_RATE_MISSING', `No exchange rate from ${currency} to ${reportingCurrency} for the month of ${month}`, { currency, reportingCurrency, month }),
  /**
   * [422] A targets CSV with rejected rows: nothing is written; the problem's `report` is
   * `{ targets: 0, rejected: [{ line, code, reason }] }` (the same shape as the organisation's imports).
   */
  targetImportRejected: (rejected: { line: number; code: string; reason: string }[]) =>
    new AppError('ANALYTICS.IMPORT_REJECTED', 422, `${rejected.length} row(s) of the targets file are rejected; nothing was imported`, undefined, { report: { targets: 0, rejected } }),
  /** [400] A targets CSV that cannot be read, lacks a column or has no header. */
  targetCsvInvalid: (detail: string) => new AppError('ANALYTICS.CSV_INVALID', 400, detail),
};
