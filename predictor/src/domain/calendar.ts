const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (UTC) of a `YYYY-MM-DD` date; `undefined` if it is not a real date. */
export function toEpochDay(isoDate: string): number | undefined {
  const match = ISO_DATE.exec(isoDate);
  if (!match) {
    return undefined;
  }
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

export function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC day an instant falls on. */
export function epochDayOf(instant: Date): number {
  return Math.floor(instant.getTime() / MS_PER_DAY);
}
