import { isIP } from 'node:net';
import { resolve } from 'node:path';

/**
 * Typed runtime configuration, read once from the environment (ARCHITECTURE.md §6).
 * Every setting has a default so `npm start` works with no environment at all.
 */
export interface Config {
  /** HTTP port (env `PORT`, default 3000). */
  port: number;
  /**
   * The modules whose HTTP routes, event consumers and background jobs this process runs (env
   * `COMPTOIR_MODULES` or `serve --modules`, comma-separated module names); undefined: all of them
   * (the single process). Every module is still built in process for the contracts others call.
   */
  modules: string[] | undefined;
  /**
   * Services mode: where the other services run (env `COMPTOIR_SERVICES`), the JSON of the
   * gateway's routes (`{"catalog": "http://catalog:3000", …}`). A contract method a module of this
   * process calls on a module it does not run, and that the owner serves on `/internal`, goes
   * to that URL; absent: every contract is called in process.
   */
  services: string | undefined;
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
  /** First admin created at start when absent (env `COMPTOIR_ADMIN_EMAIL` / `COMPTOIR_ADMIN_PASSWORD`). */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Requests per minute per IP on `/api/auth/*` (env `AUTH_RATE_LIMIT`, default 100). */
  authRateLimitPerMinute: number;
  /** Requests per minute per client IP over every route the gateway proxies (env `GATEWAY_RATE_LIMIT`, default 1000; 0: no limit). */
  gatewayRateLimitPerMinute: number;
  /** Consecutive failed calls to one upstream that open the gateway's breaker for it (env `GATEWAY_BREAKER_FAILURES`, default 3). */
  gatewayBreakerFailures: number;
  /** Ms an open gateway breaker answers 503 at once before a trial call (env `GATEWAY_BREAKER_HALF_OPEN_MS`, default 5000). */
  gatewayBreakerHalfOpenMs: number;
  /** Cart creations (`POST /api/carts`) per minute per client IP (env `CART_RATE_LIMIT`, default 20; 0: no limit). */
  cartRateLimitPerMinute: number;
  /** Checkouts (`POST /api/orders`) per minute per client IP (env `CHECKOUT_RATE_LIMIT`, default 10; 0: no limit). */
  checkoutRateLimitPerMinute: number;
  /**
   * Requests per minute per client IP on each other anonymous or customer write route (POST, PUT,
   * PATCH, DELETE outside `/api/admin` and provider webhooks; env `WRITE_RATE_LIMIT`, default 120; 0: no limit).
   */
  writeRateLimitPerMinute: number;
  /** Units of one SKU an order (and a cart line) may hold (env `MAX_UNITS_PER_SKU`, default 100, at least 1). */
  maxUnitsPerSku: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (env `TRUST_PROXY`: comma-separated IP
   * addresses, CIDR ranges, or `loopback` / `linklocal` / `uniquelocal`); empty: the client IP is
   * the connection's, and `X-Forwarded-For` is ignored. Rate limits key on the client IP.
   */
  trustProxy: string[];
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
  /**
   * Business days (Monday–Friday) from shipping to delivery per shipping method id (env
   * `DELIVERY_DAYS`, `method=days` pairs separated by commas; default `standard=3,express=1,free-standard=4`):
   * the estimated delivery date of a shipment. A method not listed gets no estimate.
   */
  deliveryBusinessDays: Record<string, number>;
  /**
   * Tracking pages of further carriers, or replacing a built-in one (env `CARRIER_TRACKING_URLS`,
   * `Carrier Name=https://…{n}…` entries separated by `|`; `{n}` is the URL-encoded tracking number).
   */
  carrierTrackingUrls: Record<string, string>;
  /** HMAC secret of carrier tracking webhooks (env `CARRIER_WEBHOOK_SECRET`, signed like payment webhooks); absent → the webhook answers 401. */
  carrierWebhookSecret: string | undefined;
  /**
   * Stripe card payments (method `card`), enabled when `stripeSecretKey` is set: secret API key
   * (env `STRIPE_SECRET_KEY`), webhook signing secret (env `STRIPE_WEBHOOK_SECRET`, required
   * with the key), publishable key given to the storefront (env `STRIPE_PUBLISHABLE_KEY`),
   * another API address (env `STRIPE_API_BASE`, e.g. a local stand-in `http://127.0.0.1:12111`;
   * default Stripe's) and the Stripe.js script the storefront loads (env `STRIPE_JS_URL`, default
   * `https://js.stripe.com/v3/`).
   */
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; publishableKey: string | undefined; apiBase: string | undefined; jsUrl: string };
  /** SMTP server for outgoing mail (env `SMTP_URL`, e.g. `smtp://user:pass@host:587`); absent → mail is stored and listed in the back office. */
  smtpUrl: string | undefined;
  /** Sender of outgoing mail (env `MAIL_FROM`, default `Comptoir <shop@localhost>`). */
  mailFrom: string;
  /** Delivery attempts before an event is dead-lettered (env `EVENT_MAX_ATTEMPTS`, default 8). */
  eventMaxAttempts: number;
  /** Days delivered events are kept in the outbox before the relay purges them; 0 keeps them forever (env `EVENT_RETENTION_DAYS`, default 7). */
  eventRetentionDays: number;
  /**
   * RabbitMQ (env `AMQP_URL`, e.g. `amqp://user:pass@host:5672/vhost`): when set, the outbox relay
   * publishes events to a topic exchange and each consuming module reads them from its own quorum
   * queue (see `platform/events/amqp.ts`); absent → events are delivered in process.
   */
  amqpUrl: string | undefined;
  /**
   * Prefix of the exchanges and queues (env `AMQP_PREFIX`, default `comptoir`): exchange
   * `<prefix>.events`, queues `<prefix>.<consumer>`, dead letters `<prefix>.dead-letters` and
   * `<prefix>.<consumer>.dead`. Installations sharing a broker (or a vhost) use different prefixes.
   */
  amqpPrefix: string;
  /** Unacknowledged messages a consumer holds at once, also its largest batch (env `AMQP_PREFETCH`, default 100). */
  amqpPrefetch: number;
  /** `production` hides test-only affordances (env `NODE_ENV`). */
  production: boolean;
  /**
   * Offline payment methods offered at checkout (env `PAYMENT_METHODS`, a comma list of
   * `bank_transfer`, `cash_on_delivery`, `pay_in_store`; empty: none). Unset (undefined): all
   * three, except bank transfer in production while `SHOP_BANK_IBAN` is not set.
   */
  paymentMethods: string[] | undefined;
  /**
   * The built-in `test` card provider in production (env `PAYMENTS_TEST_MODE=true`); outside
   * production it is always on. The storefront shows a "test mode" banner when it is on in production.
   */
  paymentsTestMode: boolean;
  /**
   * The shop's bank account shown to bank-transfer buyers (env `SHOP_BANK_ACCOUNT_NAME`,
   * `SHOP_BANK_IBAN`, `SHOP_BANK_BIC`). Bank transfer is only offered in production when the IBAN is set.
   */
  shopBank: { accountName: string | undefined; iban: string | undefined; bic: string | undefined };
  /** Days a bank-transfer order waits for its money before it is cancelled (env `BANK_TRANSFER_TIMEOUT_DAYS`, default 7). */
  bankTransferTimeoutDays: number;
  /** Days a pay-in-store order waits to be collected and paid before it is cancelled (env `PAY_IN_STORE_TIMEOUT_DAYS`, default 14). */
  payInStoreTimeoutDays: number;
  /**
   * Where shoppers reach the shop (env `PUBLIC_URL`, required in production, else default `http://localhost:<PORT>`), without a
   * trailing slash: links in mail (email verification, password reset) point under it. `https://…` turns on HSTS; the refresh-token cookie drops `Secure` only for an
   * `http://` loopback address (localhost, 127.0.0.1, [::1]) in development.
   */
  publicUrl: string;
  /** Bearer token Prometheus must send to read `/metrics` (env `METRICS_TOKEN`); absent → `/metrics` answers 404. */
  metricsToken: string | undefined;
  /** Redis for the analytics answer cache (env `REDIS_URL`, e.g. `redis://127.0.0.1:6379`); absent → an in-process LRU. */
  redisUrl: string | undefined;
  /**
   * Report exports estimated at more rows than this run as a background job (202 with a job id,
   * then a download link); smaller ones answer at once (env `REPORT_EXPORT_SYNC_ROWS`, default
   * 20 000: about half a second of XLSX writing; 0 = every export is a job).
   */
  reportExportSyncRows: number;
  /**
   * Rows of an XLSX sheet, header included, beyond which an export is written as CSV with a notice
   * (env `REPORT_EXPORT_XLSX_ROWS`, default and maximum 1,048,576: Excel's limit; lower it for
   * spreadsheet tools with smaller sheets).
   */
  reportExportXlsxRows: number;
  /**
   * S3-compatible object storage (env `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`,
   * `S3_SECRET_ACCESS_KEY`, optional `S3_REGION`, default `us-east-1`): set when all four are
   * given; absent → files are kept under `<dataDir>/files`.
   */
  s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string } | undefined;
  /** Largest accepted attachment in bytes (env `ATTACHMENT_LIMIT`, default 10 MiB). */
  attachmentLimitBytes: number;
  /** clamd address `host[:port]` (env `CLAMAV_HOST`); set → attachments are quarantined until scanned clean; absent → "not scanned". */
  clamavHost: string | undefined;
  /** Days after which a solved ticket is closed (env `SUPPORT_AUTO_CLOSE_DAYS`, default 4). */
  supportAutoCloseDays: number;
  /** HMAC secret of `POST /api/support/inbound` (env `SUPPORT_INBOUND_SECRET`); absent → the route answers 404. */
  supportInboundSecret: string | undefined;
  /** Contact form messages per minute per client IP (env `CONTACT_RATE_LIMIT`, default 5; 0: no limit). */
  contactRateLimitPerMinute: number;
  /** Seconds a person needs at least between seeing the contact form and sending it (env `CONTACT_MIN_FILL_SECONDS`, default 3): faster is a bot, dropped silently. */
  contactMinFillSeconds: number;
  /** Campaign mails sent per minute at most (env `MAIL_RATE_PER_MINUTE`, default 600; 0: no limit). */
  mailRatePerMinute: number;
  /** HMAC secret of `POST /api/newsletters/webhooks/mail-events` (env `NEWSLETTER_WEBHOOK_SECRET`); absent → the route answers 404. */
  newsletterWebhookSecret: string | undefined;
  /** Allow open/click tracking on campaigns that ask for it (env `NEWSLETTER_TRACKING=true`, default off). */
  newsletterTracking: boolean;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TRUST_PROXY` as a list: comma-separated addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and
 * proxy-addr's keywords; blanks dropped.
 * @throws Error naming the first entry that is none of these.
 */
/** `key=value` entries separated by `separator` (blank entries skipped), each value read by `read`. @throws Error naming `name` on an entry without `=`. */
function pairs<T>(value: string, separator: string, name: string, read: (v: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const entry of value.split(separator).map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`${name}: "${entry}" is not key=value`);
    out[entry.slice(0, eq).trim()] = read(entry.slice(eq + 1).trim());
  }
  return out;
}

function proxies(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (PROXY_KEYWORDS.has(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) throw new Error(`TRUST_PROXY entries must be IP addresses, CIDR ranges or loopback/linklocal/uniquelocal, got "${entry}"`);
  }
  return entries;
}

/** A comma-separated module list (`catalog,search`), blanks dropped; empty or absent: undefined (all modules). */
export function moduleList(value: string | undefined): string[] | undefined {
  const names = (value ?? '').split(',').map((m) => m.trim()).filter(Boolean);
  return names.length > 0 ? [...new Set(names)] : undefined;
}

/**
 * `PUBLIC_URL` as an origin-like URL without trailing slash; absent → `http://localhost:<port>`,
 * except in production, where mail links would point at localhost.
 * @throws Error when absent in production, or not an absolute http(s) URL.
 */
function publicUrl(value: string | undefined, port: number, production: boolean): string {
  if (!value && production) throw new Error('PUBLIC_URL must be set in production: links in mail (email verification, password reset) point under it');
  if (!value) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be an http(s) URL, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * Reads the configuration from `env` (default `process.env`).
 * @throws Error when a numeric setting is not a non-negative integer, `TRUST_PROXY` holds
 *   something other than addresses, ranges and keywords, or `PUBLIC_URL` is not an http(s) URL.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    modules: moduleList(env.COMPTOIR_MODULES),
    services: env.COMPTOIR_SERVICES || undefined,
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
    adminEmail: env.COMPTOIR_ADMIN_EMAIL || undefined,
    adminPassword: env.COMPTOIR_ADMIN_PASSWORD || undefined,
    authRateLimitPerMinute: int(env.AUTH_RATE_LIMIT, 100, 'AUTH_RATE_LIMIT'),
    gatewayRateLimitPerMinute: int(env.GATEWAY_RATE_LIMIT, 1000, 'GATEWAY_RATE_LIMIT'),
    gatewayBreakerFailures: int(env.GATEWAY_BREAKER_FAILURES, 3, 'GATEWAY_BREAKER_FAILURES'),
    gatewayBreakerHalfOpenMs: int(env.GATEWAY_BREAKER_HALF_OPEN_MS, 5000, 'GATEWAY_BREAKER_HALF_OPEN_MS'),
    cartRateLimitPerMinute: int(env.CART_RATE_LIMIT, 20, 'CART_RATE_LIMIT'),
    checkoutRateLimitPerMinute: int(env.CHECKOUT_RATE_LIMIT, 10, 'CHECKOUT_RATE_LIMIT'),
    writeRateLimitPerMinute: int(env.WRITE_RATE_LIMIT, 120, 'WRITE_RATE_LIMIT'),
    maxUnitsPerSku: Math.max(1, int(env.MAX_UNITS_PER_SKU, 100, 'MAX_UNITS_PER_SKU')),
    trustProxy: proxies(env.TRUST_PROXY),
    bodyLimitBytes: int(env.BODY_LIMIT, 1024 * 1024, 'BODY_LIMIT'),
    uploadLimitBytes: int(env.UPLOAD_LIMIT, 200 * 1024 * 1024, 'UPLOAD_LIMIT'),
    demoData: env.COMPTOIR_DEMO !== 'false' && env.COMPTOIR_DEMO !== '0',
    cartTtlDays: int(env.CART_TTL_DAYS, 30, 'CART_TTL_DAYS'),
    paymentTimeoutMinutes: int(env.PAYMENT_TIMEOUT_MINUTES, 30, 'PAYMENT_TIMEOUT_MINUTES'),
    paymentsWebhookSecret: env.PAYMENTS_WEBHOOK_SECRET || undefined,
    deliveryBusinessDays: pairs(env.DELIVERY_DAYS ?? 'standard=3,express=1,free-standard=4', ',', 'DELIVERY_DAYS', (v) => int(v, 0, 'DELIVERY_DAYS')),
    carrierTrackingUrls: pairs(env.CARRIER_TRACKING_URLS ?? '', '|', 'CARRIER_TRACKING_URLS', (v) => {
      if (!/^https:\/\/.*\{n\}/.test(v)) throw new Error(`CARRIER_TRACKING_URLS: "${v}" must be an https URL containing {n}`);
      return v;
    }),
    carrierWebhookSecret: env.CARRIER_WEBHOOK_SECRET || undefined,
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY || undefined, webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
      publishableKey: env.STRIPE_PUBLISHABLE_KEY || undefined, apiBase: env.STRIPE_API_BASE || undefined,
      jsUrl: env.STRIPE_JS_URL || 'https://js.stripe.com/v3/',
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Comptoir <shop@localhost>',
    eventMaxAttempts: int(env.EVENT_MAX_ATTEMPTS, 8, 'EVENT_MAX_ATTEMPTS'),
    eventRetentionDays: int(env.EVENT_RETENTION_DAYS, 7, 'EVENT_RETENTION_DAYS'),
    amqpUrl: env.AMQP_URL || undefined,
    amqpPrefix: env.AMQP_PREFIX || 'comptoir',
    amqpPrefetch: Math.max(1, int(env.AMQP_PREFETCH, 100, 'AMQP_PREFETCH')),
    production: env.NODE_ENV === 'production',
    paymentMethods: env.PAYMENT_METHODS === undefined ? undefined : env.PAYMENT_METHODS.split(',').map((m) => m.trim()).filter((m) => m.length > 0),
    paymentsTestMode: env.PAYMENTS_TEST_MODE === 'true' || env.PAYMENTS_TEST_MODE === '1',
    shopBank: { accountName: env.SHOP_BANK_ACCOUNT_NAME || undefined, iban: env.SHOP_BANK_IBAN || undefined, bic: env.SHOP_BANK_BIC || undefined },
    bankTransferTimeoutDays: int(env.BANK_TRANSFER_TIMEOUT_DAYS, 7, 'BANK_TRANSFER_TIMEOUT_DAYS'),
    payInStoreTimeoutDays: int(env.PAY_IN_STORE_TIMEOUT_DAYS, 14, 'PAY_IN_STORE_TIMEOUT_DAYS'),
    publicUrl: publicUrl(env.PUBLIC_URL, int(env.PORT, 3000, 'PORT'), env.NODE_ENV === 'production'),
    metricsToken: env.METRICS_TOKEN || undefined,
    redisUrl: env.REDIS_URL || undefined,
    reportExportSyncRows: int(env.REPORT_EXPORT_SYNC_ROWS, 20_000, 'REPORT_EXPORT_SYNC_ROWS'),
    reportExportXlsxRows: Math.min(int(env.REPORT_EXPORT_XLSX_ROWS, 1_048_576, 'REPORT_EXPORT_XLSX_ROWS'), 1_048_576),
    s3: env.S3_ENDPOINT && env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, region: env.S3_REGION || 'us-east-1' }
      : undefined,
    attachmentLimitBytes: int(env.ATTACHMENT_LIMIT, 10 * 1024 * 1024, 'ATTACHMENT_LIMIT'),
    clamavHost: env.CLAMAV_HOST || undefined,
    supportAutoCloseDays: int(env.SUPPORT_AUTO_CLOSE_DAYS, 4, 'SUPPORT_AUTO_CLOSE_DAYS'),
    supportInboundSecret: env.SUPPORT_INBOUND_SECRET || undefined,
    contactRateLimitPerMinute: int(env.CONTACT_RATE_LIMIT, 5, 'CONTACT_RATE_LIMIT'),
    contactMinFillSeconds: int(env.CONTACT_MIN_FILL_SECONDS, 3, 'CONTACT_MIN_FILL_SECONDS'),
    mailRatePerMinute: int(env.MAIL_RATE_PER_MINUTE, 600, 'MAIL_RATE_PER_MINUTE'),
    newsletterWebhookSecret: env.NEWSLETTER_WEBHOOK_SECRET || undefined,
    newsletterTracking: env.NEWSLETTER_TRACKING === 'true',
  };
}
