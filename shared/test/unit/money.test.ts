import {
  addAmounts,
  compareAmounts,
  multiplyAmount,
  normalizeAmount,
  numberToAmount,
  roundAmount,
  subtractAmounts,
  toScaled,
} from '../../src/domain/money';

describe('money', () => {
  it('adds decimal strings exactly where floats would drift', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('19.99', '0.01', '100')).toBe('120.00');
  });

  it('subtracts into negative amounts', () => {
    expect(subtractAmounts('10.00', '12.345')).toBe('-2.345');
  });

  it('multiplies by whole seat counts only', () => {
    expect(multiplyAmount('129.90', 3)).toBe('389.70');
    expect(() => multiplyAmount('1.00', 1.5)).toThrow(RangeError);
  });

  it('compares by value, not by text', () => {
    expect(compareAmounts('9.5', '10')).toBe(-1);
    expect(compareAmounts('10.000', '10')).toBe(0);
    expect(compareAmounts('-1', '-2')).toBe(1);
  });

  it('rounds half away from zero', () => {
    expect(roundAmount('2.345', 2)).toBe('2.35');
    expect(roundAmount('-2.345', 2)).toBe('-2.35');
    expect(roundAmount('1999', 0)).toBe('1999');
  });

  it('normalizes to at least two decimals', () => {
    expect(normalizeAmount('7')).toBe('7.00');
    expect(normalizeAmount('7.125000')).toBe('7.125');
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['1e3', 'NaN', '', '1.2.3', ' 1', '12,50', '1.1234567']) {
      expect(() => toScaled(bad)).toThrow(RangeError);
    }
  });

  it('turns statistics back into amounts without float noise', () => {
    expect(numberToAmount(0.1 + 0.2)).toBe('0.30');
    expect(() => numberToAmount(Number.NaN)).toThrow(RangeError);
  });
});
