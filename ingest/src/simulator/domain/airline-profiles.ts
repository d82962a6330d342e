import type { OfferFormat } from '../../domain/normalized-offer';

/** A simulated airline: which API format it speaks and what it prices in. */
export interface AirlineProfile {
  carrier: string;
  name: string;
  format: OfferFormat;
  currency: string;
}

export const defaultAirlineProfiles: AirlineProfile[] = [
  { carrier: 'LH', name: 'LUFTHANSA', format: 'amadeus', currency: 'EUR' },
  { carrier: 'AF', name: 'AIR FRANCE', format: 'amadeus', currency: 'EUR' },
  { carrier: 'AA', name: 'AMERICAN AIRLINES', format: 'amadeus', currency: 'USD' },
  { carrier: 'UA', name: 'UNITED AIRLINES', format: 'amadeus', currency: 'USD' },
  { carrier: 'DL', name: 'DELTA AIR LINES', format: 'duffel', currency: 'USD' },
  { carrier: 'U2', name: 'EASYJET', format: 'duffel', currency: 'GBP' },
  { carrier: 'FR', name: 'RYANAIR', format: 'feed', currency: 'EUR' },
  { carrier: 'WN', name: 'SOUTHWEST AIRLINES', format: 'feed', currency: 'USD' },
];
