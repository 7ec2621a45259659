import { AppError, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.js';

/** Stable error codes of the identity module (the `code` member of its problem documents). */
export const IdentityErrorCode = {
  /** 409: another user already has this email (compared trimmed and lowercased). */
  EMAIL_TAKEN: 'IDENTITY.EMAIL_TAKEN',
  /** 404: no user has this id. */
  USER_NOT_FOUND: 'IDENTITY.USER_NOT_FOUND',
  /** 403: a user tried to change their own roles. */
  CANNOT_CHANGE_OWN_ROLES: 'IDENTITY.CANNOT_CHANGE_OWN_ROLES',
  /** 400: an email or password given to the contract (not through HTTP) is malformed. */
  INVALID_INPUT: 'IDENTITY.INVALID_INPUT',
  /** 401: unknown email, wrong password, or an account that cannot sign in; one answer for all. */
  INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  /** 401: the refresh token is unknown, expired, revoked or already used. */
  INVALID_REFRESH_TOKEN: 'AUTH.INVALID_REFRESH_TOKEN',
} as const;

/** 409 `IDENTITY.EMAIL_TAKEN`. */
export const emailTaken = () => conflict(IdentityErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
/** 404 `IDENTITY.USER_NOT_FOUND`. */
export const userNotFound = (id: string) => notFound(IdentityErrorCode.USER_NOT_FOUND, `No user with id ${id}`);
/** 403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`. */
export const cannotChangeOwnRoles = () =>
  forbidden('You cannot change your own roles; ask another administrator', IdentityErrorCode.CANNOT_CHANGE_OWN_ROLES);
/** 401 `AUTH.INVALID_CREDENTIALS`: the same answer whether or not the email exists. */
export const invalidCredentials = () => unauthorized('The email or password is incorrect', IdentityErrorCode.INVALID_CREDENTIALS);
/** 401 `AUTH.INVALID_REFRESH_TOKEN`. */
export const invalidRefreshToken = () =>
  unauthorized('The refresh token is invalid, expired or already used; sign in again', IdentityErrorCode.INVALID_REFRESH_TOKEN);
/** 400 `IDENTITY.INVALID_INPUT` with one field error. */
export const invalidInput = (field: string, message: string) =>
  new AppError(IdentityErrorCode.INVALID_INPUT, 400, `Invalid ${field}: ${message}`, [{ field, message }]);
