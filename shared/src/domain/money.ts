/**
 * Exact decimal money. Amounts travel as strings ("129.90") with an ISO 4217 currency and are
 * computed on as scaled BigInts, never floats.
 */
export interface Money {
  amount: string;
  currency: string;
}

export const DECIMAL_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Fixed internal scale; enough for every ISO 4217 minor unit and for averages. */
const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);

export function toScaled(amount: string): bigint {
  if (!DECIMAL_PATTERN.test(amount)) {
    throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  }
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const scaled = BigInt(whole) * FACTOR + BigInt(fraction.padEnd(SCALE, '0'));
  return negative ? -scaled : scaled;
}

/** Formats with at least `minFractionDigits` (2 by default) and no trailing zeros past that. */
export function fromScaled(value: bigint, minFractionDigits = 2): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  fraction = fraction.padEnd(minFractionDigits, '0');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function normalizeAmount(amount: string): string {
  return fromScaled(toScaled(amount));
}

export function compareAmounts(a: string, b: string): number {
  const diff = toScaled(a) - toScaled(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

export function addAmounts(...amounts: string[]): string {
  return fromScaled(amounts.reduce((sum, amount) => sum + toScaled(amount), 0n));
}

export function subtractAmounts(a: string, b: string): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

export function multiplyAmount(amount: string, times: number): string {
  if (!Number.isInteger(times)) {
    throw new RangeError(`multiplier must be an integer, got ${times}`);
  }
  return fromScaled(toScaled(amount) * BigInt(times));
}

/** Rounds half away from zero to `digits` decimals (for display in a currency's minor unit). */
export function roundAmount(amount: string, digits: number): string {
  const unit = 10n ** BigInt(SCALE - digits);
  const scaled = toScaled(amount);
  const half = unit / 2n;
  const rounded = scaled >= 0n ? ((scaled + half) / unit) * unit : -(((-scaled + half) / unit) * unit);
  return fromScaled(rounded, digits);
}

/** For statistics only (forecasts, bands); never for amounts that are charged or stored as money. */
export function amountToNumber(amount: string): number {
  return Number(amount);
}

/** Converts a statistic back to an amount string with `digits` decimals. */
export function numberToAmount(value: number, digits = 2): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`not a finite number: ${value}`);
  }
  return roundAmount(value.toFixed(SCALE), digits);
}
