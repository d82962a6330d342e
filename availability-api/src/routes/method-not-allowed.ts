import { HttpError } from '@fareflow/shared';
import type { FastifyInstance, HTTPMethods } from 'fastify';

const REFUSED: HTTPMethods[] = ['DELETE', 'PATCH', 'POST', 'PUT'];

/**
 * The `/v1` resources are read-only: a write method on one of them is 405 with `Allow`, answered at
 * once (no key needed to learn what a URL allows), rather than a 404 saying the URL does not exist.
 * HEAD comes with every GET route (Fastify's sibling HEAD routes); OPTIONS is the CORS preflight.
 */
export function refuseWrites(app: FastifyInstance, urls: readonly string[]): void {
  for (const url of urls) {
    app.route({
      method: REFUSED,
      url,
      schema: { hide: true },
      handler: async (request, reply) => {
        void reply.header('allow', 'GET, HEAD, OPTIONS');
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on this resource; use GET`);
      },
    });
  }
}
