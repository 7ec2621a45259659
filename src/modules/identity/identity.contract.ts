import type { Tx } from '../../platform/db/index.js';
import type { PostalAddressInput } from './domain/addresses.js';

export type { PostalAddressInput } from './domain/addresses.js';

/** Role names. Permissions per role are listed in identity/domain/roles.ts. */
export type RoleName = 'admin' | 'manager' | 'analyst' | 'support' | 'customer';

/** A user as the API shows it (never the password hash). Times ISO 8601 UTC. */
export interface UserDto {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  roles: RoleName[];
  /** The sites (codes) whose back office this staff member is limited to; null: every site. */
  sites: string[] | null;
  /** ISO 3166-1 alpha-2 or a country name from imported data; null when unknown. */
  country: string | null;
  locale: 'en' | 'fr';
  createdAt: string;
  updatedAt: string;
}

/** A staff note on a customer: body, author (user id and name) and time (ISO 8601 UTC). */
export interface StaffNoteDto {
  id: string;
  body: string;
  author: string | null;
  authorName: string | null;
  at: string;
}

/** A customer from imported data: no email, no password, cannot sign in until claimed. */
export interface ImportedCustomer {
  /** The source's customer id, e.g. Online Retail `CustomerID` `12923`. */
  externalId: string;
  country: string;
}

/** Options of {@link IdentityContract.ensureAdmin}. */
export interface EnsureAdminOptions {
  /** Grant the admin role to an existing non-admin account with this email (its address must be verified). */
  promoteExisting?: boolean;
}

/** A saved address of a customer's address book (normalised; `phone` E.164; times ISO 8601 UTC). */
export interface SavedAddressDto extends PostalAddressInput {
  id: string;
  label: string | null;
  defaultShipping: boolean;
  defaultBilling: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What identity holds about one person, for a data export (GDPR art. 15/20). Times ISO 8601 UTC. */
export interface IdentityExport {
  account: UserDto & { emailVerifiedAt: string | null; tags: string[] };
  addresses: SavedAddressDto[];
  /** The account's preferences: `locale`, the language of its mails and notifications. */
  preferences: { locale: 'en' | 'fr' };
}

/** What other modules, flows and the CLI may ask of identity. */
export interface IdentityContract {
  /**
   * Creates the admin when no user has this email (password hashed with argon2id, address
   * verified); an existing admin is left alone. An existing non-admin account is promoted only
   * with `options.promoteExisting` and a verified address (its password is kept). Returns whether
   * it was created.
   * @throws AppError 400 `IDENTITY.INVALID_INPUT` when creating with a malformed email or a
   *   password not 8–256 characters, 422 `IDENTITY.WEAK_PASSWORD`, 409
   *   `IDENTITY.ADMIN_EMAIL_TAKEN` (existing non-admin, not asked to promote), 409
   *   `IDENTITY.ADMIN_EMAIL_NOT_VERIFIED` (asked to promote an unverified address).
   */
  ensureAdmin(email: string, password: string, options?: EnsureAdminOptions): Promise<{ user: UserDto; created: boolean }>;
  /** The user (`usr_…`), or null when unknown. */
  getUser(userId: string): Promise<UserDto | null>;
  /**
   * What to call each of `userIds` in timelines: "First Last", else the e-mail, else the id.
   * Ids that are not users (`system`, `guest`) or unknown are absent from the answer.
   */
  displayNames(userIds: string[]): Promise<Map<string, string>>;
  /** Users holding any of `roles` (at most 200), by display name: their id and what to call them ("First Last", else the e-mail). */
  usersWithRoles(roles: string[]): Promise<{ id: string; name: string }[]>;
  /**
   * Upserts imported customers inside `tx` keyed by `(source, externalId)`; re-running changes
   * nothing. Returns externalId → user id for every given customer, and how many were new.
   */
  importCustomers(tx: Tx, source: string, customers: ImportedCustomer[]): Promise<{ ids: Map<string, string>; created: number }>;
  /**
   * `address` checked and normalised for its country (postal code format and spacing, required
   * fields, phone in E.164); see identity/domain/addresses.ts.
   * @param fieldPrefix prefix of the field names in the errors, e.g. `body/shippingAddress/`.
   * @throws 422 `IDENTITY.INVALID_ADDRESS` naming each field at fault.
   */
  checkAddress<T extends PostalAddressInput>(address: T, fieldPrefix: string): Promise<T>;
  /**
   * Saves an already checked address in `userId`'s address book inside `tx` (the checkout's
   * "save this address"), unless the same address is there already; returns the saved one.
   * @throws 404 `IDENTITY.USER_NOT_FOUND`, 422 `IDENTITY.INVALID_ADDRESS` (address book full).
   */
  saveAddress(tx: Tx, userId: string, address: PostalAddressInput): Promise<SavedAddressDto>;
  /** What identity holds about `userId` (account, addresses, preferences). @throws 404 `IDENTITY.USER_NOT_FOUND`. */
  exportData(userId: string): Promise<IdentityExport>;
  /**
   * Checks `password` against `userId`'s (failures count in the account's login throttle).
   * @throws 404 `IDENTITY.USER_NOT_FOUND`, 401 `AUTH.INVALID_CREDENTIALS`, 429 `AUTH.TOO_MANY_FAILED_LOGINS`.
   */
  confirmPassword(userId: string, password: string): Promise<void>;
  /**
   * Erases `userId` inside `tx` (GDPR art. 17): the user row and with it the password, names,
   * e-mail, addresses, staff notes and refresh tokens (every session ends; the e-mail can sign
   * up again), and publishes `user.erased`. Orders are the orders module's to anonymise.
   * @throws 404 `IDENTITY.USER_NOT_FOUND`, 409 `IDENTITY.STAFF_ACCOUNT` (a role other than customer).
   */
  erase(tx: Tx, userId: string): Promise<void>;
}
