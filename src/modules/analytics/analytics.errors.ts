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
  /** [400] The upload is missing its file or mapping, or is not readable multipart. */
  badUpload: (detail: string) => new AppError('ANALYTICS.BAD_UPLOAD', 400, detail),
  /** [403] Importing sales writes facts for any store: it needs company-wide scope. */
  companyScopeRequired: () => new AppError('ANALYTICS.COMPANY_SCOPE_REQUIRED', 403, 'Importing sales needs a company-wide scope (a grant on the company region, or the admin role)'),
};
