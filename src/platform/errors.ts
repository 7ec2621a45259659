/**
 * A failure the API reports to its caller as RFC 9457 problem+json.
 * `code` is stable and machine-readable (`CATALOG.SKU_TAKEN`), `status` the HTTP status,
 * `detail` a human sentence, `errors` optional field-level details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Extra members merged into the problem document (e.g. `retryAfter`). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** One field-level validation failure: `field` is a JSON pointer-ish path (`/items/0/quantity`). */
export interface FieldError {
  field: string;
  message: string;
}

/** 400 with field errors: `code` defaults to `VALIDATION.FAILED`. */
export const badRequest = (detail: string, errors?: FieldError[], code = 'VALIDATION.FAILED') =>
  new AppError(code, 400, detail, errors);
/** 401 `AUTH.UNAUTHENTICATED` unless another code is given. */
export const unauthorized = (detail = 'Authentication required', code = 'AUTH.UNAUTHENTICATED') =>
  new AppError(code, 401, detail);
/** 403 `AUTH.FORBIDDEN` unless another code is given. */
export const forbidden = (detail = 'You do not have permission for this action', code = 'AUTH.FORBIDDEN') =>
  new AppError(code, 403, detail);
/** 404 with the module's code, e.g. `CATALOG.PRODUCT_NOT_FOUND`. */
export const notFound = (code: string, detail: string) => new AppError(code, 404, detail);
/** 409 with the module's code, e.g. `INVENTORY.INSUFFICIENT_STOCK`. */
export const conflict = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError(code, 409, detail, undefined, extensions);
