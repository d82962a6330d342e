import type { Logger } from '@fareflow/shared';

import type { Fare, FareReader } from '../domain/fare';

export interface RouteDay {
  origin: string;
  destination: string;
  date: string;
}

export type StreamEvent =
  | { type: 'snapshot'; fares: Fare[] }
  | { type: 'change'; fare: Fare; previous?: Fare }
  | { type: 'unavailable'; message: string };

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

const keyOf = (fare: Fare) => `${fare.flightId}|${fare.cabin}`;
const hasChanged = (before: Fare, after: Fare) =>
  before.price !== after.price || before.currency !== after.currency || before.seatsAvailable !== after.seatsAvailable;

export function createFareStreamHub(deps: { fares: FareReader; pollMs: number; logger: Logger }): FareStreamHub {
  const watches = new Map<string, RouteWatch>();
  let connectionCount = 0;

  const poll = async (route: RouteDay, watch: RouteWatch) => {
    try {
      const fares = await deps.fares.findRouteFares(route.origin, route.destination, route.date, route.date);
      publish(watch, new Map(fares.map((fare) => [keyOf(fare), fare])));
    } catch (error) {
      deps.logger.warn({ err: error, route }, 'fare stream poll failed');
      const message = 'fares cannot be read right now; retrying';
      watch.subscribers.forEach((subscriber) => subscriber.listener.onEvent({ type: 'unavailable', message }));
    }
    if (watch.subscribers.size > 0) {
      watch.timer = setTimeout(() => void poll(route, watch), deps.pollMs);
    }
  };

  const publish = (watch: RouteWatch, current: Map<string, Fare>) => {
    const changes: StreamEvent[] = [];
    for (const [key, fare] of current) {
      const previous = watch.last?.get(key);
      if (watch.last && (!previous || hasChanged(previous, fare))) {
        changes.push({ type: 'change', fare, previous });
      }
    }
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
