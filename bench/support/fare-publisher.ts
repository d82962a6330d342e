/**
 * The pipeline benchmark's publisher, run as its own process (as ingest would be): publishes
 * `--messages` fare changes with confirms (500 unconfirmed at most), each under its flight's region
 * (half eu, half us), optionally paced, and prints `{ published, ms }` as JSON on stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  createAmqpConnection,
  createPublisher,
  createRegionRouter,
  createTopology,
  declareQueue,
  defaultRegionMapping,
  routingKeys,
} from '@fareflow/shared';
import { silentLogger, TEST_AMQP_URL } from '@fareflow/shared/test/support/test-resources';

import { futureDate, makeFareObservation } from '../../aggregator/test/support/fare-fixtures';

/** Where ingest would send each flight (the default mapping: the Americas are us, the rest eu). */
export const benchRegions = createRegionRouter(defaultRegionMapping);

const ROUTES = [
  { origin: 'FRA', destination: 'JFK' },
  { origin: 'JFK', destination: 'LHR' },
  { origin: 'CDG', destination: 'SFO' },
  { origin: 'ORD', destination: 'MUC' },
];

/** Fare change `index` (a new price of flight `index % flights`), observed now. */
export function fareChange(index: number, flights: number) {
  const flight = index % flights;
  const route = ROUTES[flight % ROUTES.length] ?? { origin: 'FRA', destination: 'JFK' };
  return makeFareObservation(
    { ...route, carrier: 'ZZ', flightNumber: String(flight % 10_000), departureDate: futureDate(10 + (flight % 15)) },
    {
      observationId: `bench-${String(index).padStart(9, '0')}`,
      price: `${100 + (index % 900)}.${String(index % 100).padStart(2, '0')}`,
    },
  );
}

export interface PublisherRun {
  prefix: string;
  count: number;
  flights: number;
  startIndex?: number;
  /** Messages per second; 0 publishes as fast as confirms allow. */
  pacedRate?: number;
}

export function spawnPublisher(run: PublisherRun): ChildProcess {
  const flags = ['--prefix', run.prefix, '--messages', String(run.count), '--flights', String(run.flights)];
  flags.push('--start-index', String(run.startIndex ?? 0), '--paced-rate', String(run.pacedRate ?? 0));
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fare-publisher.ts'), ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export async function publisherResult(child: ChildProcess): Promise<{ published: number; ms: number }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) {
    throw new Error(`publisher exited with ${code}`);
  }
  return JSON.parse(output) as { published: number; ms: number };
}

async function publish(run: Required<PublisherRun>): Promise<void> {
  const logger = silentLogger();
  const topology = createTopology(run.prefix);
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'bench-publisher' });
  await connection.start();
  const publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger,
    prepare: async (channel) => {
      for (const region of benchRegions.regions) {
        await declareQueue(channel, topology, topology.queues.aggregatorFaresIn(region));
      }
    },
  });
  const started = Date.now();
  const inFlight = new Set<Promise<void>>();
  for (let index = run.startIndex; index < run.startIndex + run.count; index += 1) {
    if (run.pacedRate > 0) {
      const due = started + ((index - run.startIndex) / run.pacedRate) * 1000;
      if (due > Date.now()) {
        await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
    }
    const message = fareChange(index, run.flights);
    const routingKey = routingKeys.fareObservationIn(benchRegions.regionOfAirport(message.origin));
    const sent = publisher.publish(routingKey, message, { messageId: message.observationId });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= 500) {
      await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  process.stdout.write(`${JSON.stringify({ published: run.count, ms: Date.now() - started })}\n`);
  await publisher.close();
  await connection.close();
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      prefix: { type: 'string', default: '' },
      messages: { type: 'string', default: '0' },
      flights: { type: 'string', default: '5000' },
      'start-index': { type: 'string', default: '0' },
      'paced-rate': { type: 'string', default: '0' },
    },
  });
  publish({
    prefix: String(values.prefix),
    count: Number(values.messages),
    flights: Number(values.flights),
    startIndex: Number(values['start-index']),
    pacedRate: Number(values['paced-rate']),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
