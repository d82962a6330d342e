import { join } from 'node:path';

import { openBrowser, signIn } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';

/**
 * `npm run screenshots`: starts the services the browser tests start (fresh schema, keyspaces and
 * seeded fares; PostgreSQL, RabbitMQ and Cassandra up), then saves each page to console/docs/screenshots/.
 */
async function main(): Promise<void> {
  const outDir = join(__dirname, '..', '..', 'docs', 'screenshots');
  const stack = await startConsoleStack();
  const browser = await openBrowser({ width: 1280, height: 860 });
  try {
    const { page } = browser;
    const { day } = stack.fixture;
    const shoot = async (name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(outDir, `${name}.png`) });
      process.stdout.write(`saved ${name}.png\n`);
    };
    await signIn(page, stack.consoleUrl, stack.apiKey);
    await page.goto(`${stack.consoleUrl}/#/search?origin=JFK&destination=LAX&date=${day}&passengers=2`);
    await page.locator('article.offer').first().waitFor();
    await shoot('search');

    await page.goto(`${stack.consoleUrl}/#/route?origin=JFK&destination=LAX&date=${day}`);
    await page.locator('#price-history-chart').waitFor();
    await page.locator('#fare-calendar button.has-fare').first().waitFor();
    await shoot('route');

    await page.goto(`${stack.consoleUrl}/#/search?origin=JFK&destination=LAX&date=${day}`);
    await page.locator('article.offer').first().getByRole('button', { name: 'Add to order' }).click();
    const row = page.getByRole('group', { name: 'Passenger 1' });
    await row.getByLabel('Given name').fill('Anna');
    await row.getByLabel('Family name').fill('Schmidt');
    await page.getByLabel('Contact e-mail').fill('desk@agency.example');
    await page.getByLabel('Hold (pay later)').check();
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.locator('#placed-order').waitFor();
    await page.locator('table.orders tbody tr').first().waitFor();
    await shoot('agent-desk');

    await page.goto(`${stack.consoleUrl}/#/destinations?origin=JFK&from=${day}&to=${day}`);
    await page.locator('ol.destinations li').first().waitFor();
    await shoot('destinations');

    await page.goto(`${stack.consoleUrl}/#/operations`);
    await page.locator('article.service').first().waitFor();
    await shoot('operations');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.consoleUrl}/#/search?origin=JFK&destination=LAX&date=${day}&passengers=2`);
    await page.locator('article.offer').first().waitFor();
    await shoot('search-phone');
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
