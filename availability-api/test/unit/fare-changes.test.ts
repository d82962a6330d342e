import { diffOfferedFares, offeredFares } from '../../src/domain/fare-changes';
import { buildFare } from '../support/fare-builder';

describe('diffOfferedFares', () => {
  const fare = buildFare({ origin: 'ORD', destination: 'DFW', departs: '2026-12-01T10:00', seatsAvailable: 5 });
  const other = buildFare({ flightNumber: '2', origin: 'ORD', destination: 'DFW', departs: '2026-12-01T12:00' });
  const before = offeredFares([fare, other]);

  it('offers only fares with a seat left', () => {
    expect([...offeredFares([fare, { ...other, seatsAvailable: 0 }]).values()]).toEqual([fare]);
  });

  it('reports nothing when nothing changed, and a change with its previous state otherwise', () => {
    expect(diffOfferedFares(before, offeredFares([fare, other]), [fare, other])).toEqual([]);
    const fewer = { ...fare, seatsAvailable: 4 };
    expect(diffOfferedFares(before, offeredFares([fewer, other]), [fewer, other])).toEqual([
      { type: 'change', fare: fewer, previous: fare },
    ]);
  });

  it('removes a fare that sold out (SOLD_OUT) or left the store (NOT_OFFERED), never sends it with 0 seats', () => {
    const gone = { ...fare, seatsAvailable: 0 };
    expect(diffOfferedFares(before, offeredFares([gone]), [gone])).toEqual([
      { type: 'removed', fare: gone, reason: 'SOLD_OUT' },
      { type: 'removed', fare: other, reason: 'NOT_OFFERED' },
    ]);
  });

  it('sends a fare that comes back as new (no previous)', () => {
    const back = offeredFares([fare]);
    expect(diffOfferedFares(offeredFares([]), back, [fare])).toEqual([{ type: 'change', fare }]);
  });
});
