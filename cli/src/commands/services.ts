import { repositoryRoot } from '@fareflow/shared';

import type { CliConfig } from '../cli-config';
import { cassandraStatus, startCassandraCluster, stopCassandraCluster } from '../services/cassandra';
import { ensureChromium } from '../services/chromium';
import { ensurePostgres, isPostgresUp } from '../services/postgres';
import { ensureRabbitMq, isRabbitMqUp } from '../services/rabbitmq';
import { migrate } from './migrate';

type Log = (message: string) => void;

/** Idempotent: uses what is running, starts what is not, then migrates. */
export async function servicesUp(config: CliConfig, log: Log): Promise<void> {
  const startedAt = Date.now();
  await ensurePostgres(config.DATABASE_URL, log);
  await ensureRabbitMq(config.AMQP_URL, log);
  await startCassandraCluster({ rootDir: repositoryRoot, log });
  await migrate(config, log);
  // The console's browser tests need it; installed once, like the databases.
  await ensureChromium(log);
  log(`services up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

/** Stops the Cassandra nodes this checkout started; the system PostgreSQL and RabbitMQ stay as they were. */
export async function servicesDown(options: { wipe: boolean }, log: Log): Promise<void> {
  await stopCassandraCluster({ rootDir: repositoryRoot, log, wipe: options.wipe });
  log('cassandra: stopped (PostgreSQL and RabbitMQ are system services and keep running)');
}

export async function servicesStatus(config: CliConfig): Promise<{ isHealthy: boolean; lines: string[] }> {
  const [postgres, rabbit, nodes] = await Promise.all([
    isPostgresUp(config.DATABASE_URL),
    isRabbitMqUp(config.AMQP_URL),
    cassandraStatus({ rootDir: repositoryRoot }),
  ]);
  const mark = (isUp: boolean) => (isUp ? 'up  ' : 'down');
  const lines = [
    `${mark(postgres)} postgres   ${new URL(config.DATABASE_URL).host}`,
    `${mark(rabbit)} rabbitmq   ${new URL(config.AMQP_URL).host}`,
    ...nodes.map(
      (node) =>
        `${mark(node.cqlReady)} cassandra  ${node.address}:9042 dc=${node.datacenter}${node.pid ? ` pid=${node.pid}` : ''}`,
    ),
  ];
  return { isHealthy: postgres && rabbit && nodes.every((node) => node.cqlReady), lines };
}
