import type { InjectOptions } from 'fastify';

const HOSTILE = [
  '',
  ' ',
  'A'.repeat(5_000),
  '%00',
  '\u0000',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '🛫✈️',
  'NaN',
  'Infinity',
  '-1',
  '1e9',
  '0x10',
  '9'.repeat(40),
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'null',
  'true',
  '2026-02-29',
  '0000-00-00',
  '9999-12-31',
  '2026-1-1',
  '2026-12-01T10:00:00Z',
  'fra',
  'FRAX',
  'ÄÖÜ',
  '1.0000001',
  '00000000000001',
];

// Mostly valid values (so requests reach the store), with plausible mistakes mixed in.
const VALUES: Record<string, string[]> = {
  origin: ['JFK', 'JFK', 'BOS', 'ORD', 'ORD', 'MIA', 'FRA', 'LHR', 'ZZZ'],
  destination: ['LAX', 'SFO', 'SEA', 'ORD', 'ORD', 'JFK', 'CDG'],
  date: ['2026-12-01', '2026-12-01', '2026-12-02', '2026-12-03', '2026-02-30', '2024-02-29', '2101-01-01'],
  from: ['2026-12-01', '2026-12-01', '2026-11-25', '2026-12-30'],
  to: ['2026-12-03', '2026-12-03', '2026-12-10', '2026-12-31', '2027-12-01', '2026-11-01'],
  cabin: ['ECONOMY', 'BUSINESS', 'FIRST', 'PREMIUM_ECONOMY', 'economy', 'COACH'],
  maxStops: ['0', '1', '2', '3', '4', '-1', '1.5'],
  sort: ['price', 'duration', 'departure', 'arrival', 'random'],
  carriers: ['LH', 'LH,AA', 'AA,UA,DL', 'lh', 'LHX', ',', 'LH,,AA'],
  excludeCarriers: ['LH', 'UA', 'AA,LH', 'x'],
  currency: ['EUR', 'USD', 'eur', 'EURO'],
  passengers: ['1', '2', '9', '0', '10', '1.5'],
  limit: ['1', '20', '100', '200', '0', '101', '1001'],
  maxPrice: ['100', '250.50', '0', '-5', '1.1234567', 'abc'],
  cursor: ['eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA', 'not-a-cursor', 'a.b', '.'.repeat(30)],
};

const OPTIONAL = new Set([
  'cabin',
  'maxStops',
  'sort',
  'limit',
  'cursor',
  'maxPrice',
  'carriers',
  'excludeCarriers',
  'currency',
  'passengers',
]);

const ENDPOINTS: Record<string, string[]> = {
  '/v1/fares': [
    'origin',
    'destination',
    'date',
    'cabin',
    'maxStops',
    'sort',
    'limit',
    'cursor',
    'carriers',
    'excludeCarriers',
    'currency',
    'maxPrice',
    'passengers',
  ],
  '/v1/destinations': ['origin', 'from', 'to', 'maxPrice', 'limit'],
  '/v1/dates': ['origin', 'destination', 'from', 'to'],
  '/v1/insights': ['origin', 'destination', 'date'],
  '/v1/fares/stream': ['origin', 'destination', 'date', 'cabin'],
};

const RAW_QUERIES = ['%', '%E0%A4%A', '&&&', '=', 'a=b=c', '%zz=1', 'origin[]=JFK', 'origin[a]=b', '?', '#', '%2525'];

export interface FuzzCase {
  options: InjectOptions;
  /** A stream request that may be valid would hold the connection open; those get a broken parameter. */
  isStream: boolean;
}

export function createHostileRequests(random: () => number, validAuthorization: string) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (probability: number) => random() < probability;

  const valueFor = (name: string) => (chance(0.06) ? pick(HOSTILE) : pick(VALUES[name] ?? HOSTILE));

  const buildQuery = (path: string): string => {
    const names = ENDPOINTS[path] ?? [];
    const parts: string[] = [];
    for (const name of names) {
      const presence = name === 'cursor' ? 0.05 : OPTIONAL.has(name) ? 0.3 : 0.95;
      if (chance(presence)) {
        parts.push(`${name}=${encodeURIComponent(valueFor(name))}`);
      }
      if (chance(0.03)) {
        parts.push(`${name}=${encodeURIComponent(valueFor(name))}`);
      }
    }
    if (chance(0.08)) {
      parts.push(`${encodeURIComponent(pick(HOSTILE))}=${encodeURIComponent(pick(HOSTILE))}`);
    }
    if (chance(0.08)) {
      parts.push(pick(RAW_QUERIES));
    }
    return parts.sort(() => (chance(0.5) ? 1 : -1)).join('&');
  };

  const authorization = () => {
    const roll = random();
    if (roll < 0.8) {
      return validAuthorization;
    }
    return pick([
      undefined,
      '',
      'Bearer ',
      'Bearer x',
      `Bearer ${'A'.repeat(3_000)}`,
      'Basic Zm9vOmJhcg==',
      `bearer ${'z'.repeat(20)}`,
    ]);
  };

  return (): FuzzCase => {
    const path = chance(0.95)
      ? pick(Object.keys(ENDPOINTS))
      : pick(['/v1', '/v1/fares/', '/v2/fares', '/docs/json', '/healthz', '/%', '/v1/fares/%2e%2e']);
    const isStream = path === '/v1/fares/stream';
    let query = buildQuery(path);
    if (isStream) {
      // Guarantee the stream request fails validation (inject would wait on a live stream forever).
      // First, so that a raw `#` later in the query cannot cut it off.
      query = `date=${encodeURIComponent(pick(['2026-02-30', '', 'x', '2101-01-01']))}&${query}`;
    }
    const method = chance(0.93) ? 'GET' : pick(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const);
    const header = authorization();
    const options: InjectOptions = {
      method,
      url: `${path}?${query}`,
      headers: header === undefined ? {} : { authorization: header },
    };
    if (method === 'POST' || method === 'PUT') {
      options.payload = pick(['{"origin":"JFK"}', '{', 'null', 'x'.repeat(2_000)]);
      options.headers = {
        ...options.headers,
        'content-type': pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
      };
    }
    return { options, isStream };
  };
}
