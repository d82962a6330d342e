import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body's `type` and `data`. */
  type: string;
  data: Record<string, unknown>;
}

/** How the receiver answers a request to `path`: a status code, or `hang` (never answers). */
export type Responder = (path: string, nth: number) => number | 'hang';

export interface WebhookReceiver {
  url(path: string): string;
  received: ReceivedWebhook[];
  on(path: string): ReceivedWebhook[];
  respond: Responder;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 in the test process: records every request, answers as `respond` says. */
export async function startWebhookReceiver(
  respond: Responder = () => 200,
  options: { delayMs?: number } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: (path) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    on: (path) => received.filter((entry) => entry.path === path),
    respond,
    async close() {
      hanging.forEach((response) => response.destroy());
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      received.push({ path, headers: request.headers, body, type: parsed.type, data: parsed.data });
      const nth = (counts.get(path) ?? 0) + 1;
      counts.set(path, nth);
      const answer = receiver.respond(path, nth);
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      if (options.delayMs) {
        setTimeout(() => response.writeHead(answer).end(), options.delayMs);
      } else {
        response.writeHead(answer).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return receiver;
}
