import type { Cabin } from '@fareflow/shared';

import { formatLocalIso } from '../../domain/zoned-time';
import type { FareQuote } from '../domain/fare-model';
import type { ScheduledFlight } from '../domain/schedule';

/** A flight and one cabin's quote, ready to render in any format. */
export interface QuotedFare {
  flight: ScheduledFlight;
  cabin: Cabin;
  quote: FareQuote;
}

/** Local wall time without offset (`2026-03-01T10:05:00`), as Amadeus and Duffel write it. */
export const wallTime = (epochMs: number, timeZone: string) => formatLocalIso(epochMs, timeZone).slice(0, 19);

export const isoDuration = (minutes: number) => `PT${Math.floor(minutes / 60)}H${minutes % 60}M`;

/** Splits a price into base and tax (80/20) in whole cents, so both stay exact decimals. */
export function splitPrice(price: string): { base: string; tax: string } {
  const cents = Number(price.replace('.', ''));
  const baseCents = Math.floor(cents * 0.8);
  return { base: centsToAmount(baseCents), tax: centsToAmount(cents - baseCents) };
}

export const centsToAmount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
