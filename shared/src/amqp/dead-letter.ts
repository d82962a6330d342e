import type { ConfirmChannel, ConsumeMessage } from 'amqplib';

import type { Topology } from '../messages/topology';

export interface DeadLetterReason {
  code: string;
  message: string;
}

/**
 * Publishes a copy of `message` to the queue's dead-letter queue with the reason in headers,
 * and resolves once the broker confirmed it. Only then may the original be acked.
 */
export function publishDeadLetter(
  channel: ConfirmChannel,
  topology: Topology,
  queueName: string,
  message: ConsumeMessage,
  reason: DeadLetterReason,
): Promise<void> {
  const { properties } = message;
  return new Promise((resolve, reject) => {
    channel.publish(
      topology.deadLetterExchange,
      queueName,
      message.content,
      {
        persistent: true,
        contentType: properties.contentType as string | undefined,
        messageId: properties.messageId as string | undefined,
        headers: {
          ...(properties.headers ?? {}),
          'x-fareflow-error-code': reason.code,
          'x-fareflow-error': reason.message.slice(0, 2000),
          'x-fareflow-source-queue': queueName,
          'x-fareflow-dead-lettered-at': new Date().toISOString(),
        },
      },
      (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
    );
  });
}

/** Which attempt this delivery is (1 = first), from the quorum queue's delivery counter. */
export function attemptOf(message: ConsumeMessage): number {
  const count: unknown = message.properties.headers?.['x-delivery-count'];
  return typeof count === 'number' ? count + 1 : 1;
}
