import { computePriceBand, labelPrice } from '../../src/domain/price-band';

describe('price band', () => {
  const band = computePriceBand([40, 10, 30, 20, 50, 60, 70, 80])!;

  it('gives min, quartiles and max of comparable history', () => {
    expect(band).toMatchObject({ min: 10, max: 80, samples: 8 });
    expect(band.q1).toBeGreaterThanOrEqual(20);
    expect(band.q1).toBeLessThanOrEqual(30);
    expect(band.median).toBeGreaterThanOrEqual(40);
    expect(band.median).toBeLessThanOrEqual(50);
    expect(band.q3).toBeGreaterThanOrEqual(60);
    expect(band.q3).toBeLessThanOrEqual(70);
  });

  it('labels a price low, typical or high against the quartiles', () => {
    expect(labelPrice(15, band)).toBe('low');
    expect(labelPrice(45, band)).toBe('typical');
    expect(labelPrice(75, band)).toBe('high');
  });

  it('gives no band with too little history', () => {
    expect(computePriceBand([10, 20, 30])).toBeUndefined();
  });
});
