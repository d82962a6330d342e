import { randomBytes } from 'node:crypto';

import { type Cabin, cabin } from '@fareflow/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { createTokenBucket, type TokenBucket } from '../../domain/token-bucket';
import { amadeusError, renderAmadeusOffers } from '../formats/amadeus-format';
import { type QuotedFare } from '../formats/quoted-fare';
import { quoteFares, replyWithFault, sendPossiblyMalformed, type SimulatorContext, sleep } from '../simulator-context';

const searchQuery = z.object({
  originLocationCode: z.string().regex(/^[A-Z]{3}$/),
  destinationLocationCode: z.string().regex(/^[A-Z]{3}$/),
  departureDate: z.iso.date(),
  adults: z.coerce.number().int().min(1).max(9),
  travelClass: cabin.optional(),
  includedAirlineCodes: z
    .string()
    .regex(/^[A-Z0-9]{2}(,[A-Z0-9]{2})*$/)
    .optional(),
  nonStop: z.enum(['true', 'false']).optional(),
  currencyCode: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  max: z.coerce.number().int().min(1).max(250).optional(),
});

const tokenForm = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

/** Amadeus Self-Service: OAuth2 client credentials and Flight Offers Search v2. */
export function registerAmadeusRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { credentials, faults, clock } = context;
  const tokens = new Map<string, { expiresAt: number; clientId: string }>();
  const buckets = new Map<string, TokenBucket>();
  const faultBodies = {
    serverError: () => amadeusError(500, 141, 'SYSTEM ERROR HAS OCCURRED', 'simulated outage'),
    rateLimited: () => amadeusError(429, 38194, 'Too many requests', 'simulated rate limit'),
    expiredToken: () =>
      amadeusError(
        401,
        38192,
        'Invalid access token',
        'The access token provided in the Authorization header is expired',
      ),
    timeout: () => amadeusError(504, 141, 'GATEWAY TIMEOUT', 'simulated timeout'),
  };

  app.post('/amadeus/v1/security/oauth2/token', async (request, reply) => {
    const form = tokenForm.safeParse(request.body);
    if (!form.success) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description: 'grant_type, client_id and client_secret are required',
        code: 38187,
        title: 'Invalid parameters',
      });
    }
    if (
      form.data.client_id !== credentials.amadeusClientId ||
      form.data.client_secret !== credentials.amadeusClientSecret
    ) {
      return reply.code(401).send({
        error: 'invalid_client',
        error_description: 'Client credentials are invalid',
        code: 38187,
        title: 'Invalid parameters',
      });
    }
    const accessToken = randomBytes(18).toString('base64url');
    tokens.set(accessToken, {
      expiresAt: clock.now() + credentials.amadeusTokenLifetimeSeconds * 1000,
      clientId: form.data.client_id,
    });
    return reply.code(200).send({
      type: 'amadeusOAuth2Token',
      username: 'simulator@fareflow.local',
      application_name: 'fareflow-simulator',
      client_id: form.data.client_id,
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: credentials.amadeusTokenLifetimeSeconds,
      state: 'approved',
      scope: '',
    });
  });

  app.get('/amadeus/v2/shopping/flight-offers', async (request, reply) => {
    const token = bearerOf(request);
    const grant = token ? tokens.get(token) : undefined;
    if (!token || !grant || grant.expiresAt <= clock.now()) {
      return reply.code(401).send(faultBodies.expiredToken());
    }
    // Amadeus limits each application (client id), not each token.
    if (credentials.amadeusRateLimitPerSecond > 0 && !bucketOf(buckets, grant.clientId, context).tryTake()) {
      return reply.code(429).header('retry-after', '1').send(faultBodies.rateLimited());
    }
    await sleep(faults.latencyMs());
    const fault = faults.decide(true);
    if (fault === 'expired-token') {
      tokens.delete(token);
    }
    if (await replyWithFault(reply, fault, faults, faultBodies)) {
      return reply;
    }
    return search(request, reply, fault);
  });

  async function search(request: FastifyRequest, reply: FastifyReply, fault: ReturnType<typeof faults.decide>) {
    const query = searchQuery.safeParse(request.query);
    if (!query.success) {
      const detail = query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return reply.code(400).send(amadeusError(400, 477, 'INVALID FORMAT', detail));
    }
    const { originLocationCode, destinationLocationCode, departureDate, travelClass, includedAirlineCodes } =
      query.data;
    if (Date.parse(`${departureDate}T23:59:59Z`) + 14 * 3_600_000 < clock.now()) {
      return reply.code(400).send(amadeusError(400, 425, 'INVALID DATE', 'Date/Time is in the past'));
    }
    const carriers = includedAirlineCodes?.split(',');
    const flights = context.schedule
      .flightsOnRoute('amadeus', originLocationCode, destinationLocationCode, departureDate)
      .filter((flight) => !carriers || carriers.includes(flight.route.carrier));
    const cabins: readonly Cabin[] = travelClass ? [travelClass] : context.cabins;
    const fares: QuotedFare[] = quoteFares(context, flights, cabins);
    const body = renderAmadeusOffers(fares, request.url, context.carrierNames);
    const [first] = body.data;
    if (first && faults.corruptOffer()) {
      (first as { price?: unknown }).price = undefined;
    }
    return sendPossiblyMalformed(reply, 200, body, fault);
  }
}

function bucketOf(buckets: Map<string, TokenBucket>, clientId: string, context: SimulatorContext): TokenBucket {
  let bucket = buckets.get(clientId);
  if (!bucket) {
    const rate = context.credentials.amadeusRateLimitPerSecond;
    // Rate limits count wall time, whatever the simulated clock does.
    bucket = createTokenBucket(rate, rate, { now: () => Date.now() });
    buckets.set(clientId, bucket);
  }
  return bucket;
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}
