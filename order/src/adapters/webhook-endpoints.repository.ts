import type { SqlExecutor } from '@fareflow/shared';

/** A tenant's endpoint as the API shows it (never its secret). */
export interface WebhookEndpoint {
  endpointId: string;
  tenant: string;
  url: string;
  eventTypes: string[];
  description: string | undefined;
  status: 'active' | 'disabled';
  failingSince: Date | undefined;
  lastFailure: string | undefined;
  disabledAt: Date | undefined;
  disabledReason: string | undefined;
  createdAt: Date;
}

interface EndpointRow {
  endpoint_id: string;
  tenant: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: 'active' | 'disabled';
  failing_since: Date | null;
  last_failure: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
}

const COLUMNS = `endpoint_id, tenant, url, event_types, description, status, failing_since, last_failure,
  disabled_at, disabled_reason, created_at`;

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  endpointId: row.endpoint_id,
  tenant: row.tenant,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description ?? undefined,
  status: row.status,
  failingSince: row.failing_since ?? undefined,
  lastFailure: row.last_failure ?? undefined,
  disabledAt: row.disabled_at ?? undefined,
  disabledReason: row.disabled_reason ?? undefined,
  createdAt: row.created_at,
});

export interface NewWebhookEndpoint {
  endpointId: string;
  tenant: string;
  url: string;
  eventTypes: readonly string[];
  description: string | undefined;
  secretCiphertext: string;
}

/** Inserts the endpoint unless the tenant already has `maxPerTenant`; undefined when at the limit. */
export async function insertEndpoint(
  db: SqlExecutor,
  endpoint: NewWebhookEndpoint,
  maxPerTenant: number,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (endpoint_id, tenant, url, event_types, description, secret_ciphertext)
     SELECT $1::uuid, $2::text, $3::text, $4::text[], $5::text, $6::text
      WHERE (SELECT count(*) FROM webhook_endpoints WHERE tenant = $2) < $7::int
     RETURNING ${COLUMNS}`,
    [
      endpoint.endpointId,
      endpoint.tenant,
      endpoint.url,
      endpoint.eventTypes,
      endpoint.description ?? null,
      endpoint.secretCiphertext,
      maxPerTenant,
    ],
  );
  return rows[0] ? toEndpoint(rows[0]) : undefined;
}

export async function listEndpoints(db: SqlExecutor, tenant: string): Promise<WebhookEndpoint[]> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant = $1 ORDER BY created_at, endpoint_id`,
    [tenant],
  );
  return rows.map(toEndpoint);
}

export async function findEndpoint(
  db: SqlExecutor,
  tenant: string,
  endpointId: string,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant = $1 AND endpoint_id = $2`,
    [tenant, endpointId],
  );
  return rows[0] ? toEndpoint(rows[0]) : undefined;
}

/** Deletes the endpoint with its deliveries; false if the tenant has no such endpoint. */
export async function deleteEndpoint(db: SqlExecutor, tenant: string, endpointId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM webhook_endpoints WHERE tenant = $1 AND endpoint_id = $2', [
    tenant,
    endpointId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Re-enables a disabled endpoint (its failure run forgotten); undefined if the tenant has no such endpoint. */
export async function enableEndpoint(
  db: SqlExecutor,
  tenant: string,
  endpointId: string,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints
        SET status = 'active', failing_since = NULL, disabled_at = NULL, disabled_reason = NULL,
            updated_at = clock_timestamp()
      WHERE tenant = $1 AND endpoint_id = $2
      RETURNING ${COLUMNS}`,
    [tenant, endpointId],
  );
  return rows[0] ? toEndpoint(rows[0]) : undefined;
}
