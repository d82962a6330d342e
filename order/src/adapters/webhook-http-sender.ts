import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

import { coerceError } from '@fareflow/shared';

import { refuseAddress, refuseUrlForm, type WebhookUrlPolicy } from '../domain/webhook-url-policy';
import { createGuardedLookup } from './webhook-address-guard';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one POST came to: the receiver's status code, or why there was none. */
export type WebhookResponse =
  | { kind: 'answered'; statusCode: number; durationMs: number }
  | { kind: 'unreachable'; error: string; durationMs: number };

/**
 * POSTs signed webhooks. Contract: never throws, never follows redirects (a 3xx is a failure), ends
 * every request after `timeoutMs` whatever the receiver does (a slow body, a hung socket), reads at
 * most a little of the answer, and connects only to addresses the policy allows, checked at connect.
 */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
  close(): void;
}

export interface WebhookSenderOptions {
  policy: WebhookUrlPolicy;
  timeoutMs: number;
  /** Open sockets per receiver host (keep-alive); the dispatcher's concurrency bounds the rest. */
  maxSocketsPerHost: number;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost, timeout: options.timeoutMs };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  const lookups = {
    'http:': createGuardedLookup('http:', options.policy),
    'https:': createGuardedLookup('https:', options.policy),
  };

  function send(request: WebhookRequest): Promise<WebhookResponse> {
    const startedAt = Date.now();
    const elapsed = () => Date.now() - startedAt;
    const unreachable = (error: string): WebhookResponse => ({ kind: 'unreachable', error, durationMs: elapsed() });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(unreachable('invalid URL'));
    }
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // Node connects to an IP-literal host without calling `lookup`: check it here.
    const refused =
      refuseUrlForm(url, options.policy) ?? (isIP(host) ? refuseAddress(protocol, host, options.policy) : undefined);
    if (refused) {
      return Promise.resolve(unreachable(`refused: ${refused}`));
    }
    return new Promise((resolve) => {
      let isDone = false;
      const finish = (response: WebhookResponse) => {
        if (!isDone) {
          isDone = true;
          clearTimeout(timer);
          resolve(response);
        }
      };
      const client = protocol === 'http:' ? http : https;
      const outgoing = client.request(url, {
        method: 'POST',
        agent: agents[protocol],
        lookup: lookups[protocol],
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'Fareflow-Webhooks/1.0',
        },
      });
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      outgoing.on('response', (incoming) => {
        const statusCode = incoming.statusCode ?? 0;
        let received = 0;
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // The answer's body means nothing to us: a receiver streaming one forever is cut off.
          if (received > 64 * 1024) {
            incoming.destroy();
            finish({ kind: 'answered', statusCode, durationMs: elapsed() });
          }
        });
        incoming.on('end', () => finish({ kind: 'answered', statusCode, durationMs: elapsed() }));
        incoming.on('error', () => finish({ kind: 'answered', statusCode, durationMs: elapsed() }));
      });
      outgoing.on('error', (error) => finish(unreachable(coerceError(error).message)));
      outgoing.end(request.body);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
