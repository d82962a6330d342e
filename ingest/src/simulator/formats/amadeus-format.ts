import type { QuotedFare } from './quoted-fare';
import { isoDuration, splitPrice, wallTime } from './quoted-fare';

/** A Flight Offers Search v2 reply: one one-way offer per bookable flight and cabin. */
export function renderAmadeusOffers(fares: QuotedFare[], selfLink: string, carrierNames: Map<string, string>) {
  const bookable = fares.filter(({ quote }) => quote.seats > 0);
  const data = bookable.map(({ flight, cabin, quote }, index) => {
    const { route } = flight;
    const { base } = splitPrice(quote.price);
    const duration = isoDuration(route.durationMinutes);
    const departure = wallTime(flight.departureEpochMs, route.originZone);
    return {
      type: 'flight-offer',
      id: String(index + 1),
      source: 'GDS',
      instantTicketingRequired: false,
      nonHomogeneous: false,
      oneWay: false,
      lastTicketingDate: departure.slice(0, 10),
      numberOfBookableSeats: Math.min(quote.seats, 9),
      itineraries: [
        {
          duration,
          segments: [
            {
              departure: { iataCode: route.origin, at: departure },
              arrival: { iataCode: route.destination, at: wallTime(flight.arrivalEpochMs, route.destinationZone) },
              carrierCode: route.carrier,
              number: flight.flightNumber,
              aircraft: { code: '320' },
              operating: { carrierCode: route.carrier },
              duration,
              id: '1',
              numberOfStops: 0,
              blacklistedInEU: false,
            },
          ],
        },
      ],
      price: {
        currency: quote.currency,
        total: quote.price,
        base,
        fees: [
          { amount: '0.00', type: 'SUPPLIER' },
          { amount: '0.00', type: 'TICKETING' },
        ],
        grandTotal: quote.price,
      },
      pricingOptions: { fareType: ['PUBLISHED'], includedCheckedBagsOnly: true },
      validatingAirlineCodes: [route.carrier],
      travelerPricings: [
        {
          travelerId: '1',
          fareOption: 'STANDARD',
          travelerType: 'ADULT',
          price: { currency: quote.currency, total: quote.price, base },
          fareDetailsBySegment: [
            {
              segmentId: '1',
              cabin,
              fareBasis: `${quote.fareClass}${cabin.slice(0, 2)}SIM`,
              class: quote.fareClass,
              includedCheckedBags: { quantity: 1 },
            },
          ],
        },
      ],
    };
  });
  return {
    meta: { count: data.length, links: { self: selfLink } },
    data,
    dictionaries: dictionariesOf(bookable, carrierNames),
  };
}

function dictionariesOf(fares: QuotedFare[], carrierNames: Map<string, string>) {
  const locations: Record<string, { cityCode: string; countryCode: string }> = {};
  const carriers: Record<string, string> = {};
  const currencies: Record<string, string> = {};
  for (const { flight, quote } of fares) {
    locations[flight.route.origin] = { cityCode: flight.route.origin, countryCode: 'XX' };
    locations[flight.route.destination] = { cityCode: flight.route.destination, countryCode: 'XX' };
    carriers[flight.route.carrier] = carrierNames.get(flight.route.carrier) ?? flight.route.carrier;
    currencies[quote.currency] = quote.currency;
  }
  return { locations, aircraft: { '320': 'AIRBUS A320' }, currencies, carriers };
}

/** Amadeus' error envelope. */
export function amadeusError(status: number, code: number, title: string, detail: string) {
  return { errors: [{ status, code, title, detail }] };
}
