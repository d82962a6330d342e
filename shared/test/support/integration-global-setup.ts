import { connect } from 'node:net';

/**
 * Integration tests need the real services. `npm test` starts them (`fareflow services up`);
 * when a developer runs the integration project alone, say what to run instead of timing out.
 */
const endpoints = [
  { name: 'PostgreSQL', host: '127.0.0.1', port: 5432 },
  { name: 'RabbitMQ', host: '127.0.0.1', port: 5672 },
  { name: 'Cassandra us', host: '127.0.0.1', port: 9042 },
  { name: 'Cassandra eu', host: '127.0.0.2', port: 9042 },
];

function isOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export default async function globalSetup(): Promise<void> {
  const down: string[] = [];
  for (const endpoint of endpoints) {
    if (!(await isOpen(endpoint.host, endpoint.port))) {
      down.push(`${endpoint.name} (${endpoint.host}:${endpoint.port})`);
    }
  }
  if (down.length > 0) {
    throw new Error(`not reachable: ${down.join(', ')}. Run \`npm run services -- up\` first.`);
  }
}
