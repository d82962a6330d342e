import { createOfferCodec, type Offer, OfferError } from '../../src';

const secret = 'offer-secret-for-tests-0123456789abcdef';
const offer: Offer = {
  cabin: 'ECONOMY',
  currency: 'USD',
  expiresAt: '2026-12-02T10:20:00.000Z',
  legs: [
    { flightId: 'DL207-2026-12-03-ATL-JFK', unitPrice: '450.36', observedAt: '2026-12-02T09:59:58.123Z' },
    { flightId: 'DL9-2026-12-03-JFK-BOS', unitPrice: '89.10', observedAt: '2026-12-02T09:58:00.000Z' },
  ],
};

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof OfferError ? `${error.code} ${error.field}` : String(error);
  }
  return undefined;
}

describe('offer ids', () => {
  const codec = createOfferCodec(secret);

  it('decode gives back exactly the offer that was encoded', () => {
    expect(codec.decode(codec.encode(offer), 'offerId')).toEqual(offer);
  });

  it('refuses an id with any one character changed, naming the field', () => {
    const id = codec.encode(offer);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 0; index < id.length; index += 1) {
      const char = id[index] ?? '';
      if (char === '.') {
        continue;
      }
      const other = alphabet[(alphabet.indexOf(char) + 1) % alphabet.length] ?? 'A';
      const tampered = `${id.slice(0, index)}${other}${id.slice(index + 1)}`;
      expect(codeOf(() => codec.decode(tampered, 'items.0.offerId'))).toBe('OFFER_INVALID items.0.offerId');
    }
  });

  it('refuses ids minted with another secret, truncated ids and garbage', () => {
    const foreign = createOfferCodec('another-secret-of-at-least-32-chars!').encode(offer);
    const id = codec.encode(offer);
    for (const bad of [foreign, id.slice(0, -1), id.split('.')[0] ?? '', '', 'x.y', `${id}.${id}`, '\u0000']) {
      expect(codeOf(() => codec.decode(bad, 'offerId'))).toBe('OFFER_INVALID offerId');
    }
  });

  it('refuses a signed payload that is not an offer', () => {
    // A payload signed with the right secret but of the wrong shape (as a bug or an old version would make).
    const signedBy = createOfferCodec(secret);
    const notAnOffer = { ...offer, legs: [] };
    expect(codeOf(() => codec.decode(signedBy.encode(notAnOffer), 'offerId'))).toBe('OFFER_INVALID offerId');
  });

  it('refuses a short secret at construction', () => {
    expect(() => createOfferCodec('short')).toThrow(RangeError);
  });
});
