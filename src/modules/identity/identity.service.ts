import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, ilike, inArray, isNull, gt, or, sql, type SQL } from 'drizzle-orm';
import type { TokenService } from '../../platform/auth.js';
import { bulkInsert, type Executor, type Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ImportedCustomer, RoleName, UserDto } from './identity.contract.js';
import type { IdentityEvents } from './identity.events.js';
import {
  IdentityErrorCode,
  cannotChangeOwnRoles,
  emailTaken,
  invalidCredentials,
  invalidInput,
  invalidRefreshToken,
  userNotFound,
} from './identity.errors.js';
import { isPlausibleEmail, normalizeEmail, passwordProblem } from './domain/credentials.js';
import { isRoleName, normalizeRoles, permissionsFor } from './domain/roles.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { refreshTokens, users, type UserRow } from './db/schema.js';

/** What the service needs besides an executor. Durations in seconds. */
export interface IdentityServiceOptions {
  /** Signs access tokens (platform TokenService). */
  tokens: TokenService;
  /** Lifetime of access tokens, reported to clients as `expiresIn`. */
  accessTokenTtlSeconds: number;
  /** Lifetime of each refresh token from its issue (sliding: every rotation starts a new one). */
  refreshTokenTtlSeconds: number;
}

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
    country: row.country,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Escapes `%`, `_` and `\` so `text` matches literally inside a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Identity domain logic: accounts, credentials, sessions (access + rotating refresh tokens),
 * roles and imported customers. Every method takes the executor it runs on explicitly: the
 * database (the method then opens its own transaction where it needs one, after any password
 * hashing so no transaction is held while hashing) or a caller's transaction (nested work then
 * runs in a savepoint of it). Errors are {@link AppError}s (see identity.errors.ts).
 */
export class IdentityService {
  constructor(private readonly options: IdentityServiceOptions) {}

  /**
   * Creates a user with a password and roles (default `customer`) and publishes
   * `user.registered` in the same transaction.
   * @throws AppError 400 `IDENTITY.INVALID_INPUT` (malformed email, password not 10–256
   *   characters), 409 `IDENTITY.EMAIL_TAKEN`.
   */
  async createUser(exec: Executor, input: NewUser): Promise<UserDto> {
    const email = this.checkCredentials(input.email, input.password);
    const passwordHash = await hashPassword(input.password);
    const row = await exec.transaction((tx) => this.insertUser(tx, { ...input, email }, passwordHash));
    return toUserDto(row);
  }

  /**
   * Self sign-up: creates a customer (see {@link createUser}) and signs them in, in one
   * transaction. @throws AppError 400, 409 `IDENTITY.EMAIL_TAKEN`.
   */
  async register(exec: Executor, input: Omit<NewUser, 'roles'>): Promise<AuthResult> {
    const email = this.checkCredentials(input.email, input.password);
    const passwordHash = await hashPassword(input.password);
    return exec.transaction(async (tx) => {
      const row = await this.insertUser(tx, { ...input, email, roles: ['customer'] }, passwordHash);
      return this.startSession(tx, row, newId('rtf'));
    });
  }

  /**
   * Signs in with email and password; starts a new refresh token family. Unknown email, wrong
   * password and accounts without a password (imported customers) all get the same error after
   * the same amount of hashing work.
   * @throws AppError 401 `AUTH.INVALID_CREDENTIALS`.
   */
  async login(exec: Executor, input: { email: string; password: string }): Promise<AuthResult> {
    const [row] = await exec.select().from(users).where(eq(users.email, normalizeEmail(input.email))).limit(1);
    const hash = row?.passwordHash ?? (await dummyHash());
    const valid = await verifyPassword(hash, input.password);
    if (!row || !row.passwordHash || !valid) throw invalidCredentials();
    if (needsRehash(row.passwordHash)) {
      await exec.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, row.id));
    }
    return exec.transaction((tx) => this.startSession(tx, row, newId('rtf')));
  }

  /**
   * Rotates a refresh token: marks it used and returns a new access token and a new refresh
   * token of the same family (roles and permissions re-read from the database). Presenting a
   * token that was already used revokes its whole family, so the newest token of that family
   * stops working too (a stolen token is useful once at most).
   * @throws AppError 401 `AUTH.INVALID_REFRESH_TOKEN` when the token is unknown, expired,
   *   revoked or already used.
   */
  async refresh(exec: Executor, refreshToken: string): Promise<AuthResult> {
    const tokenHash = hashRefreshToken(refreshToken);
    const result = await exec.transaction(async (tx) => {
      const now = new Date();
      const [claimed] = await tx
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, now)))
        .returning();
      if (!claimed) {
        const [known] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
        // Replay of a used token: revoke the family, committed even though the caller gets a 401.
        if (known?.usedAt) await this.revokeFamily(tx, known.familyId, now);
        return null;
      }
      const [row] = await tx.select().from(users).where(eq(users.id, claimed.userId)).limit(1);
      if (!row) return null;
      return this.startSession(tx, row, claimed.familyId);
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

  /** The user with this id, or null. */
  async getUser(exec: Executor, id: string): Promise<UserDto | null> {
    const [row] = await exec.select().from(users).where(eq(users.id, id)).limit(1);
    return row ? toUserDto(row) : null;
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
    const conditions: SQL[] = [];
    const q = query.q?.trim();
    if (q) {
      const pattern = `%${likeLiteral(q)}%`;
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
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const page = Math.max(1, query.page ?? 1);
    const limit = Math.min(100, Math.max(1, query.limit ?? 20));
    const [rowsPage, [total]] = await Promise.all([
      exec
        .select()
        .from(users)
        .where(where)
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(limit)
        .offset((page - 1) * limit),
      exec.select({ n: count() }).from(users).where(where),
    ]);
    return { data: rowsPage.map(toUserDto), pagination: { total: total?.n ?? 0, limit, page } };
  }

  /**
   * Replaces the roles of `userId` (deduplicated; `customer` when empty). `actorId` is the
   * signed-in administrator; nobody changes their own roles (so the last admin cannot demote
   * themselves). Access tokens already issued keep their permissions until they expire; the
   * next refresh carries the new roles.
   * @throws AppError 403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`, 404 `IDENTITY.USER_NOT_FOUND`.
   */
  async setRoles(exec: Executor, actorId: string, userId: string, roles: RoleName[]): Promise<UserDto> {
    if (actorId === userId) throw cannotChangeOwnRoles();
    const [row] = await exec
      .update(users)
      .set({ roles: normalizeRoles(roles), updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    if (!row) throw userNotFound(userId);
    return toUserDto(row);
  }

  /**
   * Makes sure an administrator with this email exists: creates it (roles `admin`, this
   * password) when no user has the email, otherwise grants the existing user the admin role and
   * leaves its password alone. Safe to run at every start and from several processes at once.
   * @throws AppError 400 when creating and the email or password is not acceptable.
   */
  async ensureAdmin(exec: Executor, email: string, password: string): Promise<{ user: UserDto; created: boolean }> {
    const existing = await this.findByEmail(exec, email);
    if (!existing) {
      try {
        return { user: await this.createUser(exec, { email, password, roles: ['admin'] }), created: true };
      } catch (err) {
        // Another process created it between our read and our insert: fall through and grant.
        if (!(err instanceof AppError && err.code === IdentityErrorCode.EMAIL_TAKEN)) throw err;
      }
    }
    const row = existing ?? (await this.findByEmail(exec, email));
    if (!row) throw userNotFound(normalizeEmail(email));
    if (row.roles.includes('admin')) return { user: toUserDto(row), created: false };
    const [updated] = await exec
      .update(users)
      .set({ roles: normalizeRoles([...row.roles, 'admin']), updatedAt: new Date() })
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

  /** Validates contract input; returns the normalised email. @throws AppError 400. */
  private checkCredentials(email: string, password: string): string {
    const normalized = normalizeEmail(email);
    if (!isPlausibleEmail(normalized)) throw invalidInput('email', 'must be a valid email address');
    const problem = passwordProblem(password);
    if (problem) throw invalidInput('password', problem);
    return normalized;
  }

  private async findByEmail(exec: Executor, email: string): Promise<UserRow | undefined> {
    const [row] = await exec.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
    return row;
  }

  /** Inserts the user and its `user.registered` event. @throws AppError 409 when the email is taken. */
  private async insertUser(tx: Tx, input: NewUser & { email: string }, passwordHash: string): Promise<UserRow> {
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
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw emailTaken();
    const payload: IdentityEvents['user.registered'] = {
      user: { id: row.id, email: input.email, firstName: row.firstName, lastName: row.lastName, locale: row.locale },
    };
    await publish(tx, 'user.registered', payload, row.id);
    return row;
  }

  /** Issues a refresh token of `familyId` and an access token for `row`. */
  private async startSession(tx: Tx, row: UserRow, familyId: string): Promise<AuthResult> {
    const refreshToken = randomBytes(32).toString('base64url');
    await tx.insert(refreshTokens).values({
      id: newId('rt'),
      userId: row.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.options.refreshTokenTtlSeconds * 1000),
    });
    return { user: toUserDto(row), accessToken: await this.signAccessToken(row), refreshToken, expiresIn: this.options.accessTokenTtlSeconds };
  }

  private signAccessToken(row: UserRow): Promise<string> {
    const roles = row.roles.filter(isRoleName);
    return this.options.tokens.sign({ id: row.id, roles, permissions: permissionsFor(roles) });
  }

  private async revokeFamily(exec: Executor, familyId: string, at: Date): Promise<void> {
    await exec.update(refreshTokens).set({ revokedAt: at }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }
}
