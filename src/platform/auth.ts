import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';

/** The signed-in principal, as carried by an access token. */
export interface AuthUser {
  /** User id (`usr_…`). */
  id: string;
  /** Role names, e.g. `["manager"]`. */
  roles: string[];
  /** Granted permissions `resource:action`; `*` grants all. */
  permissions: string[];
  /**
   * The user's token version when the token was signed (claim `ver`; 0 when absent). Identity
   * refuses the token on admin routes once the user's current version is higher (sign out
   * everywhere, password or role change).
   */
  tokenVersion?: number;
  /** Staff limited to these sites' back office (claim `sites`, site codes); absent: every site. */
  sites?: string[];
}

/** True when `user` holds `permission` (`resource:action`) directly or through `*`. */
export function hasPermission(user: AuthUser, permission: string): boolean {
  return user.permissions.includes('*') || user.permissions.includes(permission);
}

/** The issuer of service tokens (`TokenService.signService`); users' access tokens are issued by `comptoir`. */
const SERVICE_ISSUER = 'comptoir:service';

/**
 * Signs and verifies short-lived access tokens: HS256 JWTs (jose) with `sub` = user id and the
 * claims `roles`, `permissions`, `ver` (token version) and, for staff limited to some sites,
 * `sites`. Lifetime in seconds. A token without
 * `exp`, `iat` or `sub` is refused, whatever its signature.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A compact JWT for `user`, valid `ttlSeconds` from now. */
  async sign(user: AuthUser): Promise<string> {
    return new SignJWT({ roles: user.roles, permissions: user.permissions, ver: user.tokenVersion ?? 0, ...(user.sites ? { sites: user.sites } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('comptoir')
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * A bearer secret for `subject` under `purpose` (e.g. a guest's access to one order): HMAC-SHA256
   * of both with this service's key, base64url (43 characters). The same inputs always give the
   * same secret, so it can be handed out again without being stored; whoever lacks the key cannot
   * compute it. Store only its hash.
   */
  derive(purpose: string, subject: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${subject}`).digest('base64url');
  }

  /**
   * A service token (services mode, `/internal` calls): an HS256 JWT with issuer
   * `comptoir:service`, `sub` = the calling service's modules (`search`), `aud` = `comptoir:<module>`
   * of the module called, valid `ttlSeconds` (default 60). Refused as a user's access token (other
   * issuer), and by any other module than its audience.
   */
  async signService(caller: string, module: string, ttlSeconds = 60): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caller)
      .setIssuer(SERVICE_ISSUER)
      .setAudience(`comptoir:${module}`)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The calling service (`sub`) of a valid service token for `module`, or null when it is malformed, forged, expired, or for another audience. */
  async verifyService(token: string, module: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: SERVICE_ISSUER, audience: `comptoir:${module}`, algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub', 'aud'] });
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return null;
      throw err;
    }
  }

  /** The principal of a valid token, or null when it is malformed, forged, expired or lacks `exp`, `iat` or `sub`. */
  async verify(token: string): Promise<AuthUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'comptoir', algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub'] });
      if (typeof payload.sub !== 'string') return null;
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      const tokenVersion = Number.isSafeInteger(payload.ver) ? (payload.ver as number) : 0;
      return { id: payload.sub, roles: list(payload.roles), permissions: list(payload.permissions), tokenVersion, ...(Array.isArray(payload.sites) ? { sites: list(payload.sites) } : {}) };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return null;
      throw err;
    }
  }
}
