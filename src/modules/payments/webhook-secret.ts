import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config.js';

/** File (in the data dir) holding the generated webhook secret. */
export const WEBHOOK_SECRET_FILE = 'payments-webhook-secret';

/**
 * The webhook HMAC secret: `PAYMENTS_WEBHOOK_SECRET`, else one generated once and kept in
 * `<dataDir>/payments-webhook-secret` (mode 0600), like the JWT secret. Give the same value to
 * the provider. Several processes starting together agree on one file (exclusive create).
 */
export function webhookSecret(config: Config, log: Logger): string {
  if (config.paymentsWebhookSecret) return config.paymentsWebhookSecret;
  const file = join(config.dataDir, WEBHOOK_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (config.production) log.warn({ file }, 'PAYMENTS_WEBHOOK_SECRET is not set: generated a webhook secret in the data dir');
  const secret = randomBytes(32).toString('hex');
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
