import {
  createAirlineBookingClient,
  createAmqpConnection,
  createMetricsRegistry,
  createOfferCodec,
  createPgPool,
  createPublisher,
  createRegionRouter,
  createTopology,
  declareQueue,
  exponentialBackoff,
  findPrincipalByToken,
  type GracefulShutdown,
  type Logger,
  orderQueue,
  type Publisher,
  type RegionRouter,
  runService,
  type ServiceContext,
  startMetricsServer,
} from '@fareflow/shared';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';

import { createOutboxSentMarker } from './adapters/outbox-sent-marker';
import { createSimulatedPaymentGateway } from './adapters/simulated-payment-gateway';
import { createSubmittedOrderWriter } from './adapters/submitted-order-writer';
import { createWebhookSender } from './adapters/webhook-http-sender';
import { createWebhookSecretBox, type WebhookSecretBox } from './adapters/webhook-secret-box';
import { buildApp } from './app';
import { loadOrderConfig, type OrderConfig, settledChannelOf } from './config';
import type { WebhookUrlPolicy } from './domain/webhook-url-policy';
import { createSettledListener } from './http/order-settled-listener';
import { createOrderMetrics, type OrderMetrics } from './metrics';
import type { OrderCommandDeps } from './use-cases/order-commands';
import { createOrderProcessor, type OrderProcessor } from './use-cases/process-orders';
import { createWebhookMetrics } from './webhook-metrics';
import { createFareFeedWorker } from './workers/fare-feed-worker';
import { createHoldSweeper } from './workers/hold-sweeper';
import { createOrderWorker } from './workers/order-worker';
import { createOutboxRelay } from './workers/outbox-relay';
import { createPreorderWorker } from './workers/preorder-worker';
import { createWebhookDispatcher } from './workers/webhook-dispatcher';

/**
 * Composition root of the order service: API, order worker, outbox relay, hold sweeper, pre-order
 * consumer and webhook delivery, each enabled by ORDER_ROLES. Resources are registered for shutdown right
 * after creation, so they close in reverse: intake first, then loops, broker, database.
 */
async function start({ config, logger, shutdown }: ServiceContext<OrderConfig>): Promise<void> {
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: config.PG_POOL_MAX,
    applicationName: `order:${config.ORDER_ROLES.join('+')}`,
  });
  shutdown.register('postgres pool', () => pool.end());
  const registry = createMetricsRegistry('order');
  const metrics = createOrderMetrics(registry);
  const regions = createRegionRouter(config.REGION_MAPPING);
  const commands = createCommandDeps(config, pool, metrics, logger, regions);
  const processor = createOrderProcessor(commands);
  const publisher = await startMessaging(config, { pool, metrics, logger, shutdown, processor, commands, regions });
  if (config.ORDER_ROLES.includes('sweeper')) {
    const sweeper = createHoldSweeper({
      ...commands,
      processor,
      staleMs: config.ORDER_STALE_AFTER_MS,
      batchSize: 500,
      intervalMs: config.ORDER_SWEEP_INTERVAL_MS,
    });
    sweeper.start();
    shutdown.register('hold sweeper', () => sweeper.stop());
  }
  const secrets = createWebhookSecretBox(config.WEBHOOK_SECRET_KEY ?? config.OFFER_SECRET);
  if (config.ORDER_ROLES.includes('webhooks')) {
    startWebhookDispatcher(config, { pool, logger, shutdown, registry, secrets });
  }
  if (config.ORDER_ROLES.includes('api')) {
    await startApi(config, { pool, logger, shutdown, commands, registry, publisher, secrets });
  } else {
    const server = await startMetricsServer(registry, config.ORDER_METRICS_PORT);
    shutdown.register('metrics server', () => server.close());
  }
  logger.info({ roles: config.ORDER_ROLES, schema: config.PG_SCHEMA, prefix: config.AMQP_PREFIX }, 'order service up');
}

function createCommandDeps(
  config: OrderConfig,
  pool: Pool,
  metrics: OrderMetrics,
  logger: Logger,
  regions: RegionRouter,
): OrderCommandDeps {
  const gateway = createSimulatedPaymentGateway({
    db: pool,
    declineRate: config.PAYMENT_DECLINE_RATE,
    timeoutRate: config.PAYMENT_TIMEOUT_RATE,
    latencyMs: config.PAYMENT_LATENCY_MS,
    timeoutMs: config.PAYMENT_TIMEOUT_MS,
  });
  return {
    pool,
    metrics,
    logger,
    settledChannel: settledChannelOf(config.PG_SCHEMA),
    regionOfFlight: regions.regionOfFlight,
    salesCutoffMs: config.SALES_CUTOFF_MINUTES * 60_000,
    offers: createOfferCodec(config.OFFER_SECRET),
    payments: {
      gateway,
      statusChecks: 3,
      statusBackoff: exponentialBackoff({ baseMs: 200, capMs: 2_000 }),
      onTimeout: () => metrics.paymentFailures.inc({ reason: 'timeout' }),
    },
  };
}

interface Parts {
  pool: Pool;
  metrics: OrderMetrics;
  logger: Logger;
  shutdown: GracefulShutdown;
  processor: OrderProcessor;
  commands: OrderCommandDeps;
  regions: RegionRouter;
}

async function startMessaging(config: OrderConfig, parts: Parts): Promise<Publisher> {
  const { pool, metrics, logger, shutdown } = parts;
  const topology = createTopology(config.AMQP_PREFIX);
  const connection = createAmqpConnection({ url: config.AMQP_URL, logger, connectionName: 'order' });
  await connection.start();
  shutdown.register('amqp connection', () => connection.close());
  // Declared by the publisher too, so that nothing it sends goes into the void.
  const publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger,
    prepare: async (channel) => {
      await declareQueue(channel, topology, orderQueue(topology));
      // The outbox routes each inventory event to its flight's region: every region's queue must exist.
      for (const region of parts.regions.regions) {
        await declareQueue(channel, topology, topology.queues.aggregatorInventoryIn(region));
      }
    },
  });
  shutdown.register('publisher', () => publisher.close());
  const retryBackoff = exponentialBackoff({ baseMs: 200, capMs: 5_000 });
  if (config.ORDER_ROLES.includes('relay')) {
    const relay = createOutboxRelay({
      pool,
      publisher,
      logger,
      metrics,
      batchSize: config.ORDER_RELAY_BATCH_SIZE,
      pollIntervalMs: config.ORDER_RELAY_POLL_MS,
      retentionMs: config.ORDER_OUTBOX_RETENTION_MS,
    });
    relay.start();
    shutdown.register('outbox relay', () => relay.stop());
  }
  if (config.ORDER_ROLES.includes('preorders')) {
    const airline = createAirlineBookingClient({
      baseUrl: config.AIRLINE_BOOKING_URL,
      accessToken: config.AIRLINE_ACCESS_TOKEN,
      timeoutMs: config.AIRLINE_TIMEOUT_MS,
    });
    const preorders = createPreorderWorker({
      connection,
      topology,
      logger,
      retryBackoff,
      preorders: {
        pool,
        airline,
        logger,
        regionOfFlight: parts.regions.regionOfFlight,
        salesCutoffMs: config.SALES_CUTOFF_MINUTES * 60_000,
      },
    });
    await preorders.start();
    shutdown.register('pre-order consumer', () => preorders.stop());
  }
  if (config.ORDER_ROLES.includes('fares')) {
    const fares = createFareFeedWorker({
      connection,
      topology,
      pool,
      logger,
      defaultOversellLimit: config.ORDER_DEFAULT_OVERSELL_LIMIT,
      retryBackoff,
    });
    await fares.start();
    shutdown.register('fare feed consumer', () => fares.stop());
  }
  if (config.ORDER_ROLES.includes('worker')) {
    const worker = createOrderWorker({
      connection,
      topology,
      processor: parts.processor,
      logger,
      prefetch: config.ORDER_WORKER_PREFETCH,
      batchSize: config.ORDER_WORKER_BATCH_SIZE,
      batchWaitMs: config.ORDER_WORKER_BATCH_WAIT_MS,
      maxConcurrentBatches: config.ORDER_WORKER_CONCURRENCY,
      retryBackoff,
    });
    await worker.start();
    shutdown.register('order consumer', () => worker.stop());
  }
  return publisher;
}

const webhookPolicyOf = (config: OrderConfig): WebhookUrlPolicy => ({
  allowHttpLoopback: config.WEBHOOK_ALLOW_HTTP_LOOPBACK,
  allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
});

function startWebhookDispatcher(
  config: OrderConfig,
  parts: Pick<Parts, 'pool' | 'logger' | 'shutdown'> & { registry: Registry; secrets: WebhookSecretBox },
): void {
  const dispatcher = createWebhookDispatcher({
    pool: parts.pool,
    logger: parts.logger,
    metrics: createWebhookMetrics(parts.registry),
    secrets: parts.secrets,
    sender: createWebhookSender({
      policy: webhookPolicyOf(config),
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxSocketsPerHost: config.WEBHOOK_CONCURRENCY,
    }),
    backoff: exponentialBackoff({ baseMs: config.WEBHOOK_RETRY_BASE_MS, capMs: config.WEBHOOK_RETRY_MAX_MS }),
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    perEndpoint: config.WEBHOOK_BATCH_PER_ENDPOINT,
    leaseMs: config.WEBHOOK_LEASE_MS,
    pollMs: config.WEBHOOK_POLL_MS,
    retryWindowMs: config.WEBHOOK_RETRY_WINDOW_MS,
    holdExpiringLeadMs: config.WEBHOOK_HOLD_EXPIRING_LEAD_MS,
  });
  dispatcher.start();
  parts.shutdown.register('webhook dispatcher', () => dispatcher.stop());
}

async function startApi(
  config: OrderConfig,
  parts: Pick<Parts, 'pool' | 'logger' | 'shutdown' | 'commands'> & {
    registry: Registry;
    publisher: Publisher;
    secrets: WebhookSecretBox;
  },
): Promise<void> {
  const { pool, logger, shutdown } = parts;
  const listener = await createSettledListener({ pool, channel: settledChannelOf(config.PG_SCHEMA), logger });
  shutdown.register('settled listener', () => listener.close());
  const sentMarker = createOutboxSentMarker({ db: pool, logger, flushMs: 20 });
  shutdown.register('outbox sent marker', () => sentMarker.close());
  const app = await buildApp({
    logger,
    registry: parts.registry,
    findPrincipal: (token) => findPrincipalByToken(pool, token),
    submit: {
      pool,
      storeOrder: createSubmittedOrderWriter(pool),
      publisher: parts.publisher,
      sentMarker,
      onSaleCache: new Map(),
      onSaleCacheTtlMs: 5_000,
      logger,
      holdTtlMs: config.ORDER_HOLD_TTL_MS,
      relayGraceMs: config.ORDER_RELAY_GRACE_MS,
      offers: parts.commands.offers,
      salesCutoffMs: parts.commands.salesCutoffMs,
    },
    commands: parts.commands,
    listener,
    maxWaitSeconds: config.ORDER_MAX_WAIT_SECONDS,
    readinessChecks: { postgres: async () => void (await pool.query('SELECT 1')) },
    webhooks: {
      pool,
      secrets: parts.secrets,
      policy: webhookPolicyOf(config),
      retryWindowMs: config.WEBHOOK_RETRY_WINDOW_MS,
      maxEndpointsPerTenant: config.WEBHOOK_MAX_ENDPOINTS_PER_TENANT,
    },
  });
  await app.listen({ host: config.ORDER_API_HOST, port: config.ORDER_API_PORT });
  shutdown.register('http server', () => app.close());
}

runService(
  { name: 'order', loadConfig: loadOrderConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
