import { resolve } from 'node:path';

/**
 * Typed runtime configuration, read once from the environment (ARCHITECTURE.md §6).
 * Every setting has a default so `npm start` works with no environment at all.
 */
export interface Config {
  /** HTTP port (env `PORT`, default 3000). */
  port: number;
  /** HTTP bind address (env `HOST`, default `0.0.0.0`). */
  host: string;
  /** PostgreSQL connection string (env `DATABASE_URL`); absent → embedded PGlite. */
  databaseUrl: string | undefined;
  /**
   * Connections in the PostgreSQL pool (env `DATABASE_POOL_SIZE`, default 10, at least 1). More
   * connections than the server has cores compete for the same cores and row locks (figures in
   * bench/README.md, "Findings").
   */
  databasePoolSize: number;
  /** Where embedded data lives (env `COMPTOIR_DATA_DIR`, default `./.comptoir`), absolute. */
  dataDir: string;
  /** pino level (env `LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** HMAC secret for access tokens (env `JWT_SECRET`); absent → generated once and kept in the data dir. */
  jwtSecret: string | undefined;
  /** Access token lifetime in seconds (env `ACCESS_TOKEN_TTL`, default 900 = 15 min). */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime in seconds (env `REFRESH_TOKEN_TTL`, default 30 days). */
  refreshTokenTtlSeconds: number;
  /**
   * Absolute lifetime of a sign-in in days (env `REFRESH_TOKEN_MAX_DAYS`, default 90): however
   * often its refresh token is rotated, none is accepted that long after the sign-in.
   */
  refreshTokenMaxDays: number;
  /** Consecutive failed sign-ins of one account before it is locked for a while (env `LOGIN_MAX_FAILURES`, default 5, at least 1). */
  loginMaxFailures: number;
  /**
   * First lock after {@link loginMaxFailures} failures, in seconds (env `LOGIN_LOCKOUT_SECONDS`,
   * default 30); each further failure doubles it, up to one hour.
   */
  loginLockoutSeconds: number;
  /**
   * Public base URL of the storefront (env `PUBLIC_URL`, default `http://localhost:<PORT>`), without
   * a trailing slash: links in mail (email verification, password reset) point under it.
   */
  publicUrl: string;
  /** First admin created at start when absent (env `COMPTOIR_ADMIN_EMAIL` / `COMPTOIR_ADMIN_PASSWORD`). */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Requests per minute per IP on `/api/auth/*` (env `AUTH_RATE_LIMIT`, default 100). */
  authRateLimitPerMinute: number;
  /** Largest accepted JSON body in bytes (env `BODY_LIMIT`, default 1 MiB). */
  bodyLimitBytes: number;
  /** Largest accepted upload in bytes (env `UPLOAD_LIMIT`, default 200 MiB). */
  uploadLimitBytes: number;
  /** Import the bundled demo data on an empty database at start (env `COMPTOIR_DEMO`, default true). */
  demoData: boolean;
  /** Guest carts expire after this many days without activity (env `CART_TTL_DAYS`, default 30). */
  cartTtlDays: number;
  /** Orders left unpaid this long are cancelled and their stock released (env `PAYMENT_TIMEOUT_MINUTES`, default 30). */
  paymentTimeoutMinutes: number;
  /** HMAC secret of payment-provider webhooks (env `PAYMENTS_WEBHOOK_SECRET`); absent → generated once into the data dir. */
  paymentsWebhookSecret: string | undefined;
  /** SMTP server for outgoing mail (env `SMTP_URL`, e.g. `smtp://user:pass@host:587`); absent → mail is stored and listed in the back office. */
  smtpUrl: string | undefined;
  /** Sender of outgoing mail (env `MAIL_FROM`, default `Comptoir <shop@localhost>`). */
  mailFrom: string;
  /** Delivery attempts before an event is dead-lettered (env `EVENT_MAX_ATTEMPTS`, default 8). */
  eventMaxAttempts: number;
  /** Days delivered events are kept in the outbox before the relay purges them; 0 keeps them forever (env `EVENT_RETENTION_DAYS`, default 7). */
  eventRetentionDays: number;
  /** `production` hides test-only affordances (env `NODE_ENV`). */
  production: boolean;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/**
 * Reads the configuration from `env` (default `process.env`).
 * @throws Error when a numeric setting is not a non-negative integer.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: Math.max(1, int(env.DATABASE_POOL_SIZE, 10, 'DATABASE_POOL_SIZE')),
    dataDir: resolve(env.COMPTOIR_DATA_DIR || '.comptoir'),
    logLevel: env.LOG_LEVEL || 'info',
    jwtSecret: env.JWT_SECRET || undefined,
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL, 900, 'ACCESS_TOKEN_TTL'),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL, 30 * 24 * 3600, 'REFRESH_TOKEN_TTL'),
    refreshTokenMaxDays: int(env.REFRESH_TOKEN_MAX_DAYS, 90, 'REFRESH_TOKEN_MAX_DAYS'),
    loginMaxFailures: Math.max(1, int(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES')),
    loginLockoutSeconds: int(env.LOGIN_LOCKOUT_SECONDS, 30, 'LOGIN_LOCKOUT_SECONDS'),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${int(env.PORT, 3000, 'PORT')}`).replace(/\/+$/, ''),
    adminEmail: env.COMPTOIR_ADMIN_EMAIL || undefined,
    adminPassword: env.COMPTOIR_ADMIN_PASSWORD || undefined,
    authRateLimitPerMinute: int(env.AUTH_RATE_LIMIT, 100, 'AUTH_RATE_LIMIT'),
    bodyLimitBytes: int(env.BODY_LIMIT, 1024 * 1024, 'BODY_LIMIT'),
    uploadLimitBytes: int(env.UPLOAD_LIMIT, 200 * 1024 * 1024, 'UPLOAD_LIMIT'),
    demoData: env.COMPTOIR_DEMO !== 'false' && env.COMPTOIR_DEMO !== '0',
    cartTtlDays: int(env.CART_TTL_DAYS, 30, 'CART_TTL_DAYS'),
    paymentTimeoutMinutes: int(env.PAYMENT_TIMEOUT_MINUTES, 30, 'PAYMENT_TIMEOUT_MINUTES'),
    paymentsWebhookSecret: env.PAYMENTS_WEBHOOK_SECRET || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Comptoir <shop@localhost>',
    eventMaxAttempts: int(env.EVENT_MAX_ATTEMPTS, 8, 'EVENT_MAX_ATTEMPTS'),
    eventRetentionDays: int(env.EVENT_RETENTION_DAYS, 7, 'EVENT_RETENTION_DAYS'),
    production: env.NODE_ENV === 'production',
  };
}
