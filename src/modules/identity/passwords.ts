import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * Password hashing: argon2id with the OWASP parameters (memory 19 456 KiB, 2 iterations,
 * parallelism 1). Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`) that embed their
 * parameters, so older hashes still verify after a change and are upgraded at the next sign-in.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The argon2id PHC string of `password`, hashed with {@link ARGON2_OPTIONS} (deliberately CPU- and memory-costly). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches `hash`; false (never throws) when the hash is malformed. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** True when `hash` was made with other parameters than {@link ARGON2_OPTIONS}. */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random secret with the current parameters, computed once per process. Sign-in
 * verifies against it when the email is unknown or the account has no password, so that such
 * attempts take as long as a wrong password for a real account.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
