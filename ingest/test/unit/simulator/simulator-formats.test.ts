import path from 'node:path';

import { fareObservationV1 } from '@fareflow/shared';
import Ajv from 'ajv';

import { parseOffers, toObservations } from '../../../src/adapters/parse-saved-response';
import { airlineApiFolder, readJson } from '../../support/airline-data';
import { createTestSimulator, TEST_CREDENTIALS } from '../../support/simulator-fixture';

const simulator = createTestSimulator({ flightsPerDay: 2000 });
const { app, context } = simulator;
afterAll(() => app.close());

const routeOf = (format: 'amadeus' | 'duffel' | 'feed') => {
  const route = context.schedule.routes.find((candidate) => candidate.format === format);
  if (!route) {
    throw new Error(`no ${format} route in the test schedule`);
  }
  return route;
};

async function amadeusToken(): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/amadeus/v1/security/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${TEST_CREDENTIALS.amadeusClientId}&client_secret=${TEST_CREDENTIALS.amadeusClientSecret}`,
  });
  expect(response.statusCode).toBe(200);
  return (response.json() as { access_token: string }).access_token;
}

describe('airline simulator formats', () => {
  it('serves Amadeus offers that validate against the Amadeus OpenAPI spec and parse into observations', async () => {
    const route = routeOf('amadeus');
    const response = await app.inject({
      url: `/amadeus/v2/shopping/flight-offers?originLocationCode=${route.origin}&destinationLocationCode=${route.destination}&departureDate=2026-03-10&adults=1`,
      headers: { authorization: `Bearer ${await amadeusToken()}` },
    });
    expect(response.statusCode).toBe(200);

    const spec = readJson(
      path.join(airlineApiFolder('amadeus', 'spec'), 'FlightOffersSearch_v2_swagger_specification.json'),
    );
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(spec as object, 'flight-offers-search');
    const validate = ajv.compile({ $ref: 'flight-offers-search#/responses/GETAirOffersReply/schema' });
    expect(validate(response.json())).toBe(true);
    expect(validate.errors ?? null).toBeNull();

    const parsed = toObservations(parseOffers('amadeus', response.json()), '2026-03-01T08:00:00.000Z');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.observations.length).toBeGreaterThan(0);
    expect(parsed.observations[0]).toMatchObject({
      origin: route.origin,
      destination: route.destination,
      carrier: route.carrier,
    });
  });

  it('the spec check is not vacuous: a reply missing an offer type fails it', () => {
    const spec = readJson(
      path.join(airlineApiFolder('amadeus', 'spec'), 'FlightOffersSearch_v2_swagger_specification.json'),
    );
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(spec as object, 'flight-offers-search');
    const validate = ajv.compile({ $ref: 'flight-offers-search#/responses/GETAirOffersReply/schema' });
    expect(validate({ data: [{ id: '1', numberOfBookableSeats: 'nine' }] })).toBe(false);
  });

  it('refuses Amadeus searches without a valid token (401) and bad queries (400 naming the field)', async () => {
    const noToken = await app.inject({ url: '/amadeus/v2/shopping/flight-offers?originLocationCode=FRA' });
    expect(noToken.statusCode).toBe(401);
    const bad = await app.inject({
      url: '/amadeus/v2/shopping/flight-offers?originLocationCode=FRA&destinationLocationCode=JFK&departureDate=tomorrow&adults=1',
      headers: { authorization: `Bearer ${await amadeusToken()}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('departureDate');
  });

  it('serves Duffel offer requests (Duffel-Version required) that parse into observations', async () => {
    const route = routeOf('duffel');
    const payload = {
      data: {
        slices: [{ origin: route.origin, destination: route.destination, departure_date: '2026-03-05' }],
        passengers: [{ type: 'adult' }],
      },
    };
    const headers = { authorization: `Bearer ${TEST_CREDENTIALS.duffelAccessToken}` };
    const noVersion = await app.inject({ method: 'POST', url: '/duffel/air/offer_requests', headers, payload });
    expect(noVersion.statusCode).toBe(400);

    const response = await app.inject({
      method: 'POST',
      url: '/duffel/air/offer_requests',
      headers: { ...headers, 'duffel-version': 'v2' },
      payload,
    });
    expect(response.statusCode).toBe(201);
    const parsed = toObservations(parseOffers('duffel', response.json()), '2026-03-01T08:00:00.000Z');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.observations.length).toBeGreaterThan(0);
    expect(parsed.observations.every((observation) => fareObservationV1.safeParse(observation).success)).toBe(true);
  });

  it('serves the JSON feed with a strong ETag and answers 304 to If-None-Match while nothing changed', async () => {
    const route = routeOf('feed');
    const url = `/feed/v1/fares?carrier=${route.carrier}&origin=${route.origin}&date=2026-03-05`;
    const first = await app.inject({ url });
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const parsed = toObservations(parseOffers('feed', first.json()), '2026-03-01T08:00:00.000Z');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.observations.length).toBeGreaterThan(0);

    const again = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
