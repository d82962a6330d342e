import { Client, policies, types } from 'cassandra-driver';

import type { RegionSettings } from '../config';
import { coerceError } from '../errors';
import type { Logger } from '../logging';
import { guardControlConnection } from './control-connection-guard';

export interface RegionStore {
  region: string;
  keyspace: string;
  client: Client;
}

export interface RegionClientOptions {
  regions: RegionSettings;
  keyspacePrefix: string;
  /** A dead node must not stall callers: fail fast, let the caller answer 503. */
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  /**
   * Where a contained driver fault (see `guardControlConnection`) is logged, as an outage of the
   * region; without one it is a process warning on stderr.
   */
  logger?: Logger;
}

export function keyspaceOf(prefix: string, region: string): string {
  return `${prefix}_${region}`;
}

/**
 * One client per region, pinned to that region's datacenter (the driver never routes to a
 * remote DC), so an outage in one region cannot slow another. Clients connect lazily: a region
 * that is down at start-up does not stop the process, and neither does a driver fault while a
 * region's node flaps (see `guardControlConnection`).
 */
export function createRegionClient(region: string, options: RegionClientOptions): RegionStore {
  const settings = options.regions[region];
  if (!settings) {
    throw new Error(`no Cassandra settings for region "${region}"`);
  }
  const client = new Client({
    contactPoints: settings.contactPoints,
    localDataCenter: settings.localDataCenter,
    policies: {
      loadBalancing: new policies.loadBalancing.TokenAwarePolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy(settings.localDataCenter),
      ),
      reconnection: new policies.reconnection.ExponentialReconnectionPolicy(500, 5_000, false),
    },
    socketOptions: {
      readTimeout: options.readTimeoutMs ?? 2_000,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
    },
    queryOptions: { consistency: types.consistencies.localQuorum, prepare: true },
    pooling: { coreConnectionsPerHost: { [types.distance.local]: 2, [types.distance.remote]: 0 } },
  });
  guardControlConnection(client, region, ({ error }) => {
    const err = coerceError(error);
    if (options.logger) {
      options.logger.warn(
        { region, err },
        'cassandra control connection failed (driver fault contained): the region is down until it reconnects',
      );
    } else {
      process.emitWarning(`cassandra ${region}: control connection failed (contained): ${err.message}`);
    }
  });
  return { region, keyspace: keyspaceOf(options.keyspacePrefix, region), client };
}

export function createRegionClients(options: RegionClientOptions): Map<string, RegionStore> {
  return new Map(Object.keys(options.regions).map((region) => [region, createRegionClient(region, options)]));
}
