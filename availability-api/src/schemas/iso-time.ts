const MAX_ENTRIES = 20_000;
const formatted = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, memoised: responses repeat the same instants (schedules sit on
 * minute grids, a route's fares share observation times), and formatting is a large part of a
 * cold fares request. Bounded: the memo starts afresh once it holds MAX_ENTRIES instants.
 */
export function toIsoTime(ms: number): string {
  let text = formatted.get(ms);
  if (text === undefined) {
    if (formatted.size >= MAX_ENTRIES) {
      formatted.clear();
    }
    text = new Date(ms).toISOString();
    formatted.set(ms, text);
  }
  return text;
}
