import type { Logger } from '@fareflow/shared';

import type { Fare, FareReader } from '../domain/fare';
import { diffOfferedFares, type FareChange, offeredFares } from '../domain/fare-changes';

export interface RouteDay {
  origin: string;
  destination: string;
  date: string;
}

/** Snapshots and changes carry only fares with a seat left; a fare that sells out is `removed`. */
export type StreamEvent = { type: 'snapshot'; fares: Fare[] } | FareChange | { type: 'unavailable'; message: string };

export interface StreamListener {
  onEvent(event: StreamEvent): void;
  /** The hub is closing (shutdown): end the connection. */
  onEnd(): void;
}

/**
 * Live price and seat changes per route and day, by polling the route's partition: one poller per
 * watched route, shared by all its connections, so the store sees one read per route per interval
 * whatever the number of subscribers. Out of scope: fares of connections (legs are separate routes).
 */
export interface FareStreamHub {
  subscribe(route: RouteDay, listener: StreamListener): () => void;
  readonly connectionCount: number;
  close(): void;
}

interface Subscriber {
  listener: StreamListener;
  hasSnapshot: boolean;
}

interface RouteWatch {
  subscribers: Set<Subscriber>;
  last?: Map<string, Fare>;
  timer?: NodeJS.Timeout;
}

export function createFareStreamHub(deps: { fares: FareReader; pollMs: number; logger: Logger }): FareStreamHub {
  const watches = new Map<string, RouteWatch>();
  let connectionCount = 0;

  const poll = async (route: RouteDay, watch: RouteWatch) => {
    try {
      const fares = await deps.fares.findRouteFares(route.origin, route.destination, route.date, route.date);
      publish(watch, fares);
    } catch (error) {
      deps.logger.warn({ err: error, route }, 'fare stream poll failed');
      const message = 'fares cannot be read right now; retrying';
      watch.subscribers.forEach((subscriber) => subscriber.listener.onEvent({ type: 'unavailable', message }));
    }
    if (watch.subscribers.size > 0) {
      watch.timer = setTimeout(() => void poll(route, watch), deps.pollMs);
    }
  };

  const publish = (watch: RouteWatch, read: Fare[]) => {
    const current = offeredFares(read);
    const changes: StreamEvent[] = watch.last ? diffOfferedFares(watch.last, current, read) : [];
    watch.last = current;
    for (const subscriber of watch.subscribers) {
      if (!subscriber.hasSnapshot) {
        subscriber.hasSnapshot = true;
        subscriber.listener.onEvent({ type: 'snapshot', fares: [...current.values()] });
      } else {
        changes.forEach((event) => subscriber.listener.onEvent(event));
      }
    }
  };

  return {
    get connectionCount() {
      return connectionCount;
    },
    subscribe(route, listener) {
      const routeKey = `${route.origin}|${route.destination}|${route.date}`;
      let watch = watches.get(routeKey);
      const subscriber: Subscriber = { listener, hasSnapshot: false };
      if (!watch) {
        watch = { subscribers: new Set([subscriber]) };
        watches.set(routeKey, watch);
        void poll(route, watch);
      } else {
        watch.subscribers.add(subscriber);
        if (watch.last) {
          subscriber.hasSnapshot = true;
          listener.onEvent({ type: 'snapshot', fares: [...watch.last.values()] });
        }
      }
      connectionCount += 1;
      const current = watch;
      return () => {
        if (current.subscribers.delete(subscriber)) {
          connectionCount -= 1;
        }
        if (current.subscribers.size === 0) {
          clearTimeout(current.timer);
          watches.delete(routeKey);
        }
      };
    },
    close() {
      for (const watch of watches.values()) {
        clearTimeout(watch.timer);
        watch.subscribers.forEach((subscriber) => subscriber.listener.onEnd());
        watch.subscribers.clear();
      }
      watches.clear();
      connectionCount = 0;
    },
  };
}
