import type { AxiosResponse } from 'axios';

import { errorForTransport, SourceUnavailableError } from './fetch-errors';

/** Sends a request; transport failures (timeout, network) become retryable errors. */
export async function send<T>(request: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
  try {
    return await request();
  } catch (error) {
    throw errorForTransport(error);
  }
}

/** A response that is not the format at all is retried: the next answer may be whole. */
export function throwIfUnreadable(skipped: readonly { code: string; message: string }[]): void {
  const unreadable = skipped.find((skip) => skip.code === 'INVALID_RESPONSE');
  if (unreadable) {
    throw new SourceUnavailableError('malformed_response', unreadable.message);
  }
}
