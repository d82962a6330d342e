import { PermanentError } from '@fareflow/shared';

/** Codes of the webhook routes beyond validation; `webhookErrorStatus` maps them to HTTP. */
export type WebhookErrorCode =
  'WEBHOOK_NOT_FOUND' | 'DELIVERY_NOT_FOUND' | 'WEBHOOK_DISABLED' | 'WEBHOOK_LIMIT' | 'URL_NOT_ALLOWED';

export class WebhookError extends PermanentError<WebhookErrorCode> {
  constructor(
    code: WebhookErrorCode,
    message: string,
    readonly field?: string | undefined,
  ) {
    super(code, message);
  }
}

export const webhookErrorStatus: Readonly<Record<WebhookErrorCode, number>> = {
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  WEBHOOK_DISABLED: 409,
  WEBHOOK_LIMIT: 409,
  URL_NOT_ALLOWED: 400,
};

export const webhookNotFound = (id: string): WebhookError =>
  new WebhookError('WEBHOOK_NOT_FOUND', `no webhook endpoint ${id} for this tenant`);
