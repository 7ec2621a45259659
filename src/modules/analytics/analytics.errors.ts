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
  /** [409] `comptoir demo chain` without `--replace` when a demo chain (stores coded `DEMO-…` or demo sale lines) exists. */
  demoChainExists: (stores: number) =>
    conflict('ANALYTICS.DEMO_CHAIN_EXISTS', `A demo chain already exists (${stores} DEMO- stores); run again with --replace to remove it and generate a new one`, { stores }),
  /** [400] Field errors (a shape the JSON schema cannot express). */
  invalid: (detail: string, errors?: FieldError[]) => new AppError('ANALYTICS.INVALID', 400, detail, errors),
};
