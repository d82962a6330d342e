import type { Logger } from '@fareflow/shared';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';

import type { ServiceEndpoint } from './config';
import { errorResponse, type ProxyResponse, type Upstream, type UpstreamProxy } from './upstream-proxy';

export interface ConsoleAppDeps {
  logger: Logger;
  /** The built browser bundle (index.html, app.js, app.css). */
  bundleDir: string;
  proxy: UpstreamProxy;
  /** The regional availability APIs, the default region first. */
  availability: readonly Upstream[];
  order: Upstream;
  services: Readonly<Record<string, ServiceEndpoint>>;
}

const BODY_LIMIT_BYTES = 64 * 1024;

// The page loads only its own script and style; API calls go to this same origin.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function send(reply: FastifyReply, response: ProxyResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body);
}

/** `/api/order/v1/orders?x` -> `/v1/orders?x`: the path after the mount point, with the query. */
function upstreamPath(request: FastifyRequest, mount: string): string {
  return request.url.slice(mount.length) || '/';
}

/** The console's one origin: the page, the APIs behind it, and every service's health and metrics. */
export async function buildConsoleApp(deps: ConsoleAppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so the instance is the plain FastifyInstance plugins expect.
  const logger: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });

  app.get('/healthz', async () => ({ status: 'ok' }));

  await app.register(async (api) => {
    // Bodies go through untouched (the APIs validate them): read as bytes, whatever the type.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    const mounts: Array<[string, readonly Upstream[]]> = [
      ['/api/availability', deps.availability],
      ['/api/order', [deps.order]],
    ];
    for (const [mount, upstreams] of mounts) {
      api.all(`${mount}/*`, async (request, reply) =>
        send(
          reply,
          await deps.proxy.forward(upstreams, {
            method: request.method,
            path: upstreamPath(request, mount),
            headers: request.headers,
            body: Buffer.isBuffer(request.body) ? request.body : undefined,
          }),
        ),
      );
    }
  });

  app.get('/ops/services', async () => ({ services: Object.keys(deps.services) }));
  app.get<{ Params: { name: string; what: string } }>('/ops/:name/:what', async (request, reply) => {
    const service = deps.services[request.params.name];
    const { what } = request.params;
    if (service === undefined || (what !== 'health' && what !== 'metrics')) {
      return send(reply, errorResponse(404, 'NOT_FOUND', `no service ${request.params.name} with ${what}`));
    }
    const upstream = { label: request.params.name, baseUrl: service.url };
    const path = what === 'health' ? service.health : '/metrics';
    return send(reply, await deps.proxy.forward([upstream], { method: 'GET', path, headers: {} }));
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  await app.register(fastifyStatic, { root: deps.bundleDir, index: 'index.html', cacheControl: false });
  app.setNotFoundHandler((request, reply) =>
    request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/ops/')
      ? reply.sendFile('index.html')
      : send(reply, errorResponse(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  return app;
}
