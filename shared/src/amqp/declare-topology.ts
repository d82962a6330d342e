import type { Channel } from 'amqplib';

import type { QueueSpec, Topology } from '../messages/topology';
import type { AmqpConnection } from './amqp-connection';

export async function declareExchanges(channel: Channel, topology: Topology): Promise<void> {
  await channel.assertExchange(topology.eventsExchange, 'topic', { durable: true });
  await channel.assertExchange(topology.deadLetterExchange, 'direct', { durable: true });
}

/**
 * Declares a durable quorum queue with bounded redelivery and at-least-once dead-lettering,
 * plus its dead-letter queue. Idempotent: the same arguments redeclare nothing.
 */
export async function declareQueue(channel: Channel, topology: Topology, spec: QueueSpec): Promise<void> {
  await declareExchanges(channel, topology);
  const deadLetterQueue = topology.deadLetterQueueOf(spec.name);
  await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetterQueue, topology.deadLetterExchange, spec.name);
  await channel.assertQueue(spec.name, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': spec.deliveryLimit,
      'x-dead-letter-exchange': topology.deadLetterExchange,
      'x-dead-letter-routing-key': spec.name,
      // at-least-once dead-lettering needs reject-publish overflow (RabbitMQ >= 3.10).
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    },
  });
  for (const binding of spec.bindings) {
    await channel.bindQueue(spec.name, binding.exchange, binding.routingKey);
  }
}

/**
 * Whether a queue exists, without creating it: a passive declare on a throwaway channel (a missing
 * queue is a 404 that closes the channel). Other failures (connection lost) are thrown.
 */
export async function queueExists(connection: AmqpConnection, name: string): Promise<boolean> {
  const probe = await connection.createConfirmChannel();
  // The 404 also arrives as an 'error' event on the channel; the rejected promise below reports it.
  probe.on('error', () => undefined);
  try {
    await probe.checkQueue(name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) {
      return false;
    }
    throw error;
  }
  await probe.close().catch(() => undefined);
  return true;
}
