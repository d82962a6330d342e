import { toScaled } from '../domain/money';
import { type FareOfferCell, isFareOfferCell } from './fare-offer-cell';

/** A fare offer with its identity and seats: an `offers_by_origin_day` row, decoded. */
export interface SeatedOffer extends FareOfferCell {
  flightId: string;
  cabin: string;
  seatsAvailable: number;
}

/**
 * The cheapest bookable offer (seats left) per currency: amounts in different currencies are never
 * compared. Ties go to the earlier departure, then the lower "flightId|cabin". This is the rule of
 * `cheapest_by_origin_day` (aggregator/cql/003_cheapest_by_origin_day.cql), ordered by currency.
 */
export function pickCheapestOffers(offers: readonly SeatedOffer[]): SeatedOffer[] {
  const best = new Map<string, Ranked>();
  for (const offer of offers) {
    if (offer.seatsAvailable <= 0) {
      continue;
    }
    const candidate: Ranked = { offer, scaled: toScaled(offer.price), departureMs: Date.parse(offer.departureUtc) };
    const current = best.get(offer.currency);
    if (!current || isCheaper(candidate, current)) {
      best.set(offer.currency, candidate);
    }
  }
  return [...best.values()]
    .map((entry) => entry.offer)
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

type Ranked = { offer: SeatedOffer; scaled: bigint; departureMs: number };

function isCheaper(candidate: Ranked, current: Ranked): boolean {
  if (candidate.scaled !== current.scaled) {
    return candidate.scaled < current.scaled;
  }
  if (candidate.departureMs !== current.departureMs) {
    return candidate.departureMs < current.departureMs;
  }
  const candidateKey = `${candidate.offer.flightId}|${candidate.offer.cabin}`;
  return candidateKey < `${current.offer.flightId}|${current.offer.cabin}`;
}

/** The `cheapest` cell: a JSON array of offers, one per currency; `null` (no cell) when none is bookable. */
export function encodeCheapestOffers(offers: readonly SeatedOffer[]): string | null {
  return offers.length === 0 ? null : JSON.stringify(offers);
}

/** The offers of a `cheapest` cell; malformed entries are left out (readers skip, never fail). */
export function decodeCheapestOffers(text: string): SeatedOffer[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  const offers: SeatedOffer[] = [];
  for (const item of value as unknown[]) {
    const entry = item as Partial<SeatedOffer> | null;
    const isIdentified =
      typeof entry?.flightId === 'string' && typeof entry.cabin === 'string' && Number.isInteger(entry.seatsAvailable);
    if (isIdentified && isFareOfferCell(entry)) {
      offers.push(entry as SeatedOffer);
    }
  }
  return offers;
}
