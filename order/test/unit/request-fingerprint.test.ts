import { canonicalJson, fingerprintRequest } from '../../src/domain/request-fingerprint';

describe('fingerprintRequest', () => {
  it('is the same for the same content in another key order', () => {
    const a = { type: 'instant', items: [{ flightId: 'X', cabin: 'ECONOMY' }], contact: { email: 'a@b.c' } };
    const b = { contact: { email: 'a@b.c' }, items: [{ cabin: 'ECONOMY', flightId: 'X' }], type: 'instant' };
    expect(fingerprintRequest(a).equals(fingerprintRequest(b))).toBe(true);
    expect(canonicalJson(b)).toBe(
      '{"contact":{"email":"a@b.c"},"items":[{"cabin":"ECONOMY","flightId":"X"}],"type":"instant"}',
    );
  });

  it('differs when any value or the order of items differs', () => {
    const base = { items: [1, 2], name: 'Doe' };
    expect(fingerprintRequest(base).equals(fingerprintRequest({ items: [2, 1], name: 'Doe' }))).toBe(false);
    expect(fingerprintRequest(base).equals(fingerprintRequest({ items: [1, 2], name: 'Doh' }))).toBe(false);
  });
});
