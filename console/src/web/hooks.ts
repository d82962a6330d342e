import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

import { ApiError } from './api/client';
import type { ErrorDescription } from './api/describe-error';

export type Load<T> =
  | { state: 'idle' }
  | { state: 'loading'; previous?: T }
  | { state: 'done'; data: T }
  | { state: 'failed'; error: ErrorDescription };

export function describeThrown(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    return error.description;
  }
  return { code: 'UNEXPECTED', title: 'Something went wrong in the console.', detail: String(error) };
}

/** Runs `task` on demand; only the latest run's outcome is kept (an older, slower answer is dropped). */
export function useLoader<T, A extends unknown[]>(task: (...args: A) => Promise<T>) {
  const [load, setLoad] = useState<Load<T>>({ state: 'idle' });
  const runId = useRef(0);
  const run = useCallback(
    async (...args: A) => {
      const id = ++runId.current;
      setLoad((current) => ({ state: 'loading', previous: current.state === 'done' ? current.data : undefined }));
      try {
        const data = await task(...args);
        if (id === runId.current) {
          setLoad({ state: 'done', data });
        }
      } catch (error) {
        if (id === runId.current) {
          setLoad({ state: 'failed', error: describeThrown(error) });
        }
      }
    },
    [task],
  );
  return [load, run] as const;
}

/** Calls `callback` every `intervalMs` while mounted (and once at once when `isImmediate`). */
export function useInterval(callback: () => void, intervalMs: number, isImmediate = true): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (isImmediate) {
      saved.current();
    }
    const timer = setInterval(() => saved.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, isImmediate]);
}

/** The current time, refreshed every second (hold countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useInterval(() => setNow(Date.now()), 1_000, false);
  return now;
}
