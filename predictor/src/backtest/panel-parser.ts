import { CURRENCY_PATTERN } from '@fareflow/shared';

import { toEpochDay } from '../domain/calendar';

/** One observation of the panel format: `origin,destination,departure_date,observed_on,price,currency`. */
export interface PanelRow {
  line: number;
  origin: string;
  destination: string;
  departureDay: number;
  observedDay: number;
  price: number;
  currency: string;
}

export interface BadRow {
  line: number;
  reason: string;
}

export const PANEL_HEADER = 'origin,destination,departure_date,observed_on,price,currency';
const AIRPORT = /^[A-Z]{3}$/;
const PRICE = /^\d{1,12}(\.\d{1,6})?$/;

/** Checks the header line; returns a reason when it is not the panel format. */
export function checkPanelHeader(line: string): string | undefined {
  const normalized = line
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
  return normalized === PANEL_HEADER ? undefined : `expected header "${PANEL_HEADER}", got "${line.slice(0, 120)}"`;
}

/**
 * Parses one data line. Nothing is guessed: a row with a missing field, an unknown date, a
 * non-positive price or an observation after departure is returned as a BadRow naming why.
 */
export function parsePanelLine(text: string, line: number): PanelRow | BadRow {
  const fields = text.trim().split(',');
  if (fields.length !== 6) {
    return { line, reason: `expected 6 fields, got ${fields.length}` };
  }
  const [origin = '', destination = '', departure = '', observed = '', price = '', currency = ''] = fields;
  if (!AIRPORT.test(origin)) {
    return { line, reason: `origin: not an IATA airport code: "${origin}"` };
  }
  if (!AIRPORT.test(destination)) {
    return { line, reason: `destination: not an IATA airport code: "${destination}"` };
  }
  const departureDay = toEpochDay(departure);
  if (departureDay === undefined) {
    return { line, reason: `departure_date: not a YYYY-MM-DD date: "${departure}"` };
  }
  const observedDay = toEpochDay(observed);
  if (observedDay === undefined) {
    return { line, reason: `observed_on: not a YYYY-MM-DD date: "${observed}"` };
  }
  if (observedDay > departureDay) {
    return { line, reason: `observed_on ${observed} is after departure_date ${departure}` };
  }
  if (!PRICE.test(price) || Number(price) <= 0) {
    return { line, reason: `price: not a positive decimal: "${price}"` };
  }
  if (!CURRENCY_PATTERN.test(currency)) {
    return { line, reason: `currency: not an ISO 4217 code: "${currency}"` };
  }
  return { line, origin, destination, departureDay, observedDay, price: Number(price), currency };
}

export function isBadRow(row: PanelRow | BadRow): row is BadRow {
  return 'reason' in row;
}

export interface PanelSeries {
  id: string;
  route: string;
  departureDay: number;
  currency: string;
  days: number[];
  prices: number[];
}

/**
 * Groups rows into series (route + departure day), one price per day in day order. Nothing is
 * guessed: a repeated row with the same price is reported and counted once; two different
 * prices for one series and day are both reported and the day is left out (which one is right
 * cannot be known); a currency that differs from the series' first row is a bad row.
 */
export function groupPanelSeries(rows: readonly PanelRow[]): { series: PanelSeries[]; badRows: BadRow[] } {
  const byId = new Map<string, { series: PanelSeries; seen: Map<number, PanelRow>; conflicted: Set<number> }>();
  const badRows: BadRow[] = [];
  for (const row of rows) {
    const route = `${row.origin}-${row.destination}`;
    const id = `${route}-${row.departureDay}`;
    let entry = byId.get(id);
    if (!entry) {
      const series = { id, route, departureDay: row.departureDay, currency: row.currency, days: [], prices: [] };
      entry = { series, seen: new Map(), conflicted: new Set() };
      byId.set(id, entry);
    }
    if (row.currency !== entry.series.currency) {
      badRows.push({
        line: row.line,
        reason: `currency ${row.currency} differs from the series' ${entry.series.currency}`,
      });
      continue;
    }
    const earlier = entry.seen.get(row.observedDay);
    if (!earlier) {
      entry.seen.set(row.observedDay, row);
    } else if (earlier.price === row.price) {
      badRows.push({ line: row.line, reason: `repeats line ${earlier.line} (counted once)` });
    } else {
      badRows.push({
        line: row.line,
        reason: `price ${row.price} conflicts with ${earlier.price} at line ${earlier.line} for the same departure and day (day left out)`,
      });
      if (!entry.conflicted.has(row.observedDay)) {
        entry.conflicted.add(row.observedDay);
        badRows.push({
          line: earlier.line,
          reason: `conflicts with line ${row.line} for the same departure and day (day left out)`,
        });
      }
    }
  }
  const series = [...byId.values()].flatMap(({ series: item, seen, conflicted }) => {
    const kept = [...seen.values()]
      .filter((row) => !conflicted.has(row.observedDay))
      .sort((a, b) => a.observedDay - b.observedDay);
    if (kept.length === 0) {
      return [];
    }
    return [{ ...item, days: kept.map((row) => row.observedDay), prices: kept.map((row) => row.price) }];
  });
  return { series, badRows: badRows.sort((a, b) => a.line - b.line) };
}
