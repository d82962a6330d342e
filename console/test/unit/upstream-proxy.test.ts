import { createUpstreamProxy } from '../../src/server/upstream-proxy';

const us = { label: 'the us availability API', baseUrl: 'http://us.test' };
const eu = { label: 'the eu availability API', baseUrl: 'http://eu.test' };

/** A fake upstream network: answers by host, records what each host received. */
function network(answers: Record<string, (url: URL) => Response>) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const fetchFake = (async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url: url.toString(), authorization: new Headers(init?.headers).get('authorization') });
    const answer = answers[url.host];
    if (!answer) {
      throw new TypeError('fetch failed');
    }
    return answer(url);
  }) as typeof fetch;
  return { calls, fetchFake };
}

const request = { method: 'GET', path: '/v1/fares?origin=CDG', headers: { authorization: 'Bearer k' } };

describe('the console proxy', () => {
  it('follows a cross-region 307 to a known region with the Authorization header', async () => {
    const { calls, fetchFake } = network({
      'us.test': () => new Response('{}', { status: 307, headers: { location: 'http://eu.test/v1/fares?origin=CDG' } }),
      'eu.test': () => Response.json({ region: 'eu' }),
    });
    const response = await createUpstreamProxy({ timeoutMs: 1_000, fetch: fetchFake }).forward([us, eu], request);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ region: 'eu' });
    expect(calls).toEqual([
      { url: 'http://us.test/v1/fares?origin=CDG', authorization: 'Bearer k' },
      { url: 'http://eu.test/v1/fares?origin=CDG', authorization: 'Bearer k' },
    ]);
  });

  it('never sends the key to a host it was not configured with', async () => {
    const { calls, fetchFake } = network({
      'us.test': () => new Response('', { status: 307, headers: { location: 'http://evil.test/steal' } }),
    });
    const response = await createUpstreamProxy({ timeoutMs: 1_000, fetch: fetchFake }).forward([us, eu], request);
    expect(response.status).toBe(502);
    expect(JSON.parse(response.body.toString()).error.code).toBe('UPSTREAM_REDIRECT');
    expect(calls.map((call) => call.url)).toEqual(['http://us.test/v1/fares?origin=CDG']);
  });

  it('names the region that is down when its redirect target does not answer', async () => {
    const { fetchFake } = network({
      'us.test': () => new Response('', { status: 307, headers: { location: 'http://eu.test/v1/fares?origin=CDG' } }),
    });
    const response = await createUpstreamProxy({ timeoutMs: 1_000, fetch: fetchFake }).forward([us, eu], request);
    expect(response.status).toBe(502);
    expect(JSON.parse(response.body.toString()).error).toEqual({
      code: 'REGION_DOWN',
      message: 'the eu availability API does not answer (it may be down)',
    });
  });

  it('asks the other region when the first one does not answer', async () => {
    const { fetchFake } = network({ 'eu.test': () => Response.json({ region: 'eu' }) });
    const response = await createUpstreamProxy({ timeoutMs: 1_000, fetch: fetchFake }).forward([us, eu], request);
    expect(response.status).toBe(200);
  });
});
