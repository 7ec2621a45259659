/**
 * Wall-clock time in a store's IANA time zone, without a time-zone library: `Intl.DateTimeFormat`
 * gives the zone's offset at an instant, from which local ↔ UTC conversions follow.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (`Europe/Paris`, `America/Chicago`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock time of instant `epochMs` in `timeZone`, as epoch milliseconds of that wall
 * clock read as UTC (so `new Date(x).toISOString()` prints the local date and time).
 */
export function wallClockMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (epochMs % 1000 + 1000) % 1000;
}

/**
 * The instant (epoch ms) at which the wall clock of `timeZone` reads `wallMs` (a local date-time
 * read as UTC). A time skipped by a spring-forward change maps to the instant one offset later; a
 * repeated autumn time to its first occurrence.
 */
export function instantOfWallClock(wallMs: number, timeZone: string): number {
  let t = wallMs - (wallClockMs(wallMs, timeZone) - wallMs);
  const offset = wallClockMs(t, timeZone) - t;
  if (t + offset !== wallMs) t = wallMs - offset;
  return t;
}

/** `YYYY-MM-DDTHH:mm:ss` of an instant in `timeZone` (the fact table's `local_at`). */
export function localDateTime(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 19);
}
