/**
 * Who a per-customer limit counts: the account and the e-mail address, each normalised so that
 * the spellings of one mailbox give one key. Pure functions, no I/O.
 */

/** Mail domains that ignore dots in the local part and are one mailbox service (Google's documented behaviour). */
const DOTLESS_DOMAINS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The key of an e-mail address for per-customer limits (never for sending mail): trimmed,
 * lower-cased, the plus-tag of the local part removed (`ann+promo@x.com` → `ann@x.com`; a local
 * part that starts with `+` is kept), and, for `gmail.com` / `googlemail.com` only, the dots of
 * the local part removed and the domain read as `gmail.com` (Gmail delivers `a.n.n@gmail.com` to
 * `ann@gmail.com`; other providers may treat dots as significant, so their dots are kept).
 * The domain is what follows the last `@`; an address without a local part or a domain is only
 * trimmed and lower-cased. The migration `0001_customer_limit_keys.sql` applies the same rule in SQL.
 * @returns the key, or null for an empty or absent address.
 */
export function limitEmailKey(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  if (!e) return null;
  const at = e.lastIndexOf('@');
  if (at <= 0 || at === e.length - 1) return e;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) {
    domain = dotless;
    local = local.replaceAll('.', '');
  }
  return `${local}@${domain}`;
}

/** The keys one redemption is counted under (see {@link limitEmailKey}); either may be null. */
export interface CustomerKeys {
  userId: string | null;
  emailKey: string | null;
}

/** The keys of a customer: the user id as given (trimmed; null when empty) and the e-mail's key. */
export function customerKeys(customer: { userId?: string | null; email?: string | null } | null | undefined): CustomerKeys {
  const userId = customer?.userId?.trim() || null;
  return { userId, emailKey: limitEmailKey(customer?.email) };
}
