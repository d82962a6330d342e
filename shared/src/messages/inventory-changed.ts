import { z } from 'zod';

import { cabin, flightId, isoDateTime } from './primitives';

/** Schema name of an inventory change (the `schema` field); its routing keys add the region (see `routingKeys`). */
export const INVENTORY_CHANGED_V1 = 'inventory.changed.v1';

/**
 * `inventory.changed.v1`: the order service sold or released seats. Relayed from its outbox;
 * `eventId` is the outbox row id, so a replay is recognisable. `changedAt` orders the write
 * against fare observations (last write wins by event time).
 */
export const inventoryChangedV1 = z.object({
  schema: z.literal(INVENTORY_CHANGED_V1),
  eventId: z.string().min(1).max(128),
  flightId,
  cabin,
  seatsAvailable: z.number().int().min(0),
  changedAt: isoDateTime,
});
export type InventoryChanged = z.infer<typeof inventoryChangedV1>;
