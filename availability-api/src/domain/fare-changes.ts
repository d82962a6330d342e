import type { Fare } from './fare';

/** Why a fare left a stream: its last seat went, or it is no longer offered (sales closed, gone from the store). */
export type RemovalReason = 'SOLD_OUT' | 'NOT_OFFERED';

export type FareChange =
  { type: 'change'; fare: Fare; previous?: Fare } | { type: 'removed'; fare: Fare; reason: RemovalReason };

export const fareKeyOf = (fare: Fare): string => `${fare.flightId}|${fare.cabin}`;

const hasChanged = (before: Fare, after: Fare) =>
  before.price !== after.price || before.currency !== after.currency || before.seatsAvailable !== after.seatsAvailable;

/** What a stream shows: only fares with a seat left (a sold-out fare is never offered). */
export function offeredFares(fares: readonly Fare[]): Map<string, Fare> {
  return new Map(fares.filter((fare) => fare.seatsAvailable > 0).map((fare) => [fareKeyOf(fare), fare]));
}

/**
 * From the offered fares of one poll to the next: `change` for a new fare or a new price or seat
 * count (`previous` absent for a new one), `removed` for one that was offered and is not any more,
 * SOLD_OUT when the store still holds it at 0 seats. A removed fare that comes back is a `change`
 * without `previous`.
 */
export function diffOfferedFares(
  before: ReadonlyMap<string, Fare>,
  after: ReadonlyMap<string, Fare>,
  read: readonly Fare[],
): FareChange[] {
  const changes: FareChange[] = [];
  for (const [key, fare] of after) {
    const previous = before.get(key);
    if (!previous) {
      changes.push({ type: 'change', fare });
    } else if (hasChanged(previous, fare)) {
      changes.push({ type: 'change', fare, previous });
    }
  }
  const soldOut = new Map(read.filter((fare) => fare.seatsAvailable <= 0).map((fare) => [fareKeyOf(fare), fare]));
  for (const [key, fare] of before) {
    if (!after.has(key)) {
      const now = soldOut.get(key);
      changes.push(
        now ? { type: 'removed', fare: now, reason: 'SOLD_OUT' } : { type: 'removed', fare, reason: 'NOT_OFFERED' },
      );
    }
  }
  return changes;
}
