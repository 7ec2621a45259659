/**
 * Email and password rules, shared by the HTTP schemas (which reject bad input with 400 before
 * the service runs) and the service (which checks input coming through the contract: CLI, tests).
 * Pure functions.
 */

/** Shortest accepted password, in characters (NIST SP 800-63B §5.1.1.2: at least 8; strength is checked besides). */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest accepted password, in characters (bounds hashing work per request). */
export const PASSWORD_MAX_LENGTH = 256;
/** Longest accepted email, in characters (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;

/** The canonical stored form of an email: trimmed and lowercased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * True when `email` (already normalised) looks like a deliverable address: one `@`, a non-empty
 * local part, a dotted domain, no spaces, at most {@link EMAIL_MAX_LENGTH} characters.
 */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email);
}

/** A human reason why `password` is not acceptable, or null when it is. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}
