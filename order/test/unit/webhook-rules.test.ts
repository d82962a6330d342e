import { signWebhook, verifyWebhook, webhookHeaders } from '@fareflow/shared';

import { createWebhookSecretBox } from '../../src/adapters/webhook-secret-box';
import { loadOrderConfig } from '../../src/config';
import { planOutcome } from '../../src/domain/webhook-delivery';
import { classifyAddress, refuseAddress } from '../../src/domain/webhook-url-policy';

const strict = { allowHttpLoopback: false, allowPrivateNetworks: false };
const local = { allowHttpLoopback: true, allowPrivateNetworks: false };

describe('webhook URL policy', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.10.0.3', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.20.1.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'private'],
    ['fd00::1', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['0.0.0.0', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['::', 'forbidden'],
  ])('classes %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('allows http only to loopback and only when configured; https to loopback only when configured', () => {
    expect(refuseAddress('https:', '93.184.216.34', strict)).toBeUndefined();
    expect(refuseAddress('http:', '93.184.216.34', local)).toMatch(/loopback only/);
    expect(refuseAddress('http:', '127.0.0.1', strict)).toMatch(/use https/);
    expect(refuseAddress('http:', '127.0.0.1', local)).toBeUndefined();
    expect(refuseAddress('https:', '127.0.0.1', strict)).toMatch(/loopback/);
    expect(refuseAddress('https:', '10.0.0.1', local)).toMatch(/private/);
    expect(refuseAddress('https:', '10.0.0.1', { ...strict, allowPrivateNetworks: true })).toBeUndefined();
  });
});

describe('Standard Webhooks signatures', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('matches the specification example', () => {
    // From the Standard Webhooks reference libraries' tests.
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own headers and refuses a changed body or id', () => {
    const headers = webhookHeaders(secret, 'evt-1', '{"a":1}');
    expect(verifyWebhook(secret, { ...headers }, '{"a":1}').isValid).toBe(true);
    expect(verifyWebhook(secret, { ...headers }, '{"a":2}').isValid).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-id': 'evt-2' }, '{"a":1}').isValid).toBe(false);
  });
});

describe('webhook delivery rules', () => {
  const delivery = {
    deliveryId: 'd',
    attemptNo: 3,
    giveUpAt: new Date('2026-12-02T12:00:00Z'),
    eventId: 'e',
    eventType: 'order.confirmed',
    eventData: {},
    eventCreatedAt: new Date('2026-12-01T12:00:00Z'),
    endpointId: 'x',
    url: 'https://example.com',
    secretCiphertext: '',
  };

  it('retries a failure after the backoff of its attempt number, and gives up past the window', () => {
    const attemptedAt = new Date('2026-12-02T11:00:00Z');
    const backoff = (attempt: number) => attempt * 1_000;
    expect(planOutcome(delivery, { attemptedAt, durationMs: 0, statusCode: 204 }, backoff).kind).toBe('succeeded');
    expect(planOutcome(delivery, { attemptedAt, durationMs: 0, statusCode: 500 }, backoff)).toMatchObject({
      kind: 'retry',
      nextAttemptAt: new Date(attemptedAt.getTime() + 3_000),
    });
    const late = new Date('2026-12-02T11:59:59Z');
    expect(planOutcome(delivery, { attemptedAt: late, durationMs: 0, error: 'timeout' }, backoff).kind).toBe('failed');
    expect(planOutcome(delivery, { attemptedAt, durationMs: 0, statusCode: 301 }, backoff).kind).toBe('retry');
  });

  it('keeps secrets sealed under the key and bound to their endpoint', () => {
    const box = createWebhookSecretBox('a key of at least thirty-two characters!');
    const sealed = box.seal('endpoint-1', 'whsec_abc');
    expect(sealed).not.toContain('abc');
    expect(box.open('endpoint-1', sealed)).toBe('whsec_abc');
    expect(() => box.open('endpoint-2', sealed)).toThrow();
    expect(() => createWebhookSecretBox('another key of thirty-two characters!!').open('endpoint-1', sealed)).toThrow();
  });

  it('refuses a lease shorter than a batch of timeouts, and defaults to https only', () => {
    const env = { OFFER_SECRET: 'x'.repeat(40) };
    expect(loadOrderConfig(env)).toMatchObject({
      WEBHOOK_ALLOW_HTTP_LOOPBACK: false,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
    });
    expect(() => loadOrderConfig({ ...env, WEBHOOK_LEASE_MS: '1000', WEBHOOK_TIMEOUT_MS: '1000' })).toThrow(
      /WEBHOOK_LEASE_MS/,
    );
  });
});
