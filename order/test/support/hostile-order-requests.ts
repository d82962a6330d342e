import type { InjectOptions } from 'fastify';

/** Strings that break parsers, validators, databases and logs. */
const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'tok\u0000visa',
  '\u0007\u001b[31m',
  '\r\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b',
  '\ud800',
  'a\udc00',
  '\ud83d\ude00',
  '🛫✈️',
  '\u202e\u200b\ufeff',
  'Zoë Ñúñez',
  'Ａ',
  '東京',
  'e\u0301',
  "' OR 1=1 --",
  '"); DROP TABLE orders; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%ED%A0%80',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(400),
  'A'.repeat(5_000),
  'ü'.repeat(300),
];

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
];

const PASSENGER_NAMES = ['Jane', 'John', 'Mia', 'Anna', 'Ömer', 'Zoë', "O'Neil", 'Jean-Luc', 'St. John'];

export interface OrderFuzzContext {
  /** Flights on sale (plenty of seats). */
  flights: readonly string[];
  /** A well-formed flight id that the inventory does not know. */
  unknownFlight: string;
  /** Bearer keys: a writer (orders:write + orders:read), one of another tenant, one without order scopes. */
  keys: { writer: string; otherTenant: string; wrongScope: string };
  /** Orders created so far by the writer (the generator mutates requests against real orders). */
  orderIds: () => readonly string[];
  /** Orders of the other tenant: the writer must get 404 for them. */
  foreignOrderIds: () => readonly string[];
}

export interface HostileRequest {
  options: InjectOptions;
  /** What the generator did, for the failure message. */
  label: string;
}

/**
 * Generates requests at every order route: mostly plausible (so they reach the use cases and
 * PostgreSQL), each with a chance of wrong types, control and unicode characters, huge and nested
 * values, bad UUIDs, wrong content types, garbage headers and keys.
 */
export function createHostileOrderRequests(random: () => number, context: OrderFuzzContext) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (probability: number) => random() < probability;
  const integer = (max: number) => Math.floor(random() * max);
  let sequence = 0;

  const hostileText = () => {
    const base = pick(HOSTILE_TEXT);
    return chance(0.3) ? `${pick(PASSENGER_NAMES)}${base}${pick(PASSENGER_NAMES)}` : base;
  };
  const hostileValue = (): unknown => {
    const roll = random();
    if (roll < 0.45) {
      return hostileText();
    }
    if (roll < 0.8) {
      return pick(HOSTILE_VALUES);
    }
    if (roll < 0.9) {
      return nested(1 + integer(2_000));
    }
    return Array.from({ length: 1 + integer(3_000) }, () => pick([0, 'x', null, {}]));
  };
  const nested = (depth: number): unknown => {
    let value: unknown = pick(['leaf', 1, null]);
    for (let level = 0; level < depth; level += 1) {
      value = chance(0.5) ? [value] : { a: value };
    }
    return value;
  };

  const passenger = () => ({
    type: pick(['ADT', 'ADT', 'ADT', 'CHD', 'INF'] as const),
    givenName: pick(PASSENGER_NAMES),
    familyName: pick(['Doe', 'Schmidt', 'Núñez', 'Smith', 'Lee']),
  });
  const item = () => {
    const passengers = [{ ...passenger(), type: 'ADT' as const }];
    for (let extra = integer(3); extra > 0; extra -= 1) {
      passengers.push(passenger() as never);
    }
    return {
      flightId: chance(0.05) ? context.unknownFlight : pick(context.flights),
      cabin: chance(0.9) ? 'ECONOMY' : pick(['BUSINESS', 'FIRST', 'economy', 'COACH']),
      passengers,
    };
  };
  const createBody = () => {
    const type = pick(['instant', 'instant', 'hold'] as const);
    return {
      ...(chance(0.9) ? { type } : {}),
      items: Array.from({ length: 1 + integer(2) }, item),
      contact: chance(0.8) ? { email: 'agent@example.com' } : { email: 'a.b@example.org', phone: '+4969123456' },
      ...(type === 'instant' || chance(0.3) ? { paymentToken: pick(['tok_visa', 'tok_mastercard', 'tok_4242']) } : {}),
    };
  };
  const changeBody = () => ({
    itemNo: chance(0.8) ? 1 : pick([0, 2, 7, -1, 1.5]),
    flightId: pick(context.flights),
    ...(chance(0.3) ? { cabin: 'ECONOMY' } : {}),
  });
  const payBody = () => (chance(0.8) ? { paymentToken: 'tok_visa' } : {});

  /** Replaces, deletes or adds one value at a random place in `body`. */
  const mutate = (body: unknown): unknown => {
    if (typeof body !== 'object' || body === null || chance(0.1)) {
      return hostileValue();
    }
    const copy = structuredClone(body) as Record<string, unknown>;
    let target: Record<string, unknown> = copy;
    for (let depth = 0; depth < 4; depth += 1) {
      const containers = Object.keys(target).filter((key) => typeof target[key] === 'object' && target[key] !== null);
      if (containers.length === 0 || chance(0.35)) {
        break;
      }
      target = target[pick(containers)] as Record<string, unknown>;
    }
    const keys = Object.keys(target);
    const roll = random();
    if (roll < 0.6 && keys.length > 0) {
      const key = pick(keys);
      target[key] =
        typeof target[key] === 'string' && chance(0.5) ? `${target[key] as string}${hostileText()}` : hostileValue();
    } else if (roll < 0.75 && keys.length > 0) {
      delete target[pick(keys)];
    } else if (roll < 0.85 && Array.isArray(target) && target.length > 0) {
      target.push(structuredClone(target[0]));
    } else {
      target[chance(0.5) ? pick(['age', 'extra', 'seat', 'price']) : hostileText()] = hostileValue();
    }
    return copy;
  };

  const orderId = () => {
    const own = context.orderIds();
    const foreign = context.foreignOrderIds();
    const roll = random();
    if (roll < 0.6 && own.length > 0) {
      return pick(own);
    }
    if (roll < 0.65 && foreign.length > 0) {
      return pick(foreign);
    }
    if (roll < 0.75) {
      return '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    }
    return pick([
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      '7C9E6679-7425-40DE-944B-E07FC1F90AE7',
      '7c9e6679742540de944be07fc1f90ae7',
      `${'7c9e6679-7425-40de-944b-e07fc1f90ae7'}x`,
      '%00',
      '%ED%A0%80',
      '%E0%A4%A',
      '..%2F..%2Fadmin',
      encodeURIComponent('\u0000'),
      'a'.repeat(500),
      '%20',
    ]);
  };

  const query = () => {
    const parts: string[] = [];
    const value = (valid: string[]) => (chance(0.15) ? safeEncode(hostileText()) : pick(valid));
    if (chance(0.4)) {
      parts.push(`status=${value(['pending', 'held', 'confirmed', 'failed', 'cancelled', 'nope'])}`);
    }
    if (chance(0.4)) {
      parts.push(`from=${value(['2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '0'])}`);
    }
    if (chance(0.4)) {
      parts.push(`to=${value(['2031-01-01T00:00:00%2B01:00', '2020-01-01T00:00:00Z', 'today'])}`);
    }
    if (chance(0.4)) {
      parts.push(`limit=${value(['1', '10', '500', '501', '0', '-1', '1.5', '1e3', ' 5'])}`);
    }
    if (chance(0.1)) {
      parts.push(pick(['status=held&status=held', 'status[]=held', 'from[a]=b', '%zz=1', '=', '&&', 'limit=%00']));
    }
    if (chance(0.05)) {
      parts.push(`${safeEncode(hostileText())}=${safeEncode(hostileText())}`);
    }
    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  };

  const authorization = () => {
    const roll = random();
    if (roll < 0.86) {
      return `Bearer ${context.keys.writer}`;
    }
    if (roll < 0.9) {
      return `Bearer ${context.keys.wrongScope}`;
    }
    if (roll < 0.92) {
      return `Bearer ${context.keys.otherTenant}`;
    }
    return pick([
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Bearer x',
      `Bearer ${'A'.repeat(3_000)}`,
      `Bearer ${context.keys.writer}\u0000`,
      `Bearer ${context.keys.writer} extra`,
      'Basic Zm9vOmJhcg==',
      `bearer\t${context.keys.writer}`,
      'Bearer ff_\u0085',
    ]);
  };

  const contentType = () =>
    chance(0.88)
      ? 'application/json'
      : pick([
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/JSON',
          'application/json\u0085',
          'application/vnd.api+json',
          '*/*',
          '',
        ]);

  const rawPayload = () =>
    pick([
      '{',
      '{"items": [',
      '[]',
      'null',
      '"string"',
      '123',
      '{"__proto__": {"x": 1}}',
      '{"constructor": {"prototype": {"x": 1}}}',
      '{"a":1,"a":2}',
      '\u0000',
      '\ufeff{}',
      '{"items":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}',
      JSON.stringify({ pad: 'x'.repeat(70_000) }),
      'x'.repeat(2_000),
    ]);

  return (): HostileRequest => {
    sequence += 1;
    const routeRoll = random();
    let method: string;
    let url: string;
    let body: unknown;
    if (routeRoll < 0.35) {
      method = 'POST';
      url = '/v1/orders';
      body = createBody();
    } else if (routeRoll < 0.5) {
      method = 'GET';
      url = `/v1/orders/${orderId()}`;
    } else if (routeRoll < 0.62) {
      method = 'GET';
      url = `/v1/orders${query()}`;
    } else if (routeRoll < 0.72) {
      method = 'POST';
      url = `/v1/orders/${orderId()}/cancel`;
    } else if (routeRoll < 0.84) {
      method = 'POST';
      url = `/v1/orders/${orderId()}/change`;
      body = changeBody();
    } else if (routeRoll < 0.97) {
      method = 'POST';
      url = `/v1/orders/${orderId()}/pay`;
      body = payBody();
    } else {
      method = pick(['GET', 'POST']);
      url = pick(['/v1', '/v1/orders/', '/v1/orders//pay', '/v2/orders', '/docs/json', '/%', '/v1/orders/%2e%2e/pay']);
    }
    if (chance(0.04)) {
      method = pick(['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
    }
    const headers: Record<string, string> = {};
    const auth = authorization();
    if (auth !== undefined) {
      headers['authorization'] = auth;
    }
    if (url === '/v1/orders' && method === 'POST') {
      const roll = random();
      if (roll < 0.88) {
        headers['idempotency-key'] = `fuzz-${sequence}-${integer(1_000_000)}`;
      } else if (roll < 0.92) {
        headers['idempotency-key'] = 'fuzz-reused-key';
      } else if (roll < 0.99) {
        headers['idempotency-key'] = hostileText();
      }
      if (chance(0.15)) {
        headers['prefer'] = pick([
          'wait=1',
          'wait=5',
          'wait=9999',
          'wait=-1',
          'wait=',
          `wait=1${hostileText()}`,
          'x'.repeat(300),
        ]);
      }
    }
    if (chance(0.03)) {
      headers[pick(['x-forwarded-for', 'user-agent', 'accept', 'x-garbage'])] = hostileText();
    }
    if (chance(0.02)) {
      headers['accept'] = pick(['application/xml', 'text/html', '*/*;q=0', '']);
    }
    let payload: string | undefined;
    const mutated = body !== undefined && chance(0.55) ? mutate(chance(0.3) ? mutate(body) : body) : body;
    if (method !== 'GET' && method !== 'HEAD' && (mutated !== undefined || chance(0.1))) {
      payload = chance(0.07) ? rawPayload() : safeStringify(mutated ?? hostileValue());
      headers['content-type'] = contentType();
      if (headers['content-type'] === '') {
        delete headers['content-type'];
      }
    }
    const options: InjectOptions = {
      method: method as InjectOptions['method'],
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    };
    const label = `#${sequence} ${method} ${url.slice(0, 120)} auth=${JSON.stringify((auth ?? '').slice(0, 30))} body=${(payload ?? '').slice(0, 160)}`;
    return { options, label };
  };
}

/** `encodeURIComponent`, except that a lone surrogate (no UTF-8 form) becomes the bytes of one, as a hostile client would send. */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** JSON with lone surrogates kept as `\ud800` escapes (JSON.stringify does that since ES2019). */
function safeStringify(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
