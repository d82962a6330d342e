import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { z } from 'zod';

import { AppError, coerceError, isRetryable, PermanentError } from '../errors';
import type { Logger } from '../logging';
import type { QueueSpec, Topology } from '../messages/topology';
import { type Backoff, sleep } from '../retry';
import type { AmqpConnection } from './amqp-connection';
import { attemptOf, type DeadLetterReason, publishDeadLetter } from './dead-letter';
import { declareQueue, queueExists } from './declare-topology';

export interface Delivery<T> {
  message: T;
  messageId: string | undefined;
  /** 1 on first delivery; grows with each redelivery. */
  attempt: number;
}

export interface ConsumerOptions<S extends z.ZodType> {
  connection: AmqpConnection;
  topology: Topology;
  queue: QueueSpec;
  schema: S;
  logger: Logger;
  /**
   * Handles a batch; resolve only after the work committed. A PermanentError dead-letters
   * (a failing batch is retried one message at a time to find the poison one); an outage holds
   * the batch (see `isOutage`); any other error redelivers after `retryBackoff`, until
   * `queue.deliveryLimit` attempts.
   */
  handle(batch: Delivery<z.output<S>>[]): Promise<void>;
  /** Unacked messages the broker may send at once. Bounds memory: this is the backpressure. */
  prefetch: number;
  batchSize?: number;
  /** How long a partial batch waits for more messages. */
  batchWaitMs?: number;
  /** How many batches may be handled at the same time. */
  maxConcurrentBatches?: number;
  retryBackoff: Backoff;
  /** Called after a message was dead-lettered (broker confirmed), e.g. to count it by reason. */
  onDeadLettered?: (reason: DeadLetterReason) => void;
  /**
   * Errors meaning a dependency is down (e.g. the shared `isOutage`; default: none). The batch is then held and retried
   * in place with `retryBackoff`, for up to `maxHoldMs`, without counting as a delivery: a store
   * restart or a region outage delays messages instead of dead-lettering them. After `maxHoldMs`
   * the usual redelivery applies, so a message that only ever meets "outages" still ends.
   */
  isOutage?: (error: unknown) => boolean;
  /** Default 10 minutes; 0 disables holding. */
  maxHoldMs?: number;
  /** Called each time a held batch fails again, e.g. to count stalls. */
  onHeld?: (error: Error, heldMs: number) => void;
  /**
   * Consume the queue only while it exists, and never declare it: for draining a queue that is being
   * retired (an operator deletes it once empty). Checked on every (re)connection; absent = idle.
   */
  isDrainOnly?: boolean;
}

export interface Consumer {
  start(): Promise<void>;
  /** Stops intake, finishes buffered and in-flight batches, closes the channel. Idempotent. */
  stop(): Promise<void>;
}

interface Pending<T> {
  raw: ConsumeMessage;
  delivery: Delivery<T>;
}

export function createConsumer<S extends z.ZodType>(options: ConsumerOptions<S>): Consumer {
  type T = z.output<S>;
  const { connection, topology, queue } = options;
  // Every line names the queue once: callers may have bound it already (a repeated key is a
  // duplicate JSON key, since pino writes a child's bindings as they are).
  const logger =
    options.logger.bindings()['queue'] === queue.name ? options.logger : options.logger.child({ queue: queue.name });
  const batchSize = options.batchSize ?? 1;
  const batchWaitMs = options.batchWaitMs ?? 20;
  const isOutage = options.isOutage ?? (() => false);
  const maxHoldMs = options.maxHoldMs ?? 10 * 60_000;
  const maxConcurrentBatches = options.maxConcurrentBatches ?? 1;
  let channel: ConfirmChannel | undefined;
  let consumerTag: string | undefined;
  let buffer: Pending<T>[] = [];
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();
  let isStopping = false;

  async function deadLetter(target: ConfirmChannel, raw: ConsumeMessage, error: unknown): Promise<void> {
    const failure = coerceError(error);
    const code = failure instanceof AppError ? failure.code : 'UNHANDLED';
    try {
      await publishDeadLetter(target, topology, queue.name, raw, { code, message: failure.message });
      safeAck(target, raw);
      logger.warn({ messageId: raw.properties.messageId, code, reason: failure.message }, 'dead-lettered');
      options.onDeadLettered?.({ code, message: failure.message });
    } catch (publishError) {
      logger.error({ err: coerceError(publishError) }, 'dead-letter publish failed; requeueing');
      safeNack(target, raw);
    }
  }

  async function settleFailure(target: ConfirmChannel, item: Pending<T>, error: unknown): Promise<void> {
    if (!isRetryable(error) || item.delivery.attempt >= queue.deliveryLimit) {
      await deadLetter(target, item.raw, error);
      return;
    }
    logger.warn({ err: coerceError(error), attempt: item.delivery.attempt }, 'handler failed; will redeliver');
    await sleep(options.retryBackoff(item.delivery.attempt));
    safeNack(target, item.raw);
  }

  /** Runs the handler, retrying in place while the error is an outage (see `isOutage`). */
  async function handleHolding(target: ConfirmChannel, batch: Pending<T>[]): Promise<void> {
    const heldSince = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.handle(batch.map((item) => item.delivery));
        if (attempt > 1) {
          logger.info({ attempt, heldMs: Date.now() - heldSince }, 'dependency back; batch done');
        }
        return;
      } catch (error) {
        const heldMs = Date.now() - heldSince;
        if (!isOutage(error) || heldMs >= maxHoldMs || isStopping || channel !== target) {
          throw error;
        }
        if (attempt === 1) {
          logger.warn({ err: coerceError(error) }, 'dependency unavailable; holding the batch');
        }
        options.onHeld?.(coerceError(error), heldMs);
        await sleep(options.retryBackoff(attempt));
      }
    }
  }

  async function runBatch(target: ConfirmChannel, batch: Pending<T>[]): Promise<void> {
    try {
      await handleHolding(target, batch);
      batch.forEach((item) => safeAck(target, item.raw));
    } catch (error) {
      if (batch.length > 1 && !isRetryable(error)) {
        // One poison message must not sink its neighbours: retry them one by one.
        for (const item of batch) {
          await runBatch(target, [item]);
        }
        return;
      }
      await Promise.all(batch.map((item) => settleFailure(target, item, error)));
    }
  }

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    const target = channel;
    if (buffer.length === 0 || !target || inFlight.size >= maxConcurrentBatches) {
      return;
    }
    const batch = buffer.splice(0, batchSize);
    const run = runBatch(target, batch).finally(() => {
      inFlight.delete(run);
      if (buffer.length >= batchSize || isStopping) {
        flush();
      } else {
        scheduleFlush();
      }
    });
    inFlight.add(run);
  }

  function scheduleFlush(): void {
    if (buffer.length > 0 && !timer) {
      timer = setTimeout(flush, batchWaitMs);
    }
  }

  function onMessage(target: ConfirmChannel, raw: ConsumeMessage | null): void {
    if (!raw) {
      logger.warn('consumer cancelled by broker');
      return;
    }
    const parsed = parseMessage(raw, options.schema);
    if (!parsed.success) {
      void deadLetter(target, raw, parsed.error);
      return;
    }
    const messageId = raw.properties.messageId as string | undefined;
    buffer.push({ raw, delivery: { message: parsed.data, messageId, attempt: attemptOf(raw) } });
    if (buffer.length >= batchSize) {
      flush();
    } else {
      scheduleFlush();
    }
  }

  async function subscribe(): Promise<void> {
    if (isStopping) {
      return;
    }
    if (options.isDrainOnly && !(await queueExists(connection, queue.name))) {
      logger.info('queue absent: nothing to drain');
      return;
    }
    const next = await connection.createConfirmChannel();
    next.on('error', (error: unknown) => logger.warn({ err: coerceError(error) }, 'consumer channel error'));
    next.on('close', () => {
      if (channel === next) {
        channel = undefined;
        // Unacked messages go back to the queue with the channel; drop our copies.
        buffer = [];
      }
    });
    if (!options.isDrainOnly) {
      await declareQueue(next, topology, queue);
    }
    await next.prefetch(options.prefetch);
    channel = next;
    const reply = await next.consume(queue.name, (raw) => onMessage(next, raw), { noAck: false });
    consumerTag = reply.consumerTag;
  }

  return {
    async start() {
      await connection.onConnected(subscribe);
    },
    async stop() {
      if (isStopping) {
        return;
      }
      isStopping = true;
      const target = channel;
      if (target && consumerTag) {
        await target.cancel(consumerTag).catch(() => undefined);
      }
      // Finish what was delivered; without a channel, buffered messages are already back in the queue.
      while (channel && (buffer.length > 0 || inFlight.size > 0)) {
        flush();
        await Promise.race([...inFlight]);
      }
      await Promise.all([...inFlight]);
      await target?.close().catch(() => undefined);
      channel = undefined;
    },
  };
}

function parseMessage<S extends z.ZodType>(raw: ConsumeMessage, schema: S) {
  let json: unknown;
  try {
    json = JSON.parse(raw.content.toString('utf8'));
  } catch {
    return { success: false as const, error: new InvalidMessageError('body is not valid JSON') };
  }
  const result = schema.safeParse(json);
  if (result.success) {
    return { success: true as const, data: result.data as z.output<S> };
  }
  const detail = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { success: false as const, error: new InvalidMessageError(`schema violation: ${detail.join('; ')}`) };
}

class InvalidMessageError extends PermanentError<'INVALID_MESSAGE'> {
  constructor(message: string) {
    super('INVALID_MESSAGE', message);
  }
}

// A channel that closed under us already returned its unacked messages to the queue.
function safeAck(channel: ConfirmChannel, raw: ConsumeMessage): void {
  try {
    channel.ack(raw);
  } catch {
    /* redelivered by the broker; handlers are idempotent */
  }
}

function safeNack(channel: ConfirmChannel, raw: ConsumeMessage): void {
  try {
    channel.nack(raw, false, true);
  } catch {
    /* redelivered by the broker */
  }
}
