import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fareObservationV1 } from '@fareflow/shared';

import { parseOffers, parseSavedResponse } from '../../../src/adapters/parse-saved-response';
import type { OfferFormat } from '../../../src/domain/normalized-offer';
import { airlineApiFolder, listJsonFiles, readJson } from '../../support/airline-data';

const observedAt = '2026-03-01T12:00:00.000Z';

/** A payload "carries offers" when it holds Amadeus flight-offer objects or Duffel offers. */
function carriesOffers(format: OfferFormat, body: unknown): boolean {
  const text = JSON.stringify(body);
  return format === 'amadeus'
    ? text.includes('"type":"flight-offer"')
    : /"total_amount".*"slices"|"slices".*"total_amount"/.test(text) && !text.includes('"booking_reference"');
}

const examples: { format: OfferFormat; file: string }[] = [
  ...listJsonFiles(airlineApiFolder('amadeus', 'examples')).map((name) => ({
    format: 'amadeus' as const,
    file: path.join(airlineApiFolder('amadeus', 'examples'), name),
  })),
  ...listJsonFiles(airlineApiFolder('duffel', 'samples')).map((name) => ({
    format: 'duffel' as const,
    file: path.join(airlineApiFolder('duffel', 'samples'), name),
  })),
].filter(({ format, file }) => carriesOffers(format, readJson(file)));

describe('saved airline API examples', () => {
  it('finds every saved example that carries offers (both formats)', () => {
    expect(examples.filter((example) => example.format === 'amadeus')).toHaveLength(8);
    expect(examples.filter((example) => example.format === 'duffel')).toHaveLength(5);
  });

  it.each(examples.map((example) => [path.basename(example.file), example] as const))(
    '%s: every offer normalizes, and every one-way offer becomes a valid fare.observation.v1',
    (_name, { format, file }) => {
      const parsed = parseOffers(format, readJson(file));
      expect(parsed.skipped).toEqual([]);
      expect(parsed.offers.length).toBeGreaterThan(0);

      const result = parseSavedResponse(format, readFileSync(file, 'utf8'), { observedAt });
      const oneWay = parsed.offers.filter((offer) => offer.itineraries.length === 1).length;
      expect(result.observations).toHaveLength(oneWay);
      expect(result.skipped.every((skip) => skip.code === 'ROUND_TRIP')).toBe(true);
      for (const observation of result.observations) {
        expect(fareObservationV1.safeParse(observation).error).toBeUndefined();
      }
    },
  );

  it('maps the Amadeus search reply field by field (local time + UTC through the airport zone)', () => {
    const file = path.join(
      airlineApiFolder('amadeus', 'examples'),
      'FlightOffersSearch_v2__response__GETAirOffersReply.json',
    );
    const [first] = parseSavedResponse('amadeus', readFileSync(file, 'utf8'), { observedAt }).observations;
    expect(first).toMatchObject({
      flightId: 'PR212-2021-11-01-SYD-BKK',
      carrier: 'PR',
      flightNumber: '212',
      origin: 'SYD',
      destination: 'BKK',
      departureLocal: '2021-11-01T11:35:00+11:00',
      departureUtc: '2021-11-01T00:35:00Z',
      arrivalLocal: '2021-11-01T21:50:00+07:00',
      arrivalUtc: '2021-11-01T14:50:00Z',
      durationMinutes: 855,
      stops: 1,
      cabin: 'ECONOMY',
      fareClass: 'E',
      price: '355.34',
      currency: 'EUR',
      seatsAvailable: 9,
      observedAt,
      source: 'amadeus',
    });
    expect(first?.segments.map((segment) => `${segment.origin}-${segment.destination}`)).toEqual([
      'SYD-MNL',
      'MNL-BKK',
    ]);
  });

  it('maps the Duffel offer request: zone from the payload, seats as the one-adult lower bound, expiry kept', () => {
    const file = path.join(airlineApiFolder('duffel', 'samples'), 'create-offer-request.json');
    const [first] = parseSavedResponse('duffel', readFileSync(file, 'utf8'), { observedAt }).observations;
    expect(first).toMatchObject({
      flightId: 'BA1234-2020-06-13-LHR-JFK',
      departureLocal: '2020-06-13T16:38:02+01:00',
      departureUtc: '2020-06-13T15:38:02Z',
      arrivalUtc: '2020-06-13T20:38:02Z',
      cabin: 'ECONOMY',
      fareClass: 'O',
      price: '45.00',
      currency: 'GBP',
      seatsAvailable: 1,
      offerExpiresAt: '2020-01-17T10:42:14.545Z',
    });
  });
});
