import { type Browser, openBrowser, signIn } from '../support/browser';
import { type ConsoleStack, SALES_CUTOFF_MS, startConsoleStack } from '../support/console-stack';
import { expiringFare } from '../support/fixture-fares';

interface ApiOrder {
  orderId: string;
  status: string;
  totalAmount?: string;
  items: Array<{ flightId: string; seats: number; state: string }>;
}

/** The browser against the real services: search, an order of two flights for two people, a hold paid, an expired offer. */
describe('console: from a search to an order', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  const apiGet = async <T>(url: string): Promise<T> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  async function search(query: Record<string, string>): Promise<void> {
    const { page } = browser;
    await page.goto(`${stack.consoleUrl}/#/search`);
    await page.getByLabel('From').fill(query['origin'] ?? '');
    await page.getByLabel('To', { exact: true }).fill(query['destination'] ?? '');
    await page.getByLabel('Date').fill(query['date'] ?? '');
    await page.getByLabel('Passengers').fill(query['passengers'] ?? '1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results-summary').waitFor();
  }

  async function addToOrder(flightId: string): Promise<void> {
    await browser.page
      .locator(`article.offer[data-flight-id="${flightId}"]`)
      .getByRole('button', { name: 'Add to order' })
      .click();
    await browser.page.getByRole('heading', { name: 'Agent desk' }).waitFor();
  }

  async function fillTravellers(names: Array<[string, string]>, email: string): Promise<void> {
    const { page } = browser;
    for (const [index, [given, family]] of names.entries()) {
      if (index > 0) {
        await page.getByRole('button', { name: 'Add passenger' }).click();
      }
      const row = page.getByRole('group', { name: `Passenger ${index + 1}` });
      await row.getByLabel('Given name').fill(given);
      await row.getByLabel('Family name').fill(family);
    }
    await page.getByLabel('Contact e-mail').fill(email);
  }

  beforeAll(async () => {
    stack = await startConsoleStack();
    browser = await openBrowser();
    await signIn(browser.page, stack.consoleUrl, stack.apiKey);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const codes = await stack?.stop();
    expect(codes).toEqual([0, 0, 0, 0]);
  }, 60_000);

  it('shows the results the API gives, in its order, with times in the airports’ zones', async () => {
    const { day } = stack.fixture;
    await search({ origin: 'JFK', destination: 'LAX', date: day, passengers: '2' });
    const api = await apiGet<{ results: Array<{ flightId: string; price: { amount: string } }> }>(
      `${stack.apiUrls.us}/v1/fares?origin=JFK&destination=LAX&date=${day}&passengers=2&limit=10`,
    );
    const cards = browser.page.locator('article.offer');
    expect(await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-flight-id')))).toEqual(
      api.results.map((result) => result.flightId),
    );
    expect(api.results.map((result) => result.price.amount)).toEqual(['189.50', '219.00', '249.90', '899.00']);
    // AA102 leaves 17:00 UTC (12:00 in New York, UTC-05:00) and lands 23:25 UTC (15:25 in Los Angeles).
    const cheapest = cards.first();
    await expect(cheapest.locator('.times').first().innerText()).resolves.toBe('12:00 (UTC-05:00) → 15:25 (UTC-08:00)');
    await expect(cheapest.locator('.price').innerText()).resolves.toBe('189.50 USD');
    await expect(cheapest.innerText()).resolves.toContain('379.00 USD for 2');
    await expect(cheapest.innerText()).resolves.toContain('4 seats left');
  });

  it('orders two flights for two passengers and shows the order confirmed', async () => {
    const { day } = stack.fixture;
    const [cheap, next] = [`AA102-${day}-JFK-LAX`, `AA100-${day}-JFK-LAX`];
    await addToOrder(cheap);
    await browser.page.goBack();
    await browser.page.locator(`article.offer[data-flight-id="${next}"]`).first().waitFor();
    await browser.page
      .locator(`article.offer[data-flight-id="${next}"]`)
      .filter({ hasText: 'economy' })
      .getByRole('button', { name: 'Add to order' })
      .click();
    const basket = browser.page.getByRole('list', { name: 'flights in this order' }).locator('li');
    expect(await basket.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-flight-id')))).toEqual([
      cheap,
      next,
    ]);
    await fillTravellers(
      [
        ['Anna', 'Schmidt'],
        ['Jonas', 'Schmidt'],
      ],
      'desk@agency.example',
    );
    await browser.page.getByRole('button', { name: 'Place order' }).click();

    const placed = browser.page.locator('#placed-order .order-summary');
    await placed.waitFor({ timeout: 20_000 });
    expect(await placed.getAttribute('data-status')).toBe('confirmed');
    await expect(placed.innerText()).resolves.toContain('817.00 USD'); // 2 x (189.50 + 219.00)
    const orderId = (await placed.getAttribute('data-order-id')) ?? '';
    const stored = await apiGet<ApiOrder>(`${stack.apiUrls.order}/v1/orders/${orderId}`);
    expect(stored).toMatchObject({ status: 'confirmed', totalAmount: '817.00' });
    expect(stored.items.map((item) => [item.flightId, item.seats, item.state])).toEqual([
      [cheap, 2, 'reserved'],
      [next, 2, 'reserved'],
    ]);
    const row = browser.page.locator(`tr[data-order-id="${orderId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('confirmed');
  });

  it('holds an offer with the time left shown, then pays the hold', async () => {
    const { day } = stack.fixture;
    const flightId = `AA104-${day}-JFK-LAX`;
    await search({ origin: 'JFK', destination: 'LAX', date: day, passengers: '1' });
    await addToOrder(flightId);
    await fillTravellers([['Sam', 'Taylor']], 'sam@example.com');
    await browser.page.getByLabel('Hold (pay later)').check();
    await browser.page.getByRole('button', { name: 'Place hold' }).click();
    const placed = browser.page.locator('#placed-order .order-summary');
    await placed.waitFor({ timeout: 20_000 });
    expect(await placed.getAttribute('data-status')).toBe('held');
    await expect(placed.getByRole('timer').innerText()).resolves.toMatch(/^1[45]:\d\d left to pay$/);
    const orderId = (await placed.getAttribute('data-order-id')) ?? '';

    const row = browser.page.locator(`tr[data-order-id="${orderId}"]`);
    await row.getByRole('button', { name: `Pay order ${orderId.slice(0, 8)}` }).click();
    await browser.page.locator(`tr[data-order-id="${orderId}"][data-status="confirmed"]`).waitFor({ timeout: 15_000 });
    const stored = await apiGet<ApiOrder>(`${stack.apiUrls.order}/v1/orders/${orderId}`);
    expect(stored).toMatchObject({ status: 'confirmed', totalAmount: '249.90' });
  });

  it('says in words that an offer expired when it is ordered too late', async () => {
    const fare = expiringFare(SALES_CUTOFF_MS, 12_000);
    await stack.seed([fare]);
    await search({ origin: 'JFK', destination: 'BOS', date: fare.departureDate, passengers: '1' });
    await addToOrder(fare.flightId);
    const basket = (await browser.page.evaluate("sessionStorage.getItem('fareflow.basket')")) as string;
    const expiresAt = (JSON.parse(basket) as Array<{ offerExpiresAt: string }>)[0]?.offerExpiresAt;
    expect(Date.parse(expiresAt ?? '')).toBeLessThanOrEqual(fare.departureUtcMs - SALES_CUTOFF_MS);
    await fillTravellers([['Lee', 'Park']], 'lee@example.com');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiresAt ?? '') - Date.now() + 500)));
    await browser.page.getByRole('button', { name: 'Place order' }).click();

    const alert = browser.page.locator('.order-form ~ [role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('OFFER_EXPIRED');
    await expect(alert.innerText()).resolves.toContain('This offer has expired. Search again for a current price.');
  });

  it('searches an eu route through the us API, following its redirect with the key', async () => {
    await search({ origin: 'CDG', destination: 'FCO', date: stack.fixture.day, passengers: '1' });
    await expect(browser.page.locator('#results-summary').innerText()).resolves.toContain('region eu');
    const card = browser.page.locator('article.offer');
    expect(await card.count()).toBe(1);
    await expect(card.locator('.price').innerText()).resolves.toBe('89.00 EUR');
    await expect(card.locator('.times').first().innerText()).resolves.toMatch(/\(UTC\+01:00\) → .*\(UTC\+01:00\)$/);
  });
});
