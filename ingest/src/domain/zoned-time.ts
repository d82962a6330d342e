/**
 * Wall-clock times at airports. Airline APIs give local times without an offset
 * (`2021-11-01T11:35:00`); the airport's IANA zone turns them into instants and back.
 */

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

/**
 * Offset of `timeZone` from UTC at instant `epochMs`, in minutes (east positive). Zones change
 * offset only on quarter-hour boundaries, so the answer is cached per zone and quarter hour:
 * Intl formatting is the scraper's hottest call otherwise.
 */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(epochMs / QUARTER_HOUR_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 200_000) {
      offsetCache.clear();
    }
    offset = computeOffsetMinutes(Math.floor(epochMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS, timeZone);
    offsetCache.set(key, offset);
  }
  return offset;
}

function computeOffsetMinutes(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** Epoch ms of a local wall time (`YYYY-MM-DDTHH:mm[:ss]`, any offset suffix ignored) in `timeZone`. */
export function localToEpochMs(local: string, timeZone: string): number | undefined {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second] = match;
  const naive = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
  );
  // Two passes settle the offset around DST changes (a skipped hour resolves forward).
  let epochMs = naive - offsetMinutesAt(naive, timeZone) * 60_000;
  epochMs = naive - offsetMinutesAt(epochMs, timeZone) * 60_000;
  return Number.isNaN(epochMs) ? undefined : epochMs;
}

/** `2026-12-01T10:05:00+01:00`: the instant rendered as local wall time with its offset. */
export function formatLocalIso(epochMs: number, timeZone: string): string {
  const offset = offsetMinutesAt(epochMs, timeZone);
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function formatUtcIso(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

const pad = (value: number) => String(value).padStart(2, '0');
