const DURATION_PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Minutes of an ISO 8601 duration such as `PT14H15M`, `PT02H26M` or `P1DT2H`; undefined if unreadable. */
export function isoDurationToMinutes(duration: string): number | undefined {
  const match = DURATION_PATTERN.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return (days ?? 0) * 1440 + (hours ?? 0) * 60 + (minutes ?? 0) + Math.round((seconds ?? 0) / 60);
}

export function minutesToIsoDuration(totalMinutes: number): string {
  return `PT${Math.floor(totalMinutes / 60)}H${totalMinutes % 60}M`;
}
