/**
 * Times as the API gives them: local to the airport, with its offset (`2026-12-20T08:15:00-05:00`).
 * They are shown as written, never converted to the browser's zone: a departure is read in the
 * origin's clock and an arrival in the destination's.
 */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface LocalTime {
  date: string;
  clock: string;
  /** `UTC-05:00`, `UTC+01:00`, `UTC` */
  zone: string;
}

export function parseLocalTime(iso: string): LocalTime | undefined {
  const match = LOCAL_TIME.exec(iso);
  if (!match) {
    return undefined;
  }
  const [, date = '', clock = '', offset = 'Z'] = match;
  return { date, clock, zone: offset === 'Z' || offset === '+00:00' ? 'UTC' : `UTC${offset}` };
}

/** `08:15` with `UTC-05:00` beside it; the raw text when it is not a local time. */
export function formatClock(iso: string): string {
  const time = parseLocalTime(iso);
  return time ? `${time.clock} (${time.zone})` : iso;
}

/** Whole days between the local dates of two local times (`+1` for an overnight arrival). */
export function dayShift(fromIso: string, toIso: string): number {
  const [from, to] = [parseLocalTime(fromIso), parseLocalTime(toIso)];
  if (!from || !to) {
    return 0;
  }
  return Math.round((Date.parse(`${to.date}T00:00:00Z`) - Date.parse(`${from.date}T00:00:00Z`)) / 86_400_000);
}

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `14:05` left until `deadline`, or `expired`. */
export function formatTimeLeft(deadlineIso: string, nowMs: number): string {
  const leftMs = Date.parse(deadlineIso) - nowMs;
  if (!(leftMs > 0)) {
    return 'expired';
  }
  const seconds = Math.floor(leftMs / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
