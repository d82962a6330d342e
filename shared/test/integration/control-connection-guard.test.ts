import { Client } from 'cassandra-driver';

import { createRegionClient, defaultRegionSettings, guardControlConnection } from '../../src';

/** The driver's internals the race goes through (cassandra-driver 4.x lib/control-connection.js). */
interface ControlConnection {
  _refresh(): Promise<void>;
  connection: { endpoint: string; close(): void } | null;
}
const controlOf = (client: Client) => (client as unknown as { controlConnection: ControlConnection }).controlConnection;

/**
 * NODEJS-681 as a node flap triggers it, on the real eu node: a refresh is querying topology on
 * its connection when a second refresh starts (the reconnection timer, or a health listener) and
 * the node closes the socket. The first refresh's catch block reads `this.connection.endpoint`
 * after the second reset it to null.
 */
async function flapRace(control: ControlConnection): Promise<PromiseSettledResult<void>[]> {
  const first = control._refresh();
  for (let tick = 0; tick < 100 && control.connection === null; tick += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  const socket = control.connection;
  const second = control._refresh();
  socket?.close();
  return Promise.allSettled([first, second]);
}

const settings = defaultRegionSettings['eu'];
const euClient = () =>
  new Client({ contactPoints: settings?.contactPoints ?? [], localDataCenter: settings?.localDataCenter ?? 'eu' });

describe('cassandra control connection guard (real eu node)', () => {
  const clients: Client[] = [];
  afterAll(() => Promise.all(clients.map((client) => client.shutdown())));

  it('the unguarded driver rejects a refresh with the TypeError of NODEJS-681 (remove the guard when this fails)', async () => {
    const client = euClient();
    clients.push(client);
    await client.connect();

    const results = await flapRace(controlOf(client));

    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    expect(reasons).toEqual([expect.stringMatching(/TypeError: Cannot read properties of null \(reading 'endpoint/)]);
  });

  it('guarded: the fault is reported as an outage of the region, no refresh rejects, and the client recovers', async () => {
    const client = euClient();
    clients.push(client);
    const faults: { region: string; error: unknown }[] = [];
    guardControlConnection(client, 'eu', (fault) => void faults.push(fault));
    await client.connect();

    const results = await flapRace(controlOf(client));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(faults.map(({ region, error }) => [region, String(error)])).toEqual([
      ['eu', expect.stringContaining("Cannot read properties of null (reading 'endpoint")],
    ]);
    const deadline = Date.now() + 20_000;
    let version: unknown;
    while (version === undefined && Date.now() < deadline) {
      version = await client
        .execute('SELECT release_version FROM system.local')
        .then((result) => result.first()?.get('release_version') as unknown)
        .catch(() => new Promise((resolve) => setTimeout(() => resolve(undefined), 250)));
    }
    expect(String(version)).toMatch(/^5\./);
    expect(controlOf(client).connection).not.toBeNull();
  });

  it('every region client the services build is guarded', () => {
    const store = createRegionClient('eu', { regions: defaultRegionSettings, keyspacePrefix: 'unused' });
    clients.push(store.client);
    const control = controlOf(store.client) as unknown as { _refresh: unknown };
    expect(Object.prototype.hasOwnProperty.call(control, '_refresh')).toBe(true);
    expect((control._refresh as { name?: string }).name).toBe('guardedRefresh');
  });
});
