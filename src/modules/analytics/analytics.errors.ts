import { AppError, conflict, notFound, type FieldError } from '../../platform/errors.js';

/**
 * Why an import left a row out: `rejected[].code` of every analytics import report (stores,
 * exchange rates, targets, sales) is one of these, with the same meaning everywhere; `reason`
 * says it in words (naming the value), `line` is the file's line.
 */
export const REJECT_CODES = [
  /** The row cannot be read (wrong number of cells). */
  'ANALYTICS.BAD_ROW',
  /** A required cell is empty. */
  'ANALYTICS.MISSING_VALUE',
  /** A store or region code that is not 1–64 letters, digits or `. _ / & ' ( ) + -`. */
  'ANALYTICS.BAD_CODE',
  /** A name longer than allowed, or empty. */
  'ANALYTICS.BAD_NAME',
  /** A date, month or year that is not a real one (or not in the accepted form). */
  'ANALYTICS.BAD_DATE',
  /** A quantity that is not an integer. */
  'ANALYTICS.BAD_QUANTITY',
  /** An amount that is not a number (or not a whole number of minor units, or negative where it cannot be). */
  'ANALYTICS.BAD_AMOUNT',
  /** A percentage that is not 0–100 with at most 2 decimals, or given where it cannot be. */
  'ANALYTICS.BAD_PERCENT',
  /** A cost that is not a number. */
  'ANALYTICS.BAD_COST',
  /** A target metric other than revenue, gross_margin or units. */
  'ANALYTICS.BAD_METRIC',
  /** Another field of the row is invalid (kind, country, currency, time zone, area, rate…; the reason names it). */
  'ANALYTICS.BAD_VALUE',
  /** No store with this code (or one outside the caller's scope). */
  'ANALYTICS.UNKNOWN_STORE',
  /** No region with this code (or one outside the caller's scope). */
  'ANALYTICS.UNKNOWN_REGION',
  /** No product with this SKU. */
  'ANALYTICS.UNKNOWN_PRODUCT',
  /** An earlier line of the file gives the same key. */
  'ANALYTICS.DUPLICATE',
  /** The code belongs to a store the caller cannot see. */
  'ANALYTICS.CODE_TAKEN',
] as const;
/** One code of {@link REJECT_CODES}. */
export type RejectCode = (typeof REJECT_CODES)[number];

/** A row an import left out: the file's 1-based line (the header is line 1), why as a {@link RejectCode}, and in words. */
export interface RejectedRow {
  line: number;
  code: RejectCode;
  reason: string;
}

/** Stable error codes of analytics (HTTP status in brackets). */
export const AnalyticsErrors = {
  /** [404] No region with this id, or one outside the caller's scope. */
  regionNotFound: (id: string) => notFound('ANALYTICS.REGION_NOT_FOUND', `No region ${id}`),
  /** [404] No store with this id, or one outside the caller's scope. */
  storeNotFound: (id: string) => notFound('ANALYTICS.STORE_NOT_FOUND', `No store ${id}`),
  /** [409] Another region or store already has this code (`regionCode` / `storeCode` names it; `code` stays the problem's code). */
  codeTaken: (kind: 'region' | 'store', code: string) =>
    conflict(kind === 'region' ? 'ANALYTICS.REGION_CODE_TAKEN' : 'ANALYTICS.STORE_CODE_TAKEN', `A ${kind} with the code ${code} already exists`, { [`${kind}Code`]: code }),
  /** [409] Moving a region below itself or one of its descendants. */
  regionCycle: (id: string, parentId: string) =>
    conflict('ANALYTICS.REGION_CYCLE', `Region ${id} cannot move below ${parentId}: that is itself or one of its descendants`, { regionId: id, parentId }),
  /** [409] `comptoir demo chain` without `--replace` when a demo chain (stores coded `DEMO-…` or demo sale lines) exists. */
  demoChainExists: (stores: number) =>
    conflict('ANALYTICS.DEMO_CHAIN_EXISTS', `A demo chain already exists (${stores} DEMO- stores); run again with --replace to remove it and generate a new one`, { stores }),
  /** [404] A node (`company`, region or store, e.g. the `node` query parameter) that is unknown or outside the caller's scope (`company` without company scope too). */
  nodeNotFound: (node: string) => notFound('ANALYTICS.NODE_NOT_FOUND', `No node ${node}`),
  /** [400] Field errors (a shape the JSON schema cannot express). */
  invalid: (detail: string, errors?: FieldError[]) => new AppError('ANALYTICS.INVALID', 400, detail, errors),
  /** [404] The company node, for a caller without company scope (settings, rates, top-level regions). */
  companyNotInScope: () => notFound('ANALYTICS.NODE_NOT_FOUND', 'No node company'),
  /** [409] The company node cannot be moved or deleted. */
  companyRoot: (id: string) => conflict('ANALYTICS.COMPANY_ROOT', `Region ${id} is the company: it cannot be moved or deleted`, { regionId: id }),
  /** [409] Deleting a region that still holds sub-regions, stores, store-move history or targets (counts in `holds`). */
  regionNotEmpty: (id: string, holds: { regions: number; stores: number; moves: number; targets: number }) =>
    conflict('ANALYTICS.REGION_NOT_EMPTY', `Region ${id} is not empty: ${holds.regions} sub-region(s), ${holds.stores} store(s), ${holds.moves} store move(s), ${holds.targets} target(s)`, { regionId: id, holds }),
  /** [400] A CSV body that cannot be read, lacks a column or has no rows. */
  csvInvalid: (detail: string) => new AppError('ANALYTICS.CSV_INVALID', 400, detail),
  /** [415] An import route sent something other than text/csv or a multipart file. */
  csvExpected: () => new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 415, 'Send the CSV as text/csv or as a multipart/form-data field named "file"'),
  /** [422] An all-or-nothing import with rejected rows: nothing was written; `report` lists them with line numbers. */
  importRejected: (detail: string, report: object) => new AppError('ANALYTICS.IMPORT_REJECTED', 422, detail, undefined, { report }),
  /** [404] A user identity does not know. */
  userNotFound: (id: string) => notFound('ANALYTICS.USER_NOT_FOUND', `No user ${id}`),
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
  /** [400] A sales-import mapping that is not valid JSON of the expected shape (`errors` lists the fields). */
  mappingInvalid: (detail: string, errors?: FieldError[]) => new AppError('ANALYTICS.MAPPING_INVALID', 400, detail, errors),
  /** [422] The mapping names columns the file's header does not have. */
  mappingColumnMissing: (missing: string[], found: string[]) =>
    new AppError('ANALYTICS.MAPPING_COLUMN_MISSING', 422, `The mapping names column${missing.length > 1 ? 's' : ''} the file does not have: ${missing.join(', ')} (header has: ${found.join(', ') || 'nothing'})`, undefined, { missing, found }),
  /** [422] The file has no header or no data row. */
  emptyFile: (detail: string) => new AppError('ANALYTICS.EMPTY_FILE', 422, detail),
  /** [422] The file's date format cannot be told (day-first and month-first both fit, or contradict each other); nothing was written. */
  dateFormatAmbiguous: (reason: string) =>
    new AppError('ANALYTICS.DATE_FORMAT_AMBIGUOUS', 422, `Cannot tell the date format of the file: ${reason}. Set "dateFormat" in the mapping to "iso", "day-first" or "month-first".`),
  /** [422] A sale dated more than a day after now (in the mapping's time zone); nothing was written. */
  futureDate: (line: number, date: string) =>
    new AppError('ANALYTICS.FUTURE_DATE', 422, `Line ${line}: the date ${date} is more than a day in the future; nothing was imported`, undefined, { line }),
  /** [422] A negative unit or line cost; nothing was written. */
  negativeCost: (line: number, value: string) =>
    new AppError('ANALYTICS.NEGATIVE_COST', 422, `Line ${line}: the cost ${value} is negative; nothing was imported`, undefined, { line }),
  /** [404] No saved scenario with this id, or one naming a node outside the caller's scope. */
  scenarioNotFound: (id: string) => notFound('ANALYTICS.SCENARIO_NOT_FOUND', `No scenario ${id}`),
  /** [404] No predefined report has this id. */
  reportNotFound: (id: string) => notFound('ANALYTICS.REPORT_NOT_FOUND', `No report ${id}`),
  /** [404] No export of yours has this id. */
  exportNotFound: (id: string) => notFound('ANALYTICS.EXPORT_NOT_FOUND', `No export ${id}`),
  /** [404] No report subscription of yours has this id (or the unsubscribe link is not valid). */
  subscriptionNotFound: (id: string) => notFound('ANALYTICS.SUBSCRIPTION_NOT_FOUND', `No report subscription ${id}`),
  /** [410] The download link has expired (or its file was purged): export again. */
  linkExpired: () => new AppError('ANALYTICS.LINK_EXPIRED', 410, 'This download link has expired: export the report again'),
  /** [400] The upload is missing its file or mapping, or is not readable multipart. */
  badUpload: (detail: string) => new AppError('ANALYTICS.BAD_UPLOAD', 400, detail),
};
