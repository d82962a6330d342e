import { type Cabin, cabin as cabinSchema, flightId as flightIdSchema } from '@fareflow/shared';

/** Duffel-style offer ids that carry the flight and cabin, so the simulator needs no offer store. */
export function encodeOfferId(flightId: string, cabin: Cabin): string {
  return `off_${Buffer.from(`${flightId}|${cabin}`).toString('base64url')}`;
}

/** Accepts an offer id from `encodeOfferId` or a bare flight id (economy). */
export function decodeOfferId(offerOrFlightId: string): { flightId: string; cabin: Cabin } | undefined {
  if (flightIdSchema.safeParse(offerOrFlightId).success) {
    return { flightId: offerOrFlightId, cabin: 'ECONOMY' };
  }
  if (!offerOrFlightId.startsWith('off_')) {
    return undefined;
  }
  const [flightId = '', cabin = ''] = Buffer.from(offerOrFlightId.slice(4), 'base64url').toString('utf8').split('|');
  const parsedCabin = cabinSchema.safeParse(cabin);
  if (!flightIdSchema.safeParse(flightId).success || !parsedCabin.success) {
    return undefined;
  }
  return { flightId, cabin: parsedCabin.data };
}
