import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { type ErrorMappingOptions, toErrorResponse } from './error-response';

/**
 * Installs the single error handler and a JSON 404. Every error becomes
 * `{ error: { code, message, field? } }`; bad input is 4xx, never 500; 5xx hide their message and
 * are logged with the request id. Retryable errors (a store that is down) answer 503 with
 * `Retry-After: 1`.
 */
export function registerErrorHandler(app: FastifyInstance, options: ErrorMappingOptions = {}): void {
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error, options);
    if (response.isServerError) {
      request.log.error({ err: error, reqId: request.id, url: request.url }, 'request failed');
    }
    if (response.statusCode === 503 && !reply.hasHeader('retry-after')) {
      void reply.header('retry-after', '1');
    }
    // Sent as text: a route's response schema must never get a chance to reject an error body.
    return reply.code(response.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(response.body));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}

/**
 * For `Fastify({ frameworkErrors })`: errors Fastify raises before routing (a URL that is not
 * valid percent-encoding, say) bypass `setErrorHandler`; this gives them the same JSON shape.
 */
export function frameworkErrorHandler(
  error: Error & { statusCode?: number },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const response = toErrorResponse(error);
  void reply.code(response.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(response.body));
}
