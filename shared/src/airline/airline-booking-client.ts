import { randomUUID } from 'node:crypto';

import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import { compareAmounts, CURRENCY_PATTERN, DECIMAL_PATTERN } from '../domain/money';
import { PermanentError, RetryableError, ValidationError } from '../errors';
import {
  type DuffelCreateOrderRequest,
  duffelErrorResponse,
  type DuffelOrderPassenger,
  duffelOrderResponse,
} from './duffel-order.schemas';

export type AirlineBookingErrorCode =
  | 'AIRLINE_PRICE_ABOVE_MAX'
  | 'AIRLINE_OFFER_UNAVAILABLE'
  | 'AIRLINE_REJECTED'
  | 'AIRLINE_UNAUTHORIZED'
  | 'AIRLINE_RATE_LIMITED'
  | 'AIRLINE_UNAVAILABLE'
  | 'AIRLINE_BAD_RESPONSE';

/** The airline refused the order and will refuse it again (4xx): do not retry. */
export class AirlineBookingRejectedError extends PermanentError<AirlineBookingErrorCode> {
  constructor(
    code: AirlineBookingErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The order may or may not exist (5xx, 429, timeout, network, garbled body). Retry with the SAME
 * idempotency key: the airline returns the first order instead of booking again.
 */
export class AirlineBookingUnavailableError extends RetryableError<AirlineBookingErrorCode> {
  constructor(
    code: AirlineBookingErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export interface AirlineBookingClientOptions {
  /** e.g. `http://127.0.0.1:8070/duffel` for the simulator, `https://api.duffel.com` for Duffel. */
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  /** Sent as the `Duffel-Version` header. */
  duffelVersion?: string;
  /** For tests; otherwise an axios instance is built from the options above. */
  http?: AxiosInstance;
}

export interface CreateAirlineOrderInput {
  /** A Duffel offer id (`off_...`), or, with the simulator, a Fareflow flight id (`LH400-2026-12-01-FRA-JFK`). */
  offerOrFlightId: string;
  /** Number of seats to buy. Without `passengers`, placeholder allotment passengers are sent. */
  seats: number;
  /** Named passengers (length must equal `seats`). */
  passengers?: DuffelOrderPassenger[];
  /**
   * The most the whole order may cost (all seats), exact decimal. Sent as the payment amount; the
   * airline refuses (`price_changed`) rather than charge more, and the client re-checks the answer.
   */
  maxPrice: string;
  currency: string;
  /** Same key, same order: retries never book twice. Sent as `Idempotency-Key`. */
  idempotencyKey: string;
}

export interface AirlineOrder {
  airlineOrderId: string;
  bookingReference: string;
  /** What the airline charged for the whole order. */
  totalAmount: string;
  currency: string;
}

/**
 * Buys seats from an airline through a Duffel-format `POST /air/orders`. One HTTP attempt per
 * call; retrying is the caller's decision (see the two error classes). Out of scope: holds,
 * payments of held orders, cancellations.
 */
export interface AirlineBookingClient {
  createOrder(input: CreateAirlineOrderInput): Promise<AirlineOrder>;
}

export function createAirlineBookingClient(options: AirlineBookingClientOptions): AirlineBookingClient {
  const http =
    options.http ??
    axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'duffel-version': options.duffelVersion ?? 'v2',
        accept: 'application/json',
        'content-type': 'application/json',
      },
      // Every status is classified below; axios must not throw on 4xx/5xx.
      validateStatus: () => true,
      // Bound the body: a booking answer is small.
      maxContentLength: 5 * 1024 * 1024,
    });

  return {
    async createOrder(input) {
      const body = buildOrderRequest(input);
      let response: AxiosResponse<unknown>;
      try {
        response = await http.post<unknown>('/air/orders', body, {
          headers: { 'idempotency-key': input.idempotencyKey },
        });
      } catch (error) {
        throw new AirlineBookingUnavailableError('AIRLINE_UNAVAILABLE', describeNetworkError(error), undefined, {
          cause: error,
        });
      }
      return readOrderResponse(response, input);
    },
  };
}

export function buildOrderRequest(input: CreateAirlineOrderInput): DuffelCreateOrderRequest {
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > 100) {
    throw new ValidationError('seats', 'seats must be an integer from 1 to 100');
  }
  if (!DECIMAL_PATTERN.test(input.maxPrice) || compareAmounts(input.maxPrice, '0') <= 0) {
    throw new ValidationError('maxPrice', 'maxPrice must be a positive decimal string such as "499.00"');
  }
  if (!CURRENCY_PATTERN.test(input.currency)) {
    throw new ValidationError('currency', 'currency must be an ISO 4217 code such as "EUR"');
  }
  if (input.idempotencyKey.length < 8 || input.idempotencyKey.length > 128) {
    throw new ValidationError('idempotencyKey', 'idempotencyKey must be 8-128 characters');
  }
  if (input.passengers && input.passengers.length !== input.seats) {
    throw new ValidationError(
      'passengers',
      `passengers has ${input.passengers.length} entries for ${input.seats} seats`,
    );
  }
  const passengers =
    input.passengers ??
    Array.from({ length: input.seats }, (_, index) => ({
      id: `pas_${randomUUID().replaceAll('-', '')}`,
      type: 'adult' as const,
      given_name: 'ALLOTMENT',
      family_name: `SEAT${index + 1}`,
    }));
  return {
    data: {
      type: 'instant',
      selected_offers: [input.offerOrFlightId],
      passengers,
      payments: [{ type: 'balance', currency: input.currency, amount: input.maxPrice }],
      metadata: { fareflow_idempotency_key: input.idempotencyKey },
    },
  };
}

function readOrderResponse(response: AxiosResponse<unknown>, input: CreateAirlineOrderInput): AirlineOrder {
  const { status } = response;
  if (status >= 200 && status < 300) {
    const parsed = duffelOrderResponse.safeParse(response.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new AirlineBookingUnavailableError('AIRLINE_BAD_RESPONSE', `malformed order response: ${detail}`);
    }
    const order = parsed.data.data;
    if (order.total_currency !== input.currency || compareAmounts(order.total_amount, input.maxPrice) > 0) {
      throw new AirlineBookingRejectedError(
        'AIRLINE_PRICE_ABOVE_MAX',
        `airline order ${order.id} charged ${order.total_amount} ${order.total_currency}, above ${input.maxPrice} ${input.currency}`,
        status,
      );
    }
    return {
      airlineOrderId: order.id,
      bookingReference: order.booking_reference,
      totalAmount: order.total_amount,
      currency: order.total_currency,
    };
  }
  throw classifyFailure(response);
}

function classifyFailure(response: AxiosResponse<unknown>): Error {
  const { status } = response;
  const parsed = duffelErrorResponse.safeParse(response.data);
  const first = parsed.success ? parsed.data.errors[0] : undefined;
  const reason = first ? `${first.code}: ${first.message}` : `HTTP ${status}`;
  if (status === 429) {
    return new AirlineBookingUnavailableError('AIRLINE_RATE_LIMITED', reason, retryAfterMsOf(response));
  }
  if (status >= 500 || status === 408) {
    return new AirlineBookingUnavailableError('AIRLINE_UNAVAILABLE', reason, retryAfterMsOf(response));
  }
  if (status === 401 || status === 403) {
    return new AirlineBookingRejectedError('AIRLINE_UNAUTHORIZED', reason, status);
  }
  if (first?.code === 'price_changed') {
    return new AirlineBookingRejectedError('AIRLINE_PRICE_ABOVE_MAX', reason, status);
  }
  if (first?.code === 'offer_no_longer_available' || status === 404) {
    return new AirlineBookingRejectedError('AIRLINE_OFFER_UNAVAILABLE', reason, status);
  }
  return new AirlineBookingRejectedError('AIRLINE_REJECTED', reason, status);
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMsOf(response: Pick<AxiosResponse, 'headers'>, now = Date.now()): number | undefined {
  const header: unknown = response.headers['retry-after'];
  if (typeof header !== 'string' || header.trim() === '') {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeNetworkError(error: unknown): string {
  if (axios.isAxiosError(error)) {
    return error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'
      ? `airline did not answer in time (${error.code})`
      : `airline unreachable: ${error.code ?? error.message}`;
  }
  return 'airline request failed';
}
