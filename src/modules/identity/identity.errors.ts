import { AppError, conflict, forbidden, notFound, unauthorized, type FieldError } from '../../platform/errors.js';

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
  /** 401: the access token was issued before its user signed out everywhere, changed password or roles. */
  TOKEN_REVOKED: 'AUTH.TOKEN_REVOKED',
  /** 403: right password, but the address was never verified (follow the mailed link, or reset the password). */
  EMAIL_NOT_VERIFIED: 'AUTH.EMAIL_NOT_VERIFIED',
  /** 429: too many failed sign-ins for this account; `retryAfter` seconds (also the Retry-After header). */
  TOO_MANY_FAILED_LOGINS: 'AUTH.TOO_MANY_FAILED_LOGINS',
  /** 422: the password is common, guessable or too close to the email or name (NIST SP 800-63B §5.1.1.2). */
  WEAK_PASSWORD: 'IDENTITY.WEAK_PASSWORD',
  /** 400: a verification or password-reset link is malformed, forged, expired or already used. */
  INVALID_LINK: 'IDENTITY.INVALID_LINK',
  /** 409: the first-admin bootstrap found an existing non-admin account with that email and did not promote it. */
  ADMIN_EMAIL_TAKEN: 'IDENTITY.ADMIN_EMAIL_TAKEN',
  /** 409: promoting an existing account to admin needs its address to be verified first. */
  ADMIN_EMAIL_NOT_VERIFIED: 'IDENTITY.ADMIN_EMAIL_NOT_VERIFIED',
  /** 422: a postal address fails its country's rules; `errors[]` names each field (postal code, region, phone…). */
  INVALID_ADDRESS: 'IDENTITY.INVALID_ADDRESS',
  /** 404: no address with this id in the signed-in customer's address book (another customer's included). */
  ADDRESS_NOT_FOUND: 'IDENTITY.ADDRESS_NOT_FOUND',
  /** 409: a staff account (any role but `customer`) cannot erase itself; an administrator removes its roles first. */
  STAFF_ACCOUNT: 'IDENTITY.STAFF_ACCOUNT',
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
/** 401 `AUTH.TOKEN_REVOKED`. */
export const tokenRevoked = () =>
  unauthorized('This access token was revoked (signed out everywhere, or the password or roles changed); refresh or sign in again', IdentityErrorCode.TOKEN_REVOKED);
/** 403 `AUTH.EMAIL_NOT_VERIFIED`: only said to a caller who gave the right password. */
export const emailNotVerified = () =>
  forbidden('This email address is not verified yet: follow the link we mailed you, or reset your password to get a new one', IdentityErrorCode.EMAIL_NOT_VERIFIED);
/** 429 `AUTH.TOO_MANY_FAILED_LOGINS` with `retryAfter` (seconds, at least 1). */
export const tooManyFailedLogins = (retryAfterSeconds: number) =>
  new AppError(
    IdentityErrorCode.TOO_MANY_FAILED_LOGINS,
    429,
    `Too many failed sign-ins for this account; retry in ${retryAfterSeconds} s or reset the password`,
    undefined,
    { retryAfter: retryAfterSeconds },
  );
/** 422 `IDENTITY.WEAK_PASSWORD` with one field error on `password`. */
export const weakPassword = (message: string) =>
  new AppError(IdentityErrorCode.WEAK_PASSWORD, 422, `The password is too easy to guess: ${message}`, [{ field: 'password', message }]);
/** 400 `IDENTITY.INVALID_LINK`. */
export const invalidLink = () =>
  new AppError(IdentityErrorCode.INVALID_LINK, 400, 'This link is invalid, has expired or was already used; ask for a new one');
/** 409 `IDENTITY.ADMIN_EMAIL_TAKEN`. */
export const adminEmailTaken = (email: string) =>
  conflict(
    IdentityErrorCode.ADMIN_EMAIL_TAKEN,
    `An account with the email ${email} already exists and is not an admin; it was NOT promoted. ` +
      `If that account is yours, run \`comptoir users create-admin --email ${email} --promote-existing\` (its address must be verified), or pick another email`,
  );
/** 409 `IDENTITY.ADMIN_EMAIL_NOT_VERIFIED`. */
export const adminEmailNotVerified = (email: string) =>
  conflict(
    IdentityErrorCode.ADMIN_EMAIL_NOT_VERIFIED,
    `The account ${email} has not verified its address, so it was NOT promoted: its owner must first follow the verification link or reset the password by mail`,
  );
/** 400 `IDENTITY.INVALID_INPUT` with one field error. */
export const invalidInput = (field: string, message: string) =>
  new AppError(IdentityErrorCode.INVALID_INPUT, 400, `Invalid ${field}: ${message}`, [{ field, message }]);
/** 422 `IDENTITY.INVALID_ADDRESS` with one field error per problem. */
export const invalidAddress = (errors: FieldError[]) =>
  new AppError(IdentityErrorCode.INVALID_ADDRESS, 422, `The address is not valid: ${errors.map((e) => `${e.field.split('/').at(-1)} ${e.message}`).join('; ')}`, errors);
/** 404 `IDENTITY.ADDRESS_NOT_FOUND`. */
export const addressNotFound = (id: string) => notFound(IdentityErrorCode.ADDRESS_NOT_FOUND, `No address ${id} in your address book`);
/** 409 `IDENTITY.STAFF_ACCOUNT`. */
export const staffAccount = () =>
  conflict(IdentityErrorCode.STAFF_ACCOUNT, 'A staff account cannot erase itself: ask an administrator to remove its roles first');
