import { describeIssues, type NormalizedOffer, offerIdOf, type ParsedOffers } from '../../domain/normalized-offer';
import { formatUtcIso } from '../../domain/zoned-time';
import { feedDocument, feedFare, type FeedFlight, feedFlight } from './feed.schemas';

/** Reads a feed document: one normalized one-way offer per flight and fare. */
export function parseFeedOffers(body: unknown, source: string): ParsedOffers {
  const document = feedDocument.safeParse(body);
  if (!document.success) {
    return {
      offers: [],
      skipped: [{ code: 'INVALID_RESPONSE', message: `not a fareflow feed: ${describeIssues(document.error.issues)}` }],
    };
  }
  const { carrier } = document.data;
  const result: ParsedOffers = { offers: [], skipped: [] };
  document.data.flights.forEach((raw, index) => {
    const flight = feedFlight.safeParse(raw);
    if (!flight.success) {
      result.skipped.push({
        code: 'INVALID_OFFER',
        message: describeIssues(flight.error.issues),
        offerId: offerIdOf(raw, index),
      });
      return;
    }
    const departureEpochMs = Date.parse(flight.data.departureLocal);
    const arrivalEpochMs = Date.parse(flight.data.arrivalLocal);
    const flightKey = `${carrier}${flight.data.flightNumber}-${flight.data.departureLocal.slice(0, 10)}`;
    if (arrivalEpochMs <= departureEpochMs) {
      result.skipped.push({
        code: 'INCONSISTENT_TIMES',
        message: 'arrival is not after departure',
        offerId: flightKey,
      });
      return;
    }
    flight.data.fares.forEach((rawFare, fareIndex) => {
      const fare = feedFare.safeParse(rawFare);
      if (!fare.success) {
        const offerId = `${flightKey}#${fareIndex}`;
        result.skipped.push({ code: 'INVALID_OFFER', message: describeIssues(fare.error.issues), offerId });
        return;
      }
      result.offers.push(toOffer(source, carrier, flight.data, fare.data, departureEpochMs, arrivalEpochMs));
    });
  });
  return result;
}

function toOffer(
  source: string,
  carrier: string,
  flight: FeedFlight,
  fare: ReturnType<typeof feedFare.parse>,
  departureEpochMs: number,
  arrivalEpochMs: number,
): NormalizedOffer {
  return {
    source,
    offerId: `${carrier}${flight.flightNumber}-${flight.departureLocal.slice(0, 10)}/${fare.cabin}`,
    itineraries: [
      {
        segments: [
          {
            carrier,
            flightNumber: flight.flightNumber,
            origin: flight.origin,
            destination: flight.destination,
            departureLocal: flight.departureLocal,
            departureUtc: formatUtcIso(departureEpochMs),
            arrivalLocal: flight.arrivalLocal,
            arrivalUtc: formatUtcIso(arrivalEpochMs),
          },
        ],
        durationMinutes: Math.round((arrivalEpochMs - departureEpochMs) / 60_000),
        stops: 0,
        cabin: fare.cabin,
        fareClass: fare.fareClass,
      },
    ],
    price: fare.price,
    currency: fare.currency,
    seatsAvailable: fare.seatsAvailable,
    ...(fare.expiresAt ? { offerExpiresAt: fare.expiresAt } : {}),
  };
}
