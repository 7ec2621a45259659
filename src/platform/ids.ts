import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/**
 * A new sortable, prefixed identifier: `<prefix>_<ULID>` (e.g. `prod_01JD3Q...`).
 * ULIDs sort by creation time (millisecond precision, monotonic within a process).
 */
export function newId(prefix: string): string {
  return `${prefix}_${next()}`;
}
