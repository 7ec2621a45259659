import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, inArray, isNull, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { jwtVerify, SignJWT } from 'jose';
import type { TokenService } from '../../platform/auth.js';
import { bulkInsert, containsPattern, type Executor, type Tx } from '../../platform/db/index.js';
import { keysetPages } from '../../platform/http/csv.js';
import { publish } from '../../platform/events/index.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EnsureAdminOptions, IdentityExport, ImportedCustomer, RoleName, StaffNoteDto, UserDto } from './identity.contract.js';
import { AddressBook } from './identity.addresses.js';
import type { IdentityEvents } from './identity.events.js';
import type { UserSort } from './identity.schemas.js';
import {
  IdentityErrorCode,
  adminEmailNotVerified,
  adminEmailTaken,
  cannotChangeOwnRoles,
  emailNotVerified,
  emailTaken,
  invalidCredentials,
  invalidInput,
  invalidLink,
  invalidRefreshToken,
  staffAccount,
  tooManyFailedLogins,
  userNotFound,
  weakPassword,
} from './identity.errors.js';
import { isPlausibleEmail, normalizeEmail, passwordProblem } from './domain/credentials.js';
import { isRoleName, normalizeRoles, permissionsFor } from './domain/roles.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { weakPasswordReason } from './password-policy.js';
import { customerNote, loginThrottle, refreshTokens, users, type UserRow } from './db/schema.js';
import { normalizeTags, staffNoteText } from '../../platform/http/schemas.js';

/** What the service needs besides an executor. Durations in seconds. */
export interface IdentityServiceOptions {
  /** Signs access tokens (platform TokenService). */
  tokens: TokenService;
  /** Lifetime of access tokens, reported to clients as `expiresIn`. */
  accessTokenTtlSeconds: number;
  /** Lifetime of each refresh token from its issue (sliding: every rotation starts a new one). */
  refreshTokenTtlSeconds: number;
  /** Absolute lifetime of a sign-in (refresh token family) in days, however often rotated (default 90). */
  refreshTokenMaxDays?: number;
  /** Consecutive failed sign-ins of one account before it is locked (default 5). */
  loginMaxFailures?: number;
  /** First lock in seconds after {@link loginMaxFailures} failures, doubled by each further failure up to an hour (default 30). */
  loginLockoutSeconds?: number;
  /** Storefront base URL (no trailing slash) the mailed links point under (default `http://localhost:3000`). */
  publicUrl?: string;
}

/** Lifetime of an email-verification link, in seconds (2 days). */
export const VERIFY_EMAIL_TTL_SECONDS = 2 * 86_400;
/** Lifetime of a password-reset link, in seconds (1 hour). */
export const PASSWORD_RESET_TTL_SECONDS = 3_600;
/** Longest lock of the login throttle, in seconds. */
const MAX_LOCKOUT_SECONDS = 3_600;
/** Failures older than this are forgotten by the login throttle (ms). */
const THROTTLE_MEMORY_MS = 86_400_000;
/** JWT audiences of the mailed links: a token of one kind is never accepted as the other (nor as an access token: other key). */
const VERIFY_AUDIENCE = 'comptoir:verify-email';
const RESET_AUDIENCE = 'comptoir:password-reset';

/** A signed-in session as returned by register, login and refresh. */
export interface AuthResult {
  user: UserDto;
  /** Bearer access token (JWT), valid `expiresIn` seconds. */
  accessToken: string;
  /** Opaque refresh token (base64url, 43 characters); single use, rotated by `refresh`. */
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
}

/** Input of {@link IdentityService.createUser}: a plain-text password, roles default customer. */
export interface NewUser {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  roles?: RoleName[];
  locale?: 'en' | 'fr';
}



/** Profile fields a user may change on themselves; `null` clears a name, absent keeps it. */
export interface ProfilePatch {
  firstName?: string | null;
  lastName?: string | null;
  locale?: 'en' | 'fr';
}

/** Filters and page of the back-office user list. */
export interface UserListQuery {
  /** 1-based page number (default 1). */
  page?: number;
  /** Users per page (default 20, capped at 100). */
  limit?: number;
  /** Case-insensitive substring of the email, first name, last name or "first last". */
  q?: string;
  /** Order: `newest` (default), `oldest`, `email`, `name` (last name); `-`: descending. */
  sort?: UserSort;
  /** Only users holding this role. */
  role?: RoleName;
}

/** A page of users with the total count of matches. */
export interface UserPage {
  data: UserDto[];
  pagination: { total: number; limit: number; page: number };
}

/** Rows per statement when importing customers (keeps bind parameters far below 65 535). */
const IMPORT_CHUNK = 1000;

/** SHA-256 (hex) of a refresh token: the only form in which it is stored. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Maps a stored user to its API shape (ISO 8601 UTC times, no credentials). */
export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    roles: row.roles.filter(isRoleName),
    sites: row.sites ?? null,
    country: row.country,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The event snapshot of a user (`email` given: the row's is nullable, the caller's is not). */
function snapshot(row: UserRow, email: string): IdentityEvents['user.registered']['user'] {
  return { id: row.id, email, firstName: row.firstName, lastName: row.lastName, locale: row.locale };
}

/** Column and direction of each sort of the back-office user list (ties broken by id). */
const USER_SORTS: Record<UserSort, { column: AnyPgColumn; desc: boolean }> = {
  newest: { column: users.createdAt, desc: true },
  oldest: { column: users.createdAt, desc: false },
  email: { column: users.email, desc: false },
  '-email': { column: users.email, desc: true },
  name: { column: users.lastName, desc: false },
  '-name': { column: users.lastName, desc: true },
};

/** The condition of the user list's filters: `q` (e-mail, first, last or full name, case-insensitive) and `role`. */
function userFilter(query: Pick<UserListQuery, 'q' | 'role'>): SQL | undefined {
  const conditions: SQL[] = [];
  const q = query.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(
      or(
        ilike(users.email, pattern),
        ilike(users.firstName, pattern),
        ilike(users.lastName, pattern),
        sql`(coalesce(${users.firstName}, '') || ' ' || coalesce(${users.lastName}, '')) ilike ${pattern}`,
      ) as SQL,
    );
  }
  if (query.role) conditions.push(sql`${query.role} = any(${users.roles})`);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/**
 * Identity domain logic: accounts, credentials, sessions (access + rotating refresh tokens),
 * roles and imported customers. Every method takes the executor it runs on explicitly: the
 * database (the method then opens its own transaction where it needs one, after any password
 * hashing so no transaction is held while hashing) or a caller's transaction (nested work then
 * runs in a savepoint of it). Errors are {@link AppError}s (see identity.errors.ts).
 */
export class IdentityService {
  /** The customers' address books. */
  readonly addresses = new AddressBook();
  /** HMAC key of the mailed links, derived from the access-token secret (so a link is never an access token). */
  private readonly linkKey: Uint8Array;
  private readonly publicUrl: string;

  constructor(private readonly options: IdentityServiceOptions) {
    this.linkKey = new TextEncoder().encode(options.tokens.derive('identity.mail-links', 'v1'));
    this.publicUrl = (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  }

  /**
   * Creates a user with a password and roles (default `customer`) and publishes
   * `user.registered` in the same transaction. For trusted callers (CLI, back office, fixtures):
   * the address counts as verified (the operator vouches for it).
   * @throws AppError 400 `IDENTITY.INVALID_INPUT` (malformed email, password not 8–256
   *   characters), 422 `IDENTITY.WEAK_PASSWORD`, 409 `IDENTITY.EMAIL_TAKEN`.
   */
  async createUser(exec: Executor, input: NewUser): Promise<UserDto> {
    const email = await this.checkCredentials(input.email, input.password, [input.firstName, input.lastName]);
    const passwordHash = await hashPassword(input.password);
    const row = await exec.transaction(async (tx) => {
      const inserted = await this.insertUser(tx, { ...input, email }, passwordHash, new Date());
      if (!inserted) throw emailTaken();
      return inserted;
    });
    return toUserDto(row);
  }

  /**
   * Self sign-up, answered the same way whether or not the address is taken (no account
   * enumeration; the password is hashed in both cases so both take as long). A new address gets
   * an unverified customer account (`user.registered`) and a verification link
   * (`user.email_verification_requested`); the owner of an existing account gets
   * `user.registration_attempted` (a mail saying so, with the password-reset page) and nothing
   * about the account changes. The account can sign in once the address is verified.
   * @throws AppError 400 `IDENTITY.INVALID_INPUT`, 422 `IDENTITY.WEAK_PASSWORD` (both depend on
   *   the input only, never on whether the address exists).
   */
  async register(exec: Executor, input: Omit<NewUser, 'roles'>): Promise<void> {
    const email = await this.checkCredentials(input.email, input.password, [input.firstName, input.lastName]);
    const passwordHash = await hashPassword(input.password);
    await exec.transaction(async (tx) => {
      const row = await this.insertUser(tx, { ...input, email, roles: ['customer'] }, passwordHash, null);
      if (row) {
        const expiresAt = new Date(Date.now() + VERIFY_EMAIL_TTL_SECONDS * 1000);
        const token = await this.signLink(VERIFY_AUDIENCE, row.id, { email }, expiresAt);
        await publish(tx, 'user.email_verification_requested', { user: snapshot(row, email), link: `${this.publicUrl}/verify-email#token=${token}`, expiresAt: expiresAt.toISOString() }, row.id);
        return;
      }
      const existing = await this.findByEmail(tx, email);
      if (existing?.email) {
        await publish(tx, 'user.registration_attempted', { user: snapshot(existing, existing.email), link: `${this.publicUrl}/forgot-password` }, existing.id);
      }
    });
  }

  /**
   * Marks the address of a verification link verified and, the first time, publishes
   * `user.email_verified`. Idempotent: a link of an already verified address answers the same.
   * @throws AppError 400 `IDENTITY.INVALID_LINK` when the token is malformed, forged, expired, or
   *   the account's email changed since.
   */
  async verifyEmail(exec: Executor, token: string): Promise<void> {
    const claims = await this.verifyLink(VERIFY_AUDIENCE, token);
    const email = typeof claims?.email === 'string' ? claims.email : null;
    if (!claims || !email) throw invalidLink();
    const [row] = await exec.select().from(users).where(and(eq(users.id, claims.sub), eq(users.email, email))).limit(1);
    if (!row) throw invalidLink();
    await exec.transaction(async (tx) => {
      const [verified] = await tx.update(users).set({ emailVerifiedAt: new Date(), updatedAt: new Date() }).where(and(eq(users.id, row.id), isNull(users.emailVerifiedAt))).returning({ id: users.id });
      if (verified) await publish(tx, 'user.email_verified', { user: snapshot(row, email) }, row.id);
    });
  }

  /**
   * Asks for a password-reset link. Answers the same whether or not an account has this email;
   * when one has, publishes `user.password_reset_requested` with a link valid
   * {@link PASSWORD_RESET_TTL_SECONDS} that works once (it is bound to the account's token
   * version, which the reset bumps).
   */
  async requestPasswordReset(exec: Executor, rawEmail: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    if (!isPlausibleEmail(email)) return;
    await exec.transaction(async (tx) => {
      const row = await this.findByEmail(tx, email);
      if (!row) return;
      const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_SECONDS * 1000);
      const token = await this.signLink(RESET_AUDIENCE, row.id, { ver: row.tokenVersion }, expiresAt);
      await publish(tx, 'user.password_reset_requested', { user: snapshot(row, email), link: `${this.publicUrl}/reset-password#token=${token}`, expiresAt: expiresAt.toISOString() }, row.id);
    });
  }

  /**
   * Sets a new password from a reset link: the address counts as verified (the link came by
   * mail; `user.email_verified` the first time), the token version is bumped (every access token and this link stop working), every
   * refresh token is revoked and the login throttle of the account is cleared.
   * @throws AppError 400 `IDENTITY.INVALID_LINK` (malformed, forged, expired or already used
   *   link), 400 `IDENTITY.INVALID_INPUT` (length), 422 `IDENTITY.WEAK_PASSWORD`.
   */
  async resetPassword(exec: Executor, token: string, password: string): Promise<void> {
    const claims = await this.verifyLink(RESET_AUDIENCE, token);
    const version = claims?.ver;
    if (!claims || typeof version !== 'number') throw invalidLink();
    const [row] = await exec.select().from(users).where(eq(users.id, claims.sub)).limit(1);
    if (!row?.email || row.tokenVersion !== version) throw invalidLink();
    const problem = passwordProblem(password);
    if (problem) throw invalidInput('password', problem);
    await this.checkStrength(password, [row.email, row.firstName, row.lastName]);
    const passwordHash = await hashPassword(password);
    const email = row.email;
    await exec.transaction(async (tx) => {
      const now = new Date();
      const [updated] = await tx
        .update(users)
        .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: now })
        .where(and(eq(users.id, row.id), eq(users.tokenVersion, version)))
        .returning({ id: users.id });
      if (!updated) throw invalidLink();
      if (!row.emailVerifiedAt) await publish(tx, 'user.email_verified', { user: snapshot(row, email) }, row.id);
      await this.revokeAllRefreshTokens(tx, row.id, now);
      await tx.delete(loginThrottle).where(eq(loginThrottle.accountKey, email));
    });
  }

  /**
   * Signs the user out on every device: revokes all their refresh tokens and bumps their token
   * version (access tokens already issued stop working on admin routes at once, elsewhere when
   * they expire). @throws AppError 404 `IDENTITY.USER_NOT_FOUND`.
   */
  async logoutEverywhere(exec: Executor, userId: string): Promise<void> {
    await exec.transaction(async (tx) => {
      const [row] = await tx.update(users).set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() }).where(eq(users.id, userId)).returning({ id: users.id });
      if (!row) throw userNotFound(userId);
      await this.revokeAllRefreshTokens(tx, userId, new Date());
    });
  }

  /**
   * Changes the signed-in user's password after checking the current one: bumps the token version
   * and revokes every refresh token (every other session ends), then starts a new session for
   * this device. Wrong current passwords count in the login throttle of the account.
   * @throws AppError 401 `AUTH.INVALID_CREDENTIALS` (wrong current password), 429
   *   `AUTH.TOO_MANY_FAILED_LOGINS`, 400 `IDENTITY.INVALID_INPUT`, 422 `IDENTITY.WEAK_PASSWORD`,
   *   404 `IDENTITY.USER_NOT_FOUND`.
   */
  async changePassword(exec: Executor, userId: string, currentPassword: string, newPassword: string): Promise<AuthResult> {
    const [row] = await exec.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw userNotFound(userId);
    await this.checkPassword(exec, row, currentPassword);
    const problem = passwordProblem(newPassword);
    if (problem) throw invalidInput('newPassword', problem);
    await this.checkStrength(newPassword, [row.email, row.firstName, row.lastName]);
    const passwordHash = await hashPassword(newPassword);
    return exec.transaction(async (tx) => {
      const now = new Date();
      const [updated] = await tx
        .update(users)
        .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
        .where(eq(users.id, userId))
        .returning();
      if (!updated) throw userNotFound(userId);
      await this.revokeAllRefreshTokens(tx, userId, now);
      return this.startSession(tx, updated, newId('rtf'), now);
    });
  }

  /** The current token version of `userId`, or null when no such user exists. */
  async tokenVersionOf(exec: Executor, userId: string): Promise<number | null> {
    const [row] = await exec.select({ v: users.tokenVersion }).from(users).where(eq(users.id, userId)).limit(1);
    return row ? row.v : null;
  }

  /**
   * Signs in with email and password; starts a new refresh token family. Unknown email, wrong
   * password and accounts without a password (imported customers) all get the same error after
   * the same amount of hashing work. Attempts are throttled per account key (the normalised
   * email, known or not): see {@link claimLoginAttempt}; a success clears the count.
   * @throws AppError 401 `AUTH.INVALID_CREDENTIALS`, 429 `AUTH.TOO_MANY_FAILED_LOGINS` (even
   *   with the right password while locked; `retryAfter` seconds), 403
   *   `AUTH.EMAIL_NOT_VERIFIED` (right password, address not verified).
   */
  async login(exec: Executor, input: { email: string; password: string }): Promise<AuthResult> {
    const key = normalizeEmail(input.email);
    const retryAfter = await this.claimLoginAttempt(exec, key);
    if (retryAfter > 0) throw tooManyFailedLogins(retryAfter);
    const [row] = await exec.select().from(users).where(eq(users.email, key)).limit(1);
    const hash = row?.passwordHash ?? (await dummyHash());
    const valid = await verifyPassword(hash, input.password);
    if (!row || !row.passwordHash || !valid) throw invalidCredentials();
    await exec.delete(loginThrottle).where(eq(loginThrottle.accountKey, key));
    if (!row.emailVerifiedAt) throw emailNotVerified();
    if (needsRehash(row.passwordHash)) {
      await exec.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, row.id));
    }
    return exec.transaction((tx) => this.startSession(tx, row, newId('rtf'), new Date()));
  }

  /**
   * Counts a sign-in attempt for `key` before the password is checked (so parallel guesses are
   * counted too; a success then deletes the count), in one transaction holding the row lock.
   * Returns 0 when the attempt may proceed, else the seconds until the lock ends (nothing is
   * counted then). From the {@link IdentityServiceOptions.loginMaxFailures}th consecutive attempt
   * on, each one locks the account for `loginLockoutSeconds × 2^(n − max)` seconds (at most an
   * hour); failures a day old are forgotten.
   */
  private async claimLoginAttempt(exec: Executor, key: string): Promise<number> {
    const max = this.options.loginMaxFailures ?? 5;
    const base = this.options.loginLockoutSeconds ?? 30;
    return exec.transaction(async (tx) => {
      const now = new Date();
      await tx.insert(loginThrottle).values({ accountKey: key, failures: 0, lastFailureAt: now }).onConflictDoNothing();
      const [t] = await tx.select().from(loginThrottle).where(eq(loginThrottle.accountKey, key)).for('update');
      if (!t) return 0;
      if (t.lockedUntil && t.lockedUntil > now) return Math.max(1, Math.ceil((t.lockedUntil.getTime() - now.getTime()) / 1000));
      const failures = (now.getTime() - t.lastFailureAt.getTime() > THROTTLE_MEMORY_MS ? 0 : t.failures) + 1;
      const lockSeconds = failures >= max ? Math.min(MAX_LOCKOUT_SECONDS, base * 2 ** Math.min(failures - max, 20)) : 0;
      await tx
        .update(loginThrottle)
        .set({ failures, lastFailureAt: now, lockedUntil: lockSeconds > 0 ? new Date(now.getTime() + lockSeconds * 1000) : null })
        .where(eq(loginThrottle.accountKey, key));
      return 0;
    });
  }

  /** Deletes login-throttle rows whose last failure is a day old and that hold no current lock. Returns how many. */
  async purgeLoginThrottle(exec: Executor): Promise<number> {
    const now = new Date();
    const deleted = await exec
      .delete(loginThrottle)
      .where(and(lt(loginThrottle.lastFailureAt, new Date(now.getTime() - THROTTLE_MEMORY_MS)), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now))))
      .returning({ key: loginThrottle.accountKey });
    return deleted.length;
  }

  /**
   * Rotates a refresh token: marks it used and returns a new access token and a new refresh
   * token of the same family (roles and permissions re-read from the database). Presenting a
   * token that was already used revokes its whole family, so the newest token of that family
   * stops working too (a stolen token is useful once at most). No token of a family is accepted
   * past the absolute lifetime (`refreshTokenMaxDays`) after the sign-in that started it.
   * @throws AppError 401 `AUTH.INVALID_REFRESH_TOKEN` when the token is unknown, expired,
   *   revoked, already used, or its sign-in is older than the absolute lifetime.
   */
  async refresh(exec: Executor, refreshToken: string): Promise<AuthResult> {
    const tokenHash = hashRefreshToken(refreshToken);
    const result = await exec.transaction(async (tx) => {
      const now = new Date();
      const [claimed] = await tx
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(refreshTokens.tokenHash, tokenHash),
            isNull(refreshTokens.usedAt),
            isNull(refreshTokens.revokedAt),
            gt(refreshTokens.expiresAt, now),
            gt(refreshTokens.familyStartedAt, new Date(now.getTime() - this.maxSessionMs)),
          ),
        )
        .returning();
      if (!claimed) {
        const [known] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
        // Replay of a used token: revoke the family, committed even though the caller gets a 401.
        if (known?.usedAt) await this.revokeFamily(tx, known.familyId, now);
        return null;
      }
      const [row] = await tx.select().from(users).where(eq(users.id, claimed.userId)).limit(1);
      if (!row) return null;
      return this.startSession(tx, row, claimed.familyId, claimed.familyStartedAt);
    });
    if (!result) throw invalidRefreshToken();
    return result;
  }

  /**
   * Signs out: revokes the whole family of `refreshToken`. Idempotent; an unknown token is
   * silently ignored (the caller learns nothing about which tokens exist).
   */
  async logout(exec: Executor, refreshToken: string): Promise<void> {
    const [known] = await exec
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(refreshToken)))
      .limit(1);
    if (known) await this.revokeFamily(exec, known.familyId, new Date());
  }

  /** See {@link IdentityContract.confirmPassword}. */
  async confirmPassword(exec: Executor, userId: string, password: string): Promise<void> {
    const [row] = await exec.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw userNotFound(userId);
    await this.checkPassword(exec, row, password);
  }

  /** See {@link IdentityContract.exportData}. */
  async exportData(exec: Executor, userId: string): Promise<IdentityExport> {
    const [row] = await exec.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw userNotFound(userId);
    return {
      account: { ...toUserDto(row), emailVerifiedAt: row.emailVerifiedAt?.toISOString() ?? null, tags: row.tags },
      addresses: await this.addresses.list(exec, userId),
      preferences: { locale: row.locale },
    };
  }

  /** See {@link IdentityContract.erase}. */
  async erase(tx: Tx, userId: string): Promise<void> {
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!row) throw userNotFound(userId);
    if (row.roles.some((r) => r !== 'customer')) throw staffAccount();
    const now = new Date();
    await this.revokeAllRefreshTokens(tx, userId, now);
    if (row.email) await tx.delete(loginThrottle).where(eq(loginThrottle.accountKey, row.email));
    // Addresses, staff notes and refresh tokens go with the row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, userId));
    const emailSha256 = row.email ? createHash('sha256').update(row.email.trim().toLowerCase()).digest('hex') : null;
    await publish(tx, 'user.erased', { userId, emailSha256, erasedAt: now.toISOString() }, userId);
  }

  /** The user with this id, or null. */
  async getUser(exec: Executor, id: string): Promise<UserDto | null> {
    const [row] = await exec.select().from(users).where(eq(users.id, id)).limit(1);
    return row ? toUserDto(row) : null;
  }

  /** See {@link IdentityContract.displayNames}. */
  async displayNames(exec: Executor, ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id) => id.startsWith('usr_')))];
    if (wanted.length === 0) return new Map();
    const found = await exec.select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email }).from(users).where(inArray(users.id, wanted));
    return new Map(found.map((u) => [u.id, [u.firstName, u.lastName].filter(Boolean).join(' ').trim() || u.email || u.id]));
  }

  /** Users holding any of `roles` (e.g. the staff tickets are assigned to), by display name, at most 200: id and display name ("First Last", else the e-mail). */
  async usersWithRoles(exec: Executor, roles: string[]): Promise<{ id: string; name: string }[]> {
    if (roles.length === 0) return [];
    const found = await exec.select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email }).from(users)
      .where(sql`${users.roles} && ${sql.param(roles)}::text[]`).orderBy(asc(users.email), asc(users.id)).limit(200);
    return found
      .map((u) => ({ id: u.id, name: [u.firstName, u.lastName].filter(Boolean).join(' ').trim() || u.email || u.id }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  /** Staff's tags and notes (newest first, with their authors' names) on user `id`. @throws AppError 404 `IDENTITY.USER_NOT_FOUND`. */
  async staffNotes(exec: Executor, id: string): Promise<{ tags: string[]; notes: StaffNoteDto[] }> {
    const [row] = await exec.select({ tags: users.tags }).from(users).where(eq(users.id, id)).limit(1);
    if (!row) throw userNotFound(id);
    const notes = await exec.select().from(customerNote).where(eq(customerNote.userId, id)).orderBy(desc(customerNote.createdAt), desc(customerNote.id));
    const names = await this.displayNames(exec, notes.flatMap((n) => (n.author ? [n.author] : [])));
    return {
      tags: row.tags,
      notes: notes.map((n) => ({ id: n.id, body: n.body, author: n.author, authorName: n.author ? (names.get(n.author) ?? null) : null, at: n.createdAt.toISOString() })),
    };
  }

  /** Adds a staff note (trimmed) on user `id` by `author`; answers the tags and notes. @throws AppError 400 (blank note), 404 `IDENTITY.USER_NOT_FOUND`. */
  async addStaffNote(exec: Executor, id: string, body: string, author: string | null): Promise<{ tags: string[]; notes: StaffNoteDto[] }> {
    const text = staffNoteText(body);
    await this.requireUser(exec, id);
    await exec.insert(customerNote).values({ id: newId('cnote'), userId: id, body: text, author });
    return this.staffNotes(exec, id);
  }

  /** Replaces staff's tags on user `id` (normalized, see `normalizeTags`); answers the tags and notes. @throws AppError 404 `IDENTITY.USER_NOT_FOUND`. */
  async setStaffTags(exec: Executor, id: string, tags: string[]): Promise<{ tags: string[]; notes: StaffNoteDto[] }> {
    const [row] = await exec.update(users).set({ tags: normalizeTags(tags) }).where(eq(users.id, id)).returning({ id: users.id });
    if (!row) throw userNotFound(id);
    return this.staffNotes(exec, id);
  }

  /** The user with this id. @throws AppError 404 `IDENTITY.USER_NOT_FOUND`. */
  async requireUser(exec: Executor, id: string): Promise<UserDto> {
    const user = await this.getUser(exec, id);
    if (!user) throw userNotFound(id);
    return user;
  }

  /**
   * Changes the user's own profile fields; absent fields are kept, `null` clears a name.
   * @throws AppError 404 `IDENTITY.USER_NOT_FOUND`.
   */
  async updateProfile(exec: Executor, id: string, patch: ProfilePatch): Promise<UserDto> {
    const changes: Partial<Pick<UserRow, 'firstName' | 'lastName' | 'locale'>> = {};
    if (patch.firstName !== undefined) changes.firstName = patch.firstName === null ? null : patch.firstName.trim() || null;
    if (patch.lastName !== undefined) changes.lastName = patch.lastName === null ? null : patch.lastName.trim() || null;
    if (patch.locale !== undefined) changes.locale = patch.locale;
    if (Object.keys(changes).length === 0) return this.requireUser(exec, id);
    const [row] = await exec.update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    if (!row) throw userNotFound(id);
    return toUserDto(row);
  }

  /** A page of users, newest first, filtered by `q` and `role`, with the total of matches. */
  async listUsers(exec: Executor, query: UserListQuery): Promise<UserPage> {
    const where = userFilter(query);
    const sort = USER_SORTS[query.sort ?? 'newest'];
    const page = Math.max(1, query.page ?? 1);
    const limit = Math.min(100, Math.max(1, query.limit ?? 20));
    const [rowsPage, [total]] = await Promise.all([
      exec
        .select()
        .from(users)
        .where(where)
        // Users without the sorted value first in ascending order, last in descending (as the export's keyset orders them).
        .orderBy(...(sort.desc ? [sql`${sort.column} desc nulls last`, desc(users.id)] : [sql`${sort.column} asc nulls first`, asc(users.id)]))
        .limit(limit)
        .offset((page - 1) * limit),
      exec.select({ n: count() }).from(users).where(where),
    ]);
    return { data: rowsPage.map(toUserDto), pagination: { total: total?.n ?? 0, limit, page } };
  }

  /**
   * The users the back-office list selects (same filters and sort, every page) for the CSV
   * export, read by keyset in batches of `batchSize`: one batch held at a time.
   */
  async *exportUsers(exec: Executor, query: Omit<UserListQuery, 'page' | 'limit'>, batchSize: number): AsyncGenerator<UserRow[]> {
    const where = userFilter(query);
    const sort = USER_SORTS[query.sort ?? 'newest'];
    // Keyset on (the sort column as text, '' for none; id): a timestamp as text keeps its microseconds.
    const key = sql<string>`coalesce(${sort.column}::text, '')`;
    type Key = { key: string; id: string };
    yield* keysetPages<UserRow & Key, Key>(
      async (after) => {
        const found = await exec
          .select({ row: users, key })
          .from(users)
          .where(and(where, after ? sql`(${key}, ${users.id}) ${sql.raw(sort.desc ? '<' : '>')} (${after.key}, ${after.id})` : undefined))
          .orderBy(...(sort.desc ? [sql`${key} desc`, desc(users.id)] : [sql`${key} asc`, asc(users.id)]))
          .limit(batchSize);
        return found.map((f) => ({ ...f.row, key: f.key }));
      },
      (r) => ({ key: r.key, id: r.id }),
      batchSize,
    );
  }

  /**
   * Replaces the roles of `userId` (deduplicated; `customer` when empty) and/or the sites whose
   * back office it is limited to (`sites`: codes, deduplicated and sorted; null: every site),
   * whichever `access` gives. `actorId` is the signed-in administrator; nobody changes their own
   * access (so the last admin cannot demote themselves). The user's token version is bumped:
   * access tokens already issued stop working on admin routes at once; the next refresh carries
   * the new roles and sites.
   * @throws AppError 403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`, 404 `IDENTITY.USER_NOT_FOUND`.
   */
  async setAccess(exec: Executor, actorId: string, userId: string, access: { roles?: RoleName[]; sites?: string[] | null }): Promise<UserDto> {
    if (actorId === userId) throw cannotChangeOwnRoles();
    const [row] = await exec
      .update(users)
      .set({
        ...(access.roles ? { roles: normalizeRoles(access.roles) } : {}),
        ...(access.sites !== undefined ? { sites: access.sites === null ? null : [...new Set(access.sites)].sort() } : {}),
        tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning();
    if (!row) throw userNotFound(userId);
    return toUserDto(row);
  }

  /**
   * Makes sure an administrator with this email exists (first-admin bootstrap: CLI and
   * `COMPTOIR_ADMIN_EMAIL` at start). Creates it (roles `admin`, this password, address verified)
   * when no user has the email; an existing admin is left alone (idempotent across restarts). An
   * existing account without the admin role is never promoted silently: only with
   * `options.promoteExisting`, and only when its address is verified (then its password is kept
   * and its token version bumped). Safe to run from several processes at once.
   * @throws AppError 400 / 422 when creating and the email or password is not acceptable; 409
   *   `IDENTITY.ADMIN_EMAIL_TAKEN` (existing non-admin, no `promoteExisting`), 409
   *   `IDENTITY.ADMIN_EMAIL_NOT_VERIFIED` (`promoteExisting` but the address is unverified).
   */
  async ensureAdmin(exec: Executor, email: string, password: string, options: EnsureAdminOptions = {}): Promise<{ user: UserDto; created: boolean }> {
    const existing = await this.findByEmail(exec, email);
    if (!existing) {
      try {
        return { user: await this.createUser(exec, { email, password, roles: ['admin'] }), created: true };
      } catch (err) {
        // Another process created it between our read and our insert: look at it below.
        if (!(err instanceof AppError && err.code === IdentityErrorCode.EMAIL_TAKEN)) throw err;
      }
    }
    const row = existing ?? (await this.findByEmail(exec, email));
    if (!row) throw userNotFound(normalizeEmail(email));
    if (row.roles.includes('admin')) return { user: toUserDto(row), created: false };
    if (!options.promoteExisting) throw adminEmailTaken(normalizeEmail(email));
    if (!row.emailVerifiedAt) throw adminEmailNotVerified(normalizeEmail(email));
    const [updated] = await exec
      .update(users)
      .set({ roles: normalizeRoles([...row.roles, 'admin']), tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, row.id))
      .returning();
    return { user: toUserDto(updated ?? row), created: false };
  }

  /** A fresh access token for an existing user. @throws AppError 404 `IDENTITY.USER_NOT_FOUND`. */
  async accessTokenFor(exec: Executor, userId: string): Promise<string> {
    const [row] = await exec.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw userNotFound(userId);
    return this.signAccessToken(row);
  }

  /**
   * Upserts imported customers keyed by `(source, externalId)`: new ones become users without
   * email or password (role `customer`, their country); existing ones are left unchanged, so a
   * re-run changes nothing. Multi-row `insert … on conflict do nothing` plus one select per chunk
   * of {@link IMPORT_CHUNK}. Duplicate external ids in the input count once (first wins).
   * @returns externalId → user id for every given customer.
   */
  async importCustomers(exec: Executor, source: string, customers: ImportedCustomer[]): Promise<{ ids: Map<string, string>; created: number }> {
    const unique = new Map<string, ImportedCustomer>();
    for (const c of customers) if (!unique.has(c.externalId)) unique.set(c.externalId, c);
    const all = [...unique.values()];
    const ids = new Map<string, string>();
    let created = 0;
    for (let i = 0; i < all.length; i += IMPORT_CHUNK) {
      const chunk = all.slice(i, i + IMPORT_CHUNK);
      created += await bulkInsert(
        exec,
        users,
        chunk.map((c) => ({ id: newId('usr'), source, externalId: c.externalId, country: c.country || null, roles: ['customer'] })),
        { onConflictDoNothing: true },
      );
      const found = await exec
        .select({ id: users.id, externalId: users.externalId })
        .from(users)
        .where(and(eq(users.source, source), inArray(users.externalId, chunk.map((c) => c.externalId))));
      for (const f of found) if (f.externalId !== null) ids.set(f.externalId, f.id);
    }
    return { ids, created };
  }

  /**
   * Checks `password` against `row`'s, counting a failure in the account's login throttle (a
   * success clears it).
   * @throws 401 `AUTH.INVALID_CREDENTIALS` (wrong, or no password), 429 `AUTH.TOO_MANY_FAILED_LOGINS`.
   */
  private async checkPassword(exec: Executor, row: UserRow, password: string): Promise<void> {
    if (!row.email || !row.passwordHash) throw invalidCredentials();
    const retryAfter = await this.claimLoginAttempt(exec, row.email);
    if (retryAfter > 0) throw tooManyFailedLogins(retryAfter);
    if (!(await verifyPassword(row.passwordHash, password))) throw invalidCredentials();
    await exec.delete(loginThrottle).where(eq(loginThrottle.accountKey, row.email));
  }

  /**
   * Validates a new account's email and password (length, then strength against common and
   * breached passwords and the account's own words); returns the normalised email.
   * @throws AppError 400 `IDENTITY.INVALID_INPUT`, 422 `IDENTITY.WEAK_PASSWORD`.
   */
  private async checkCredentials(email: string, password: string, names: (string | undefined)[] = []): Promise<string> {
    const normalized = normalizeEmail(email);
    if (!isPlausibleEmail(normalized)) throw invalidInput('email', 'must be a valid email address');
    const problem = passwordProblem(password);
    if (problem) throw invalidInput('password', problem);
    await this.checkStrength(password, [normalized, ...names]);
    return normalized;
  }

  /** @throws AppError 422 `IDENTITY.WEAK_PASSWORD` when `password` is too easy to guess. */
  private async checkStrength(password: string, userInputs: (string | null | undefined)[]): Promise<void> {
    const reason = await weakPasswordReason(password, userInputs);
    if (reason) throw weakPassword(reason);
  }

  /** Absolute lifetime of a sign-in, in ms. */
  private get maxSessionMs(): number {
    return (this.options.refreshTokenMaxDays ?? 90) * 86_400_000;
  }

  /** A JWT for a mailed link: `aud` = its purpose, `sub` = user id, `extra` claims, expiring at `expiresAt`. */
  private signLink(audience: string, userId: string, extra: Record<string, unknown>, expiresAt: Date): Promise<string> {
    return new SignJWT(extra)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('comptoir')
      .setAudience(audience)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.linkKey);
  }

  /** The claims of a valid link token of `audience`, or null (malformed, forged, expired, other purpose). */
  private async verifyLink(audience: string, token: string): Promise<(Record<string, unknown> & { sub: string }) | null> {
    try {
      const { payload } = await jwtVerify(token, this.linkKey, { issuer: 'comptoir', audience, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      return typeof payload.sub === 'string' ? (payload as Record<string, unknown> & { sub: string }) : null;
    } catch {
      return null;
    }
  }

  private async findByEmail(exec: Executor, email: string): Promise<UserRow | undefined> {
    const [row] = await exec.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
    return row;
  }

  /**
   * Inserts the user (address verified at `verifiedAt`, or unverified when null) and its
   * `user.registered` event; returns undefined (and writes nothing) when the email is taken.
   */
  private async insertUser(tx: Tx, input: NewUser & { email: string }, passwordHash: string, verifiedAt: Date | null): Promise<UserRow | undefined> {
    const [row] = await tx
      .insert(users)
      .values({
        id: newId('usr'),
        email: input.email,
        passwordHash,
        firstName: input.firstName?.trim() || null,
        lastName: input.lastName?.trim() || null,
        roles: normalizeRoles(input.roles ?? ['customer']),
        locale: input.locale ?? 'en',
        emailVerifiedAt: verifiedAt,
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) return undefined;
    const payload: IdentityEvents['user.registered'] = { user: snapshot(row, input.email) };
    await publish(tx, 'user.registered', payload, row.id);
    return row;
  }

  /**
   * Issues a refresh token of `familyId` (started at `familyStartedAt`; it expires after the
   * sliding lifetime, never past the absolute one) and an access token for `row`.
   */
  private async startSession(tx: Tx, row: UserRow, familyId: string, familyStartedAt: Date): Promise<AuthResult> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(Date.now() + this.options.refreshTokenTtlSeconds * 1000, familyStartedAt.getTime() + this.maxSessionMs);
    await tx.insert(refreshTokens).values({
      id: newId('rt'),
      userId: row.id,
      familyId,
      familyStartedAt,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(expiresAt),
    });
    return { user: toUserDto(row), accessToken: await this.signAccessToken(row), refreshToken, expiresIn: this.options.accessTokenTtlSeconds };
  }

  private signAccessToken(row: UserRow): Promise<string> {
    const roles = row.roles.filter(isRoleName);
    return this.options.tokens.sign({ id: row.id, roles, permissions: permissionsFor(roles), tokenVersion: row.tokenVersion, ...(row.sites ? { sites: row.sites } : {}) });
  }

  private async revokeAllRefreshTokens(exec: Executor, userId: string, at: Date): Promise<void> {
    await exec.update(refreshTokens).set({ revokedAt: at }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }

  private async revokeFamily(exec: Executor, familyId: string, at: Date): Promise<void> {
    await exec.update(refreshTokens).set({ revokedAt: at }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }
}
