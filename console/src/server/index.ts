import { join } from 'node:path';

import { runService, type ServiceContext } from '@fareflow/shared';

import { buildBundle, bundleDirOf, describeBundle } from '../build/build-bundle';
import { buildConsoleApp } from './app';
import { type ConsoleConfig, loadConsoleConfig } from './config';
import { createUpstreamProxy } from './upstream-proxy';

const consoleRoot = join(__dirname, '..', '..');

/** Composition root: config, the bundle (built here, so a fresh clone works), the app, listen. */
async function start({ config, logger, shutdown }: ServiceContext<ConsoleConfig>): Promise<void> {
  if (config.CONSOLE_BUILD_ON_START === 'true') {
    const report = await buildBundle(consoleRoot);
    logger.info({ gzipBytes: report.totalGzipBytes }, describeBundle(report));
  }
  const app = await buildConsoleApp({
    logger,
    bundleDir: bundleDirOf(consoleRoot),
    proxy: createUpstreamProxy({ timeoutMs: config.UPSTREAM_TIMEOUT_MS }),
    availability: [
      { label: 'the us availability API', baseUrl: config.API_US_URL },
      { label: 'the eu availability API', baseUrl: config.API_EU_URL },
    ],
    order: { label: 'the order API', baseUrl: config.ORDER_API_URL },
    services: config.CONSOLE_SERVICES,
  });
  shutdown.register('http', () => app.close());
  const address = await app.listen({ port: config.CONSOLE_PORT, host: config.CONSOLE_HOST });
  logger.info({ url: address }, `Fareflow console at ${address}`);
}

runService(
  { name: 'console', loadConfig: loadConsoleConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
