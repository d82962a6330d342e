import { estimateDemand } from '../../src/domain/demand-model';

describe('demand model', () => {
  it('projects the pace of seats falling between observations over the days left', () => {
    const seats = [
      { day: 90, seatsAvailable: 100 },
      { day: 92, seatsAvailable: 96 },
      { day: 94, seatsAvailable: 97 }, // a release: not negative demand
      { day: 100, seatsAvailable: 90 },
    ];
    const demand = estimateDemand({ asOfDay: 100, departureDay: 110, seats, orders: [], windowDays: 14 });
    // 4 + 7 seats booked over 10 days = 1.1 a day, for 10 days left.
    expect(demand.dailyRate).toBeCloseTo(1.1, 6);
    expect(demand.expectedBookings).toBeCloseTo(11, 6);
    expect(demand.basis).toBe('seats');
    expect(demand.low).toBeLessThan(11);
    expect(demand.high).toBeGreaterThan(11);
  });

  it('uses our own orders when they show a faster pace, and never exceeds the seats left', () => {
    const seats = [
      { day: 95, seatsAvailable: 6 },
      { day: 100, seatsAvailable: 5 },
    ];
    const orders = [{ day: 99, seats: 14 }];
    const demand = estimateDemand({ asOfDay: 100, departureDay: 130, seats, orders, windowDays: 14 });
    expect(demand.dailyRate).toBeCloseTo(1, 6);
    expect(demand.expectedBookings).toBe(5);
    expect(demand.basis).toBe('seats+orders');
  });

  it('expects nothing without any history', () => {
    expect(estimateDemand({ asOfDay: 1, departureDay: 5, seats: [], orders: [], windowDays: 14 })).toMatchObject({
      expectedBookings: 0,
      basis: 'none',
    });
  });
});
