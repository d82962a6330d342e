import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

import { coerceError } from '../errors';
import type { Logger } from '../logging';
import { type Backoff, exponentialBackoff, sleep } from '../retry';

/** Runs on every (re)connection: declare topology, open channels, start consumers. */
export type ConnectionSetup = (connection: ChannelModel) => Promise<void>;

export interface AmqpConnection {
  /** Resolves once connected the first time; later drops reconnect in the background. */
  start(): Promise<void>;
  /** Registers a setup; if already connected it also runs now. */
  onConnected(setup: ConnectionSetup): Promise<void>;
  createConfirmChannel(): Promise<ConfirmChannel>;
  isConnected(): boolean;
  /** Idempotent; stops reconnecting and closes the connection. */
  close(): Promise<void>;
}

export interface AmqpConnectionOptions {
  url: string;
  logger: Logger;
  /** Shown in the broker's management UI. */
  connectionName: string;
  backoff?: Backoff;
}

export function createAmqpConnection(options: AmqpConnectionOptions): AmqpConnection {
  const { url, logger, connectionName } = options;
  const backoff = options.backoff ?? exponentialBackoff({ baseMs: 200, capMs: 10_000 });
  const setups: ConnectionSetup[] = [];
  let current: ChannelModel | undefined;
  let closing = false;
  let connecting: Promise<void> | undefined;

  async function connectOnce(): Promise<void> {
    const connection = await amqp.connect(url, { clientProperties: { connection_name: connectionName } });
    connection.on('error', (error: unknown) => logger.warn({ err: coerceError(error) }, 'amqp connection error'));
    connection.on('close', () => {
      current = undefined;
      if (!closing) {
        logger.warn('amqp connection lost; reconnecting');
        void reconnect();
      }
    });
    current = connection;
    for (const setup of setups) {
      await setup(connection);
    }
  }

  function reconnect(): Promise<void> {
    connecting ??= (async () => {
      for (let attempt = 1; !closing; attempt += 1) {
        try {
          await connectOnce();
          logger.info({ attempt }, 'amqp connected');
          return;
        } catch (error) {
          logger.warn({ err: coerceError(error), attempt }, 'amqp connect failed');
          await current?.close().catch(() => undefined);
          current = undefined;
          await sleep(backoff(attempt));
        }
      }
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    async start() {
      // The first connection fails fast so that a wrong URL is a start-up error, not a silent loop.
      await connectOnce();
    },
    async onConnected(setup) {
      setups.push(setup);
      if (current) {
        await setup(current);
      }
    },
    async createConfirmChannel() {
      if (!current) {
        throw new Error('amqp is not connected');
      }
      return current.createConfirmChannel();
    },
    isConnected: () => current !== undefined,
    async close() {
      closing = true;
      const connection = current;
      current = undefined;
      await connection?.close().catch(() => undefined);
    },
  };
}
