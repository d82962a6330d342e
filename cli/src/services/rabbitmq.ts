import amqp from 'amqplib';

import { hasCommand, installDebianPackages, run, waitFor } from './probe';

async function canConnect(url: string): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Uses the RabbitMQ at `url` if it answers; otherwise starts the local broker
 * (`rabbitmq-server -detached`), installing Debian's `rabbitmq-server` first when missing and we are root.
 */
export async function ensureRabbitMq(url: string, log: (message: string) => void): Promise<void> {
  if (await canConnect(url)) {
    log('rabbitmq: reachable');
    return;
  }
  if (!(await hasCommand('rabbitmq-server'))) {
    await installDebianPackages(['rabbitmq-server'], log);
  }
  log('rabbitmq: starting the local broker');
  await run('rabbitmq-server', ['-detached']);
  if (!(await waitFor(() => canConnect(url), 60_000, 1_000))) {
    throw new Error(`rabbitmq: not reachable at ${new URL(url).host} after starting it; see /var/log/rabbitmq/`);
  }
  log('rabbitmq: started');
}

export async function isRabbitMqUp(url: string): Promise<boolean> {
  return canConnect(url);
}
