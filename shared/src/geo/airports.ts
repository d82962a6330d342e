import airportTable from '../../data/airports.json';

/** An airport from the bundled OpenFlights extract (ODbL; see shared/data/README.md). */
export interface Airport {
  iata: string;
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  /** IANA time zone, e.g. `Europe/Paris`: departure local times are rendered in it. */
  timeZone: string;
}

type AirportRow = [string, string, string, number, number, string];

const rows = airportTable as unknown as Record<string, AirportRow>;

export function findAirport(iata: string): Airport | undefined {
  const row = Object.hasOwn(rows, iata) ? rows[iata] : undefined;
  if (!row) {
    return undefined;
  }
  const [name, city, country, latitude, longitude, timeZone] = row;
  return { iata, name, city, country, latitude, longitude, timeZone };
}

export function listAirportCodes(): string[] {
  return Object.keys(rows);
}
