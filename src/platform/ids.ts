import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Random bytes drawn from the OS in blocks, one byte per ULID character (ulid's own PRNG asks the OS per character). */
const pool = new Uint8Array(4096);
let used = pool.length;

/** ulid's PRNG contract: a number in [0, 1), here from cryptographically secure bytes. */
function pooledRandom(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]! / 256;
}

const next = monotonicFactory(pooledRandom);

/**
 * A new sortable, prefixed identifier: `<prefix>_<ULID>` (e.g. `prod_01JD3Q...`).
 * ULIDs sort by creation time (millisecond precision, monotonic within a process).
 */
export function newId(prefix: string): string {
  return `${prefix}_${next()}`;
}
