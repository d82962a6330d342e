import { randomBytes } from 'node:crypto';

import { type Cabin, duffelCreateOrderRequest, duffelOrderErrorCodes } from '@fareflow/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { duffelOfferRequestBody } from '../../adapters/duffel/duffel.schemas';
import type { Fault } from '../domain/faults';
import { duffelError, renderDuffelOfferRequest } from '../formats/duffel-format';
import { quoteFares, replyWithFault, sendPossiblyMalformed, type SimulatorContext, sleep } from '../simulator-context';
import { bearerOf } from './amadeus.routes';

const SUPPORTED_VERSIONS = new Set(['v1', 'v2', 'beta']);

/** Duffel: offer requests (search) and orders (booking). */
export function registerDuffelRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { faults, clock } = context;
  const faultBodies = {
    serverError: () => duffelError(503, 'api_error', duffelOrderErrorCodes.internal, 'simulated outage'),
    rateLimited: () => duffelError(429, 'rate_limit_error', duffelOrderErrorCodes.rateLimited, 'simulated rate limit'),
    expiredToken: () =>
      duffelError(401, 'authentication_error', duffelOrderErrorCodes.unauthorized, 'access token not found'),
    timeout: () => duffelError(504, 'api_error', 'gateway_timeout', 'simulated timeout'),
  };

  /** Auth, version, latency and faults; the fault to apply to the body, or undefined once it replied. */
  async function admit(request: FastifyRequest, reply: FastifyReply): Promise<Fault | undefined> {
    if (bearerOf(request) !== context.credentials.duffelAccessToken) {
      await reply.code(401).send(faultBodies.expiredToken());
      return undefined;
    }
    const version = request.headers['duffel-version'];
    if (typeof version !== 'string' || !SUPPORTED_VERSIONS.has(version)) {
      const message = 'the Duffel-Version header is missing or unsupported';
      await reply.code(400).send(duffelError(400, 'invalid_request_error', 'unsupported_version', message));
      return undefined;
    }
    await sleep(faults.latencyMs());
    const fault = faults.decide(false);
    return (await replyWithFault(reply, fault, faults, faultBodies)) ? undefined : fault;
  }

  app.post('/duffel/air/offer_requests', async (request, reply) => {
    const fault = await admit(request, reply);
    if (!fault) {
      return reply;
    }
    const body = duffelOfferRequestBody.safeParse(request.body);
    if (!body.success) {
      const message = body.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return reply.code(422).send(duffelError(422, 'validation_error', duffelOrderErrorCodes.invalidRequest, message));
    }
    const [slice] = body.data.data.slices;
    const cabins: readonly Cabin[] = body.data.data.cabin_class
      ? [body.data.data.cabin_class.toUpperCase() as Cabin]
      : context.cabins;
    const flights = slice
      ? context.schedule.flightsOnRoute('duffel', slice.origin, slice.destination, slice.departure_date)
      : [];
    const fares = quoteFares(context, flights, cabins);
    const rendered = renderDuffelOfferRequest(fares, {
      id: `orq_${randomBytes(8).toString('hex')}`,
      nowMs: clock.now(),
      slices: body.data.data.slices,
      carrierNames: context.carrierNames,
    });
    const [first] = rendered.data.offers;
    if (first && faults.corruptOffer()) {
      (first as { total_amount?: unknown }).total_amount = undefined;
    }
    return sendPossiblyMalformed(reply, 201, rendered, fault);
  });

  app.post('/duffel/air/orders', async (request, reply) => {
    const fault = await admit(request, reply);
    if (!fault) {
      return reply;
    }
    const body = duffelCreateOrderRequest.safeParse(request.body);
    if (!body.success) {
      const message = body.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return reply.code(422).send(duffelError(422, 'validation_error', duffelOrderErrorCodes.invalidRequest, message));
    }
    const key = request.headers['idempotency-key'];
    const outcome = context.orderBook.createOrder(body.data, typeof key === 'string' ? key : undefined);
    if (!outcome.ok) {
      return reply
        .code(outcome.status)
        .send(duffelError(outcome.status, 'invalid_request_error', outcome.code, outcome.message));
    }
    return sendPossiblyMalformed(reply, outcome.status, outcome.order, fault);
  });
}
