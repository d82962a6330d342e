import { z } from 'zod';

import { AppError, isOutage, UNAVAILABLE, ValidationError } from '../errors';
import { type ErrorBody, HttpError } from './http-error';

export interface ErrorResponse {
  statusCode: number;
  body: ErrorBody;
  /** True for 5xx: the caller logs these with their stack; 4xx are the client's business. */
  isServerError: boolean;
}

export interface ErrorMappingOptions {
  /** Extra `AppError.code` -> status pairs of a service (e.g. `{ ORDER_NOT_FOUND: 404, SOLD_OUT: 409 }`). */
  statusByCode?: Readonly<Record<string, number>>;
  /** Status for retryable errors (a store or broker that is down); 503 by default. */
  retryableStatus?: number;
}

/** A validation failure as Fastify reports it (`error.validation`), whatever the validator. */
interface FastifyValidationLike {
  validation: { instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

const INTERNAL: ErrorBody = { error: { code: 'INTERNAL', message: 'internal error' } };

/**
 * Maps any throwable to a status and the JSON error body. Bad input always maps to 4xx; a store
 * that is down (see `isOutage`: PostgreSQL restarting, a Cassandra node stopping, a refused
 * socket...), however it reached us, is the retryable status (503); only errors we cannot
 * classify (bugs) become 500, and then the message is not exposed.
 */
export function toErrorResponse(error: unknown, options: ErrorMappingOptions = {}): ErrorResponse {
  if (isFastifyValidation(error)) {
    return clientError(400, 'VALIDATION', ...describeValidation(error));
  }
  if (error instanceof z.core.$ZodError) {
    const [issue] = error.issues;
    return clientError(400, 'VALIDATION', issue?.message ?? 'invalid input', issuePath(issue?.path, issue));
  }
  if (error instanceof HttpError) {
    return fromStatus(error.statusCode, error.code, error.message, error.field);
  }
  if (error instanceof ValidationError) {
    return clientError(400, error.code, error.message, error.field);
  }
  if (error instanceof AppError) {
    const status = options.statusByCode?.[error.code] ?? (error.isRetryable ? (options.retryableStatus ?? 503) : 400);
    return fromStatus(status, error.code, error.message, fieldOf(error));
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own 4xx (malformed JSON body, payload too large, unsupported media type...).
    const code = codeOf(error) ?? 'BAD_REQUEST';
    return clientError(status, code, error instanceof Error ? error.message : 'bad request');
  }
  if (isOutage(error)) {
    // A raw driver error that no adapter wrapped: the store is down, not the request wrong.
    return fromStatus(options.retryableStatus ?? 503, UNAVAILABLE, 'a store is unavailable; retry shortly');
  }
  return { statusCode: 500, body: INTERNAL, isServerError: true };
}

function fromStatus(statusCode: number, code: string, message: string, field?: string): ErrorResponse {
  return statusCode >= 500
    ? { statusCode, body: { error: { code, message } }, isServerError: true }
    : clientError(statusCode, code, message, field);
}

function clientError(statusCode: number, code: string, message: string, field?: string): ErrorResponse {
  const body: ErrorBody = field === undefined ? { error: { code, message } } : { error: { code, message, field } };
  return { statusCode, body, isServerError: false };
}

function isFastifyValidation(error: unknown): error is FastifyValidationLike {
  return typeof error === 'object' && error !== null && Array.isArray((error as { validation?: unknown }).validation);
}

function describeValidation(error: FastifyValidationLike): [string, string] {
  const [first] = error.validation;
  const context = error.validationContext ?? 'request';
  const unknownKeys = first?.params?.['keys'];
  if (first?.keyword === 'unrecognized_keys' && Array.isArray(unknownKeys) && unknownKeys.length > 0) {
    const path = pathFromPointer(first.instancePath);
    const field = [path, String(unknownKeys[0])].filter(Boolean).join('.') || context;
    return [`unknown parameter "${String(unknownKeys[0])}"`, field];
  }
  const field = pathFromPointer(first?.instancePath) || context;
  return [`${field}: ${first?.message ?? 'is invalid'}`, field];
}

function pathFromPointer(pointer: string | undefined): string {
  return (pointer ?? '').split('/').filter(Boolean).join('.');
}

function issuePath(path: PropertyKey[] | undefined, issue: z.core.$ZodIssue | undefined): string {
  const base = (path ?? []).map(String).join('.');
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return [base, issue.keys[0]].filter(Boolean).join('.');
  }
  return base || 'request';
}

/** The request field a typed error is about, when it names one (e.g. an offer id at `items.0.offerId`). */
function fieldOf(error: AppError): string | undefined {
  const field = (error as { field?: unknown }).field;
  return typeof field === 'string' ? field : undefined;
}

function statusOf(error: unknown): number | undefined {
  const status =
    typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
