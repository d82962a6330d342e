import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

import { verifyWebhook, webhookSecretKey } from '@fareflow/shared';
import type { Command } from 'commander';

export interface ListenOptions {
  port: number;
  host: string;
  secret: string;
  /** Where verified events go (one JSON line each) and where refusals are reported. */
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * A webhook receiver for development: checks each request's Standard Webhooks signature (and its
 * timestamp) against the endpoint secret, answers 204 and prints the event if it holds, 401 if not.
 */
export async function listenForWebhooks(options: ListenOptions): Promise<Server> {
  webhookSecretKey(options.secret);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verdict = verifyWebhook(options.secret, request.headers, body);
      if (!verdict.isValid) {
        options.err(`refused ${request.method ?? ''} ${request.url ?? ''}: ${verdict.reason}`);
        response.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body) as { type?: string; timestamp?: string; data?: unknown };
      options.out(JSON.stringify({ id: request.headers['webhook-id'], ...event }));
      response.writeHead(204).end();
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return server;
}

/** `fareflow webhooks listen --port N --secret S`. */
export function registerWebhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('receive order webhooks (development)');
  webhooks
    .command('listen')
    .description('print verified webhook events as they arrive, one JSON line each (invalid signatures: 401)')
    .requiredOption('--port <port>', 'port to listen on')
    .requiredOption('--secret <secret>', 'the endpoint secret (whsec_...) shown when it was created')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { port: string; secret: string; host: string }) => {
      const server = await listenForWebhooks({
        port: Number(options.port),
        host: options.host,
        secret: options.secret,
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
      console.error(`listening on http://${options.host}:${options.port}/ (Ctrl-C to stop)`);
      process.once('SIGINT', () => server.close());
      await once(server, 'close');
    });
}
