import { fareHistoryBinds, type FareHistoryRow, type RegionStore, upsertFareHistoryCql } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import { historyResponse } from '../../src/schemas/history';
import { buildTestApp, createBearer, EU_URL } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const DATE = '2027-01-20';
const BEFORE_SALES = Date.parse('2026-11-03T00:00:00Z');
const GRACE_MS = 6 * 3_600_000;

/** A row as the aggregator writes it (same contract), on route JFK-LAX, departing on DATE. */
function row(
  flight: string,
  departsAtUtc: string,
  observedOn: string,
  price: string,
  extra: Partial<FareHistoryRow> = {},
) {
  return {
    origin: 'JFK',
    destination: 'LAX',
    departureDate: DATE,
    cabin: 'ECONOMY',
    observedOn,
    flightId: `${flight}-${DATE}-JFK-LAX`,
    price,
    currency: 'USD',
    seatsAvailable: 9,
    departureUtc: `${DATE}T${departsAtUtc}:00.000Z`,
    observedAt: `${observedOn}T12:00:00.000Z`,
    ...extra,
  } satisfies FareHistoryRow;
}

const ROWS: FareHistoryRow[] = [
  row('AA100', '14:00', '2026-11-01', '150.00'),
  row('AA100', '14:00', '2026-11-02', '160.00'),
  row('AA200', '20:00', '2026-11-01', '120.00'),
  row('AA200', '20:00', '2026-11-02', '110.00', { seatsAvailable: 0 }), // sold out at the end of that day
  row('UA300', '16:00', '2026-11-02', '170.00'),
  row('UA300', '16:00', '2026-11-01', '210.00'),
  row('AA100', '14:00', '2026-11-01', '500.00', { cabin: 'BUSINESS' }),
  row('IB400', '18:00', '2026-11-01', '99.00', { currency: 'EUR' }),
];

async function writeRows(store: RegionStore, rows: readonly FareHistoryRow[]): Promise<void> {
  for (const item of rows) {
    const ttlSeconds = Math.ceil((Date.parse(item.departureUtc) + GRACE_MS - Date.now()) / 1000);
    await store.client.execute(
      upsertFareHistoryCql(store.keyspace),
      fareHistoryBinds(item, Date.parse(item.observedAt) * 1000, ttlSeconds),
      { prepare: true },
    );
  }
}

describe('GET /v1/history', () => {
  let resources: Resources;
  let authorization: string;
  const apps: FastifyInstance[] = [];

  const appAt = async (nowMs: number) => {
    const app = await buildTestApp({ store: resources.keyspaces.store('us'), db: resources.db.pool, now: () => nowMs });
    apps.push(app);
    return app;
  };
  const get = async (app: FastifyInstance, url: string) => {
    const response = await app.inject({ url, headers: { authorization } });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    resources = await createResources();
    await writeRows(resources.keyspaces.store('us'), ROWS);
    authorization = await createBearer(resources.db.pool, 'reader');
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await resources?.release();
  });

  it('serves one series per cabin and currency: daily low, median, high and each flight, days ascending', async () => {
    const app = await appAt(BEFORE_SALES);
    const { status, body } = await get(app, `/v1/history?origin=JFK&destination=LAX&date=${DATE}`);
    expect(status).toBe(200);
    const history = historyResponse.parse(body);
    expect(history).toMatchObject({ origin: 'JFK', destination: 'LAX', departureDate: DATE, cabin: null });
    expect(history.series.map((series) => `${series.cabin}/${series.currency}`)).toEqual([
      'ECONOMY/EUR',
      'ECONOMY/USD',
      'BUSINESS/USD',
    ]);
    const economy = history.series[1];
    expect(economy?.days).toEqual([
      { observedOn: '2026-11-01', low: '120.00', median: '150.00', high: '210.00', flights: 3 },
      // AA200 was sold out at the end of 2026-11-02: two bookable fares, the median is their mean.
      { observedOn: '2026-11-02', low: '160.00', median: '165.00', high: '170.00', flights: 2 },
    ]);
    expect(economy?.flights).toEqual([
      {
        flightId: `AA100-${DATE}-JFK-LAX`,
        points: [
          { observedOn: '2026-11-01', price: '150.00' },
          { observedOn: '2026-11-02', price: '160.00' },
        ],
      },
      { flightId: `AA200-${DATE}-JFK-LAX`, points: [{ observedOn: '2026-11-01', price: '120.00' }] },
      {
        flightId: `UA300-${DATE}-JFK-LAX`,
        points: [
          { observedOn: '2026-11-01', price: '210.00' },
          { observedOn: '2026-11-02', price: '170.00' },
        ],
      },
    ]);
    const insights = await get(app, `/v1/insights?origin=JFK&destination=LAX&date=${DATE}`);
    expect(history.insight).toEqual(insights.body);
  });

  it('serves one cabin when asked', async () => {
    const app = await appAt(BEFORE_SALES);
    const { status, body } = await get(app, `/v1/history?origin=JFK&destination=LAX&date=${DATE}&cabin=BUSINESS`);
    expect(status).toBe(200);
    const history = historyResponse.parse(body);
    expect(history.cabin).toBe('BUSINESS');
    expect(history.series).toEqual([
      {
        cabin: 'BUSINESS',
        currency: 'USD',
        days: [{ observedOn: '2026-11-01', low: '500.00', median: '500.00', high: '500.00', flights: 1 }],
        flights: [{ flightId: `AA100-${DATE}-JFK-LAX`, points: [{ observedOn: '2026-11-01', price: '500.00' }] }],
      },
    ]);
  });

  it('leaves out flights inside the sales cut-off, and serves a departed day as empty series without insight', async () => {
    // 13:30 UTC: AA100 (14:00) is inside the 60-minute cut-off; the others are still on sale.
    const closing = await appAt(Date.parse(`${DATE}T13:30:00Z`));
    const open = historyResponse.parse(
      (await get(closing, `/v1/history?origin=JFK&destination=LAX&date=${DATE}&cabin=ECONOMY`)).body,
    );
    expect(open.series.flatMap((series) => series.flights.map((flight) => flight.flightId.slice(0, 5)))).toEqual([
      'IB400',
      'AA200',
      'UA300',
    ]);
    const departed = await appAt(Date.parse('2027-01-22T00:00:00Z'));
    const { status, body } = await get(departed, `/v1/history?origin=JFK&destination=LAX&date=${DATE}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      origin: 'JFK',
      destination: 'LAX',
      departureDate: DATE,
      cabin: null,
      series: [],
      insight: null,
    });
  });

  it('answers a route never observed with empty series and the insights body', async () => {
    const app = await appAt(BEFORE_SALES);
    const { status, body } = await get(app, `/v1/history?origin=JFK&destination=SFO&date=${DATE}`);
    expect(status).toBe(200);
    const history = historyResponse.parse(body);
    expect(history.series).toEqual([]);
    expect(history.insight?.message).toBe('no forecast yet');
  });

  it("redirects another region's origin (307 with its body), validates the query, needs the scope", async () => {
    const app = await appAt(BEFORE_SALES);
    const foreign = await app.inject({
      url: `/v1/history?origin=FRA&destination=JFK&date=${DATE}`,
      headers: { authorization },
    });
    expect(foreign.statusCode).toBe(307);
    expect(foreign.headers['location']).toBe(`${EU_URL}/v1/history?origin=FRA&destination=JFK&date=${DATE}`);
    expect(foreign.json()).toMatchObject({ error: { code: 'WRONG_REGION' }, region: 'eu' });

    const badCabin = await get(app, `/v1/history?origin=JFK&destination=LAX&date=${DATE}&cabin=LUXURY`);
    expect(badCabin.status).toBe(400);
    expect(badCabin.body).toMatchObject({ error: { code: 'VALIDATION', field: 'cabin' } });
    const sameAirport = await get(app, `/v1/history?origin=JFK&destination=JFK&date=${DATE}`);
    expect(sameAirport.status).toBe(400);

    const anonymous = await app.inject({ url: `/v1/history?origin=JFK&destination=LAX&date=${DATE}` });
    expect(anonymous.statusCode).toBe(401);
    const post = await app.inject({ method: 'POST', url: '/v1/history', headers: { authorization } });
    expect(post.statusCode).toBe(405);
  });

  it('is documented in OpenAPI', async () => {
    const app = await appAt(BEFORE_SALES);
    const document = (await app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    const parameters = document.paths['/v1/history']?.get?.parameters?.map((parameter) => parameter.name);
    expect(parameters).toEqual(['origin', 'destination', 'date', 'cabin']);
    expect(document.components.schemas).toHaveProperty('PriceHistory');
  });
});
