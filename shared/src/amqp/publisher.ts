import { once } from 'node:events';

import type { ConfirmChannel } from 'amqplib';

import { coerceError, RetryableError } from '../errors';
import type { Logger } from '../logging';
import type { AmqpConnection } from './amqp-connection';

export interface PublishOptions {
  /** Defaults to the publisher's exchange. */
  exchange?: string;
  /** Stable id of the message (idempotency key downstream). */
  messageId: string;
  headers?: Record<string, string | number | boolean>;
}

export interface Publisher {
  /**
   * Resolves only when the broker has confirmed the message (persisted to a quorum of the
   * queue's replicas). Rejects with a RetryableError on nack or a lost channel: the caller
   * publishes again, and consumers dedupe by `messageId`.
   */
  publish(routingKey: string, message: unknown, options: PublishOptions): Promise<void>;
  close(): Promise<void>;
}

export interface PublisherOptions {
  connection: AmqpConnection;
  exchange: string;
  logger: Logger;
  /** Runs on each new channel before use, e.g. to declare the queues this publisher feeds. */
  prepare?: (channel: ConfirmChannel) => Promise<void>;
}

export async function createPublisher(options: PublisherOptions): Promise<Publisher> {
  const { connection, logger } = options;
  let channel: ConfirmChannel | undefined;
  let drained: Promise<unknown> | undefined;

  await connection.onConnected(async () => {
    const next = await connection.createConfirmChannel();
    next.on('error', (error: unknown) => logger.warn({ err: coerceError(error) }, 'publisher channel error'));
    next.on('close', () => {
      if (channel === next) {
        channel = undefined;
      }
    });
    await options.prepare?.(next);
    channel = next;
    drained = undefined;
  });

  return {
    async publish(routingKey, message, publishOptions) {
      if (drained) {
        await drained;
      }
      const target = channel;
      if (!target) {
        throw new RetryableError('AMQP_UNAVAILABLE', 'no amqp channel: broker connection is down');
      }
      const body = Buffer.from(JSON.stringify(message));
      await new Promise<void>((resolve, reject) => {
        const isBufferFree = target.publish(
          publishOptions.exchange ?? options.exchange,
          routingKey,
          body,
          {
            persistent: true,
            contentType: 'application/json',
            messageId: publishOptions.messageId,
            timestamp: Date.now(),
            ...(publishOptions.headers ? { headers: publishOptions.headers } : {}),
          },
          (error: unknown) => {
            if (error) {
              reject(new RetryableError('AMQP_NOT_CONFIRMED', 'broker did not confirm the message', { cause: error }));
            } else {
              resolve();
            }
          },
        );
        if (!isBufferFree && !drained) {
          // Socket buffer full: hold further publishes until it drains (backpressure).
          drained = once(target, 'drain').finally(() => {
            drained = undefined;
          });
        }
      });
    },
    async close() {
      const target = channel;
      channel = undefined;
      if (target) {
        await target.waitForConfirms().catch(() => undefined);
        await target.close().catch(() => undefined);
      }
    },
  };
}
